"""Rows the care-centre services return and screens render: rooms, inventory, inspections, hazards."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolcare.domain.readiness import RECHECK_PREFIX
from schoolcare.domain.settings import Label


@dataclass(frozen=True)
class RoomRow:
    id: int
    kind: str
    kind_label: Label | None  # None when centre.yaml no longer has the kind
    name: str
    area_m2: float
    person_in_charge_id: int | None
    person_in_charge: str


@dataclass(frozen=True)
class InventoryLine:
    """One piece of equipment a room's kind needs, and how many the room holds."""

    item: str
    label: Label
    need: int
    held: int
    note: str = ""

    @property
    def short(self) -> int:
        return max(0, self.need - self.held)


@dataclass(frozen=True)
class InspectionLine:
    key: str
    section: str
    label: Label
    section_label: Label | None
    need: int | None  # equipment: required count
    held: int | None  # equipment: count in the inventory
    state: str | None  # None until checked
    note: str
    severity: str | None  # for a finding; None = the default for the kind
    open_hazard_id: int | None  # an open hazard this item already has


@dataclass(frozen=True)
class InspectionSummary:
    id: int
    kind: str  # room | safety
    room_id: int | None
    room_name: str
    started_at: dt.datetime
    started_by: str
    signed_at: dt.datetime | None
    signed_by: str
    items: int
    checked: int
    findings: int  # missing or broken
    note: str = ""

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_recheck(self) -> bool:
        """A one-item re-check made from the hazard ledger (not a full walk of the checklist)."""
        return self.note.startswith(RECHECK_PREFIX)


@dataclass(frozen=True)
class InspectionSheet:
    """An inspection with every line, ready to walk with the keyboard."""

    summary: InspectionSummary
    lines: tuple[InspectionLine, ...]

    @property
    def unchecked(self) -> tuple[InspectionLine, ...]:
        return tuple(line for line in self.lines if line.state is None)


@dataclass(frozen=True)
class SignOffResult:
    inspection_id: int
    opened: tuple[int, ...]  # new hazards
    still_open: tuple[int, ...]  # findings that already had an open hazard
    closed: tuple[int, ...]  # hazards this re-check found fixed


@dataclass(frozen=True)
class HazardRow:
    id: int
    kind: str  # room | safety
    room_id: int | None
    room_name: str
    item: str
    item_label: Label | None  # from the template; None if the template dropped the item
    description: str  # as recorded at sign-off, in the school's language
    severity: str
    owner_id: int | None
    owner: str
    found_on: dt.date
    deadline: dt.date
    closed_on: dt.date | None
    closed_by: str
    note: str
    deadline_reason: str
    status: str  # open | overdue | closed
    days_left: int  # negative once overdue
    inspection_id: int | None


@dataclass(frozen=True)
class HazardSummary:
    open: int  # still open, overdue ones included
    overdue: int
    closed: int
    oldest_overdue: dt.date | None = None  # the earliest deadline missed
