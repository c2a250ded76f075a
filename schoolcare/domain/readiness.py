"""Care-centre readiness arithmetic: checklists from the templates, per-room and centre percentages, area, hazard deadlines."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from schoolcare.domain.settings import CentreTemplate, Label, RoomKind, SafetyTemplate

# What an inspector records for each item.
OK, MISSING, BROKEN, NA = "ok", "missing", "broken", "na"
STATES = (OK, MISSING, BROKEN, NA)
FINDINGS = (MISSING, BROKEN)  # states that become a hazard at sign-off

# Sections of a room inspection; a safety inspection uses the safety.yaml section ids.
EQUIPMENT, SIX_HAVES = "equipment", "six_haves"
ROOM, SAFETY = "room", "safety"  # the two kinds of inspection
RECHECK_PREFIX = "re-check: "  # Inspection.note of a one-item re-check made from the hazard ledger

# Why an item keeps a room from being ready.
SHORT = "short"  # fewer held than the template needs
UNCHECKED = "unchecked"  # a six-have no signed-off inspection has seen yet

# A missing printer can wait a month; a safety finding gets the stricter deadline.
DEFAULT_SEVERITY = {ROOM: "low", SAFETY: "medium"}
FALLBACK_DEADLINE_DAYS = 14

# Hazard ledger states.
OPEN, OVERDUE, CLOSED = "open", "overdue", "closed"


@dataclass(frozen=True)
class ChecklistLine:
    """One item an inspection walks through."""

    key: str  # what InspectionItem.item and Hazard.item hold
    section: str  # equipment | six_haves | a safety section id
    label: Label
    need: int | None = None  # required count, for equipment only


def room_checklist(kind: RoomKind, centre: CentreTemplate) -> tuple[ChecklistLine, ...]:
    """A room's equipment (with counts) then the six haves, in template order."""
    lines = [ChecklistLine(e.id, EQUIPMENT, e.name, e.count) for e in kind.equipment]
    taken = {line.key for line in lines}
    for have in centre.six_haves:
        # Keys are unique per inspection; a six-have sharing an equipment id gets a prefix, deterministically.
        key = have.id if have.id not in taken else f"{SIX_HAVES}.{have.id}"
        lines.append(ChecklistLine(key, SIX_HAVES, have.text))
    return tuple(lines)


def safety_checklist(safety: SafetyTemplate) -> tuple[ChecklistLine, ...]:
    return tuple(
        ChecklistLine(item.id, section.id, item.text) for section in safety.sections for item in section.items
    )


def safety_section_label(safety: SafetyTemplate, section_id: str) -> Label | None:
    for section in safety.sections:
        if section.id == section_id:
            return section.name
    return None


@dataclass(frozen=True)
class Check:
    """An item's state as the latest signed-off inspection found it."""

    state: str
    note: str = ""
    on: dt.date | None = None


@dataclass(frozen=True)
class Shortfall:
    """Something keeping a room from 100%: what, why, and how far short."""

    key: str
    label: Label
    reason: str  # missing | broken | short | unchecked
    need: int | None = None
    held: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RoomReadiness:
    room_id: int
    name: str
    kind: str
    kind_label: Label
    area_m2: float
    person_in_charge: str
    last_inspected: dt.date | None
    score: float  # items ready, fractional for equipment held short
    counted: int  # items that count (not marked n.a.)
    shortfalls: tuple[Shortfall, ...]

    @property
    def percent(self) -> float | None:
        return 100.0 * self.score / self.counted if self.counted else None


def item_score(line: ChecklistLine, check: Check | None, held: int) -> tuple[float | None, Shortfall | None]:
    """How ready one item is (0..1; None = not applicable) and why it falls short.

    Equipment counts as the inventory holds it, capped at the need, unless the
    latest inspection found it missing or broken; a six-have only counts once an
    inspection has seen it.
    """
    state = check.state if check else None
    note = check.note if check else ""
    if state == NA:
        return None, None
    if state in FINDINGS:
        return 0.0, Shortfall(line.key, line.label, state, line.need, held if line.need else None, note)
    if line.need:
        fraction = min(held, line.need) / line.need
        if fraction < 1:
            return fraction, Shortfall(line.key, line.label, SHORT, line.need, held, note)
        return 1.0, None
    if state == OK:
        return 1.0, None
    return 0.0, Shortfall(line.key, line.label, UNCHECKED)


def room_readiness(
    room_id: int,
    name: str,
    kind: RoomKind,
    centre: CentreTemplate,
    checks: Mapping[str, Check],
    inventory: Mapping[str, int],
    *,
    area_m2: float = 0.0,
    person_in_charge: str = "",
) -> RoomReadiness:
    score, counted, shortfalls = 0.0, 0, []
    for line in room_checklist(kind, centre):
        value, shortfall = item_score(line, checks.get(line.key), inventory.get(line.key, 0))
        if value is None:
            continue
        score += value
        counted += 1
        if shortfall:
            shortfalls.append(shortfall)
    dates = [c.on for c in checks.values() if c.on]
    return RoomReadiness(
        room_id, name, kind.id, kind.name, area_m2, person_in_charge,
        max(dates) if dates else None, score, counted, tuple(shortfalls),
    )


@dataclass(frozen=True)
class AreaCheck:
    total_m2: float
    min_m2: float

    @property
    def ok(self) -> bool:
        return self.total_m2 >= self.min_m2

    @property
    def short_by(self) -> float:
        return max(0.0, self.min_m2 - self.total_m2)


@dataclass(frozen=True)
class CentreReadiness:
    """The centre as a whole: its rooms, required rooms it lacks, and its floor area."""

    rooms: tuple[RoomReadiness, ...]
    missing_kinds: tuple[RoomKind, ...]  # required by centre.yaml, no such room yet
    area: AreaCheck

    @property
    def percent(self) -> float | None:
        """The mean of the rooms' percentages, a missing required room counting 0%."""
        values = [r.percent for r in self.rooms if r.percent is not None]
        values += [0.0] * len(self.missing_kinds)
        return sum(values) / len(values) if values else None

    @property
    def ready(self) -> bool:
        return self.percent is not None and self.percent >= 100.0 - 1e-9 and self.area.ok


def centre_readiness(
    rooms: list[RoomReadiness] | tuple[RoomReadiness, ...], centre: CentreTemplate
) -> CentreReadiness:
    present = {room.kind for room in rooms}
    missing = tuple(centre.room_kind(k) for k in centre.required_rooms if k not in present)
    area = AreaCheck(sum(room.area_m2 for room in rooms), centre.min_area_m2)
    return CentreReadiness(tuple(rooms), missing, area)


# -- hazards (限期整改) ---------------------------------------------------------


def deadline_for(found_on: dt.date, severity: str, deadline_days: Mapping[str, int]) -> dt.date:
    """The rectification deadline: the day found plus safety.yaml's days for that severity."""
    return found_on + dt.timedelta(days=deadline_days.get(severity, FALLBACK_DEADLINE_DAYS))


def hazard_status(deadline: dt.date, closed_on: dt.date | None, today: dt.date) -> str:
    """closed once a re-check closed it; overdue from the day after the deadline; open before."""
    if closed_on is not None:
        return CLOSED
    return OVERDUE if today > deadline else OPEN


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline (0 on the day, negative once overdue)."""
    return (deadline - today).days
