"""The hazard ledger (限期整改台账): open, overdue and closed hazards, owners, deadlines, closing by re-check."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow, HazardSummary, SignOffResult
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Label, Settings
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.centre import inspections
from schoolcare.services.centre.rooms import check_staff
from schoolcare.services.errors import NotFound, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import Hazard, Room, Staff

STATUSES = ("open", "overdue", "closed", "all")  # "open" includes the overdue ones


def _labels(settings: Settings) -> tuple[dict[tuple[str, str], Label], dict[str, Label]]:
    """Item labels: (room kind, key) for room items, key for safety items."""
    room_items = {
        (kind.id, line.key): line.label
        for kind in settings.centre.room_kinds
        for line in rd.room_checklist(kind, settings.centre)
    }
    safety_items = {line.key: line.label for line in rd.safety_checklist(settings.safety)}
    return room_items, safety_items


def _query(actor: Actor) -> pw.ModelSelect:
    owner, closer = Staff.alias(), Staff.alias()
    return (
        Hazard.select(
            Hazard, Room.name.alias("room_name"), Room.kind.alias("room_kind"),
            owner.name.alias("owner_name"), closer.name.alias("closer_name"),
        )
        .join(Room, pw.JOIN.LEFT_OUTER, on=(Hazard.room == Room.id))
        .switch(Hazard).join(owner, pw.JOIN.LEFT_OUTER, on=(Hazard.owner == owner.id))
        .switch(Hazard).join(closer, pw.JOIN.LEFT_OUTER, on=(Hazard.closed_by == closer.id))
        .where(Hazard.school == actor.school_id)
    )


def _rows(settings: Settings, query, today: dt.date) -> list[HazardRow]:
    room_items, safety_items = _labels(settings)
    rows = []
    for h in query.objects():
        kind = rd.ROOM if h.room_id else rd.SAFETY
        item_label = room_items.get((h.room_kind, h.item)) if h.room_id else safety_items.get(h.item)
        rows.append(HazardRow(
            h.id, kind, h.room_id, h.room_name or "", h.item, item_label, h.description, h.severity,
            h.owner_id, h.owner_name or "", h.found_on, h.deadline, h.closed_on, h.closer_name or "",
            h.note, h.deadline_reason, rd.hazard_status(h.deadline, h.closed_on, today),
            rd.days_left(h.deadline, today), h.inspection_id,
        ))
    return rows


def list_hazards(actor: Actor, settings: Settings, status: str = "open", *, today: dt.date | None = None,
                 found_from: dt.date | None = None, found_to: dt.date | None = None) -> list[HazardRow]:
    """The ledger: overdue first, then by deadline; closed ones newest first."""
    require(actor, Permission.VIEW_CENTRE)
    if status not in STATUSES:
        raise ValidationError("centre.choice", "status", allowed=", ".join(STATUSES), value=str(status))
    today = today or clock.today()
    query = _query(actor)
    if status == "open":
        query = query.where(Hazard.closed_on.is_null())
    elif status == "overdue":
        query = query.where(Hazard.closed_on.is_null() & (Hazard.deadline < today))
    elif status == "closed":
        query = query.where(Hazard.closed_on.is_null(False))
    if found_from is not None:
        query = query.where(Hazard.found_on >= found_from)
    if found_to is not None:
        query = query.where(Hazard.found_on <= found_to)
    # Open before closed; among open ones the nearest (or most overdue) deadline first.
    query = query.order_by(Hazard.closed_on.is_null(False), Hazard.deadline, Hazard.id)
    rows = _rows(settings, query, today)
    closed = sorted((r for r in rows if r.closed_on), key=lambda r: (r.closed_on, r.id), reverse=True)
    return [r for r in rows if not r.closed_on] + closed


def get_hazard(actor: Actor, settings: Settings, hazard_id: int, today: dt.date | None = None) -> HazardRow:
    require(actor, Permission.VIEW_CENTRE)
    rows = _rows(settings, _query(actor).where(Hazard.id == hazard_id), today or clock.today())
    if not rows:
        raise NotFound("centre.hazard_not_found", "hazard", id=hazard_id)
    return rows[0]


def summary(actor: Actor, today: dt.date | None = None, *, found_from: dt.date | None = None,
            found_to: dt.date | None = None) -> HazardSummary:
    """Open, overdue and closed counts in one query (home screens, the term report)."""
    require(actor, Permission.VIEW_CENTRE)
    today = today or clock.today()
    is_open = Hazard.closed_on.is_null()
    overdue = is_open & (Hazard.deadline < today)
    where = Hazard.school == actor.school_id
    if found_from is not None:
        where &= Hazard.found_on >= found_from
    if found_to is not None:
        where &= Hazard.found_on <= found_to
    row = Hazard.select(
        pw.fn.SUM(pw.Case(None, [(is_open, 1)], 0)).alias("open"),
        pw.fn.SUM(pw.Case(None, [(overdue, 1)], 0)).alias("overdue"),
        pw.fn.SUM(pw.Case(None, [(~is_open, 1)], 0)).alias("closed"),
        pw.fn.MIN(pw.Case(None, [(overdue, Hazard.deadline)], None)).alias("oldest"),
    ).where(where).dicts().get()
    oldest = row["oldest"]
    if isinstance(oldest, str):  # a CASE expression comes back unconverted from SQLite
        oldest = dt.date.fromisoformat(oldest[:10])
    return HazardSummary(int(row["open"] or 0), int(row["overdue"] or 0), int(row["closed"] or 0), oldest)


def _for_write(actor: Actor, hazard_id: int) -> Hazard:
    hazard = Hazard.get_or_none((Hazard.id == hazard_id) & (Hazard.school == actor.school_id))
    if hazard is None:
        raise NotFound("centre.hazard_not_found", "hazard", id=hazard_id)
    if hazard.closed_on is not None:
        raise ValidationError("centre.hazard_closed", "hazard", closed_on=hazard.closed_on.isoformat())
    return hazard


def assign_owner(actor: Actor, hazard_id: int, staff_id: int) -> None:
    """Make a member of staff responsible for rectifying the hazard."""
    require(actor, Permission.MANAGE_CENTRE)
    with writing():
        hazard = _for_write(actor, hazard_id)
        check_staff(actor, staff_id, "owner")
        if hazard.owner_id == staff_id:
            return
        Hazard.update(owner=staff_id).where(Hazard.id == hazard.id).execute()
        audit.record(actor, "update", "hazard", hazard.id, changes={"owner": [hazard.owner_id, staff_id]})


def change_deadline(actor: Actor, hazard_id: int, deadline: dt.date, reason: str) -> None:
    """Move a rectification deadline; the reason is kept on the hazard and in the audit trail."""
    require(actor, Permission.MANAGE_CENTRE)
    reason = visible(reason, "reason").strip()
    if not reason:
        raise ValidationError("centre.deadline_reason", "reason")
    if not isinstance(deadline, dt.date):
        raise ValidationError("date_format", "deadline")
    with writing():
        hazard = _for_write(actor, hazard_id)
        if deadline < hazard.found_on:
            raise ValidationError("centre.deadline_before_found", "deadline", found=hazard.found_on.isoformat())
        if deadline == hazard.deadline:
            return
        Hazard.update(deadline=deadline, deadline_reason=reason).where(Hazard.id == hazard.id).execute()
        audit.record(actor, "update", "hazard", hazard.id,
                     changes={**audit.diff({"deadline": hazard.deadline}, {"deadline": deadline}), "reason": reason})


def recheck(actor: Actor, settings: Settings, hazard_id: int, state: str = rd.OK, note: str = "") -> SignOffResult:
    """Re-check one hazard's item (a signed one-item inspection): found ok, the hazard closes."""
    require(actor, Permission.MANAGE_CENTRE)
    hazard = _for_write(actor, hazard_id)
    kind = rd.ROOM if hazard.room_id else rd.SAFETY
    return inspections.recheck_item(actor, settings, kind, hazard.room_id, hazard.item, state, note)
