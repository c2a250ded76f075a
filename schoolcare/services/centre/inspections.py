"""Inspections of a room or of the safety checklist: walk the items, resume, sign off; findings become hazards."""
from __future__ import annotations

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import InspectionLine, InspectionSheet, InspectionSummary, SignOffResult
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import SEVERITIES, Label, Settings
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.centre.rooms import kind_of
from schoolcare.services.errors import NotFound, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import Hazard, Inspection, InspectionItem, Room, RoomEquipment, Staff

KINDS = (rd.ROOM, rd.SAFETY)


def checklist(settings: Settings, kind: str, room_kind: str | None = None) -> tuple[rd.ChecklistLine, ...]:
    if kind == rd.SAFETY:
        return rd.safety_checklist(settings.safety)
    return rd.room_checklist(kind_of(settings, room_kind or ""), settings.centre)


def _target(actor: Actor, kind: str, room_id: int | None) -> Room | None:
    if kind not in KINDS:
        raise ValidationError("centre.inspection_kind", "kind", kind=str(kind))
    if kind == rd.SAFETY:
        return None
    if room_id is None:
        raise ValidationError("centre.room_needed", "room")
    room = Room.get_or_none((Room.id == room_id) & (Room.school == actor.school_id))
    if room is None:
        raise NotFound("centre.room_not_found", "room", id=room_id)
    return room


def _unfinished_query(actor: Actor, kind: str, room_id: int | None) -> pw.ModelSelect:
    query = Inspection.select().where(
        (Inspection.school == actor.school_id) & (Inspection.kind == kind) & Inspection.signed_at.is_null()
    )
    room_clause = Inspection.room.is_null() if room_id is None else (Inspection.room == room_id)
    return query.where(room_clause).order_by(Inspection.id.desc())


def find_unfinished(actor: Actor, kind: str, room_id: int | None = None) -> int | None:
    """The unsigned inspection of this room (or of the safety checklist) to resume, if any."""
    require(actor, Permission.VIEW_CENTRE)
    found = _unfinished_query(actor, kind, room_id if kind == rd.ROOM else None).first()
    return found.id if found else None


def start_inspection(actor: Actor, settings: Settings, kind: str, room_id: int | None = None) -> int:
    """A new inspection with every template item unchecked; an unfinished one of the same target is resumed instead."""
    require(actor, Permission.MANAGE_CENTRE)
    with writing():
        room = _target(actor, kind, room_id)
        existing = _unfinished_query(actor, kind, room.id if room else None).first()
        if existing is not None:
            return existing.id
        inspection = Inspection.create(
            school=actor.school_id, kind=kind, room=room, started_at=clock.now(), started_by=actor.staff_id,
        )
        lines = checklist(settings, kind, room.kind if room else None)
        InspectionItem.insert_many(
            [{"inspection": inspection.id, "item": line.key, "section": line.section} for line in lines]
        ).execute()
        audit.record(actor, "create", "inspection", inspection.id,
                     changes={"kind": kind, "room": room.id if room else None, "items": len(lines)})
    return inspection.id


def _summaries(actor: Actor) -> pw.ModelSelect:
    starter, signer = Staff.alias(), Staff.alias()
    counts = (
        InspectionItem.select(
            InspectionItem.inspection,
            pw.fn.COUNT(InspectionItem.id).alias("n"),
            pw.fn.COUNT(InspectionItem.state).alias("checked"),
            pw.fn.SUM(pw.Case(None, [(InspectionItem.state.in_(rd.FINDINGS), 1)], 0)).alias("findings"),
        )
        .group_by(InspectionItem.inspection)
        .alias("counts")
    )
    return (
        Inspection.select(
            Inspection, Room.name.alias("room_name"), starter.name.alias("starter_name"),
            signer.name.alias("signer_name"), counts.c.n, counts.c.checked, counts.c.findings,
        )
        .join(Room, pw.JOIN.LEFT_OUTER, on=(Inspection.room == Room.id))
        .switch(Inspection).join(starter, pw.JOIN.LEFT_OUTER, on=(Inspection.started_by == starter.id))
        .switch(Inspection).join(signer, pw.JOIN.LEFT_OUTER, on=(Inspection.signed_by == signer.id))
        .switch(Inspection).join(counts, pw.JOIN.LEFT_OUTER, on=(counts.c.inspection_id == Inspection.id))
        .where(Inspection.school == actor.school_id)
    )


def _summary(row) -> InspectionSummary:
    return InspectionSummary(
        row.id, row.kind, row.room_id, row.room_name or "", row.started_at, row.starter_name or "",
        row.signed_at, row.signer_name or "", row.n or 0, row.checked or 0, int(row.findings or 0), row.note,
    )


def history(actor: Actor, *, kind: str | None = None, room_id: int | None = None,
            unfinished_only: bool = False, limit: int = 200) -> list[InspectionSummary]:
    """Inspections newest first: signed ones are the centre's history, unsigned ones can be resumed."""
    require(actor, Permission.VIEW_CENTRE)
    query = _summaries(actor).order_by(Inspection.started_at.desc(), Inspection.id.desc()).limit(limit)
    if kind is not None:
        query = query.where(Inspection.kind == kind)
    if room_id is not None:
        query = query.where(Inspection.room == room_id)
    if unfinished_only:
        query = query.where(Inspection.signed_at.is_null())
    return [_summary(row) for row in query.objects()]


def _inspection(actor: Actor, inspection_id: int) -> Inspection:
    found = Inspection.get_or_none((Inspection.id == inspection_id) & (Inspection.school == actor.school_id))
    if found is None:
        raise NotFound("centre.inspection_not_found", "inspection", id=inspection_id)
    return found


def _open_hazards(actor: Actor, inspection: Inspection) -> dict[str, Hazard]:
    """Open hazards on the same room (or the safety checklist), by item: what a re-check may close."""
    where = (Hazard.school == actor.school_id) & Hazard.closed_on.is_null()
    where &= Hazard.room.is_null() if inspection.room_id is None else (Hazard.room == inspection.room_id)
    return {h.item: h for h in Hazard.select().where(where).order_by(Hazard.id)}


def sheet(actor: Actor, settings: Settings, inspection_id: int) -> InspectionSheet:
    """The inspection with every line: label, need and inventory count, state, note, any open hazard."""
    require(actor, Permission.VIEW_CENTRE)
    row = _summaries(actor).where(Inspection.id == inspection_id).objects().first()
    if row is None:
        raise NotFound("centre.inspection_not_found", "inspection", id=inspection_id)
    room = Room.get_by_id(row.room_id) if row.room_id else None
    template = {line.key: line for line in checklist(settings, row.kind, room.kind if room else None)}
    held = {e.item: e.count for e in RoomEquipment.select().where(RoomEquipment.room == row.room_id)} if room else {}
    hazards = _open_hazards(actor, row)
    lines = []
    for item in InspectionItem.select().where(InspectionItem.inspection == row.id).order_by(InspectionItem.id):
        known = template.get(item.item)
        section_label = rd.safety_section_label(settings.safety, item.section) if row.kind == rd.SAFETY else None
        need = known.need if known else None
        hazard = hazards.get(item.item)
        lines.append(InspectionLine(
            item.item, item.section, known.label if known else Label(item.item, item.item), section_label,
            need, held.get(item.item, 0) if need else None, item.state, item.note, item.severity,
            hazard.id if hazard else None,
        ))
    return InspectionSheet(_summary(row), tuple(lines))


def set_item(actor: Actor, inspection_id: int, item: str, *, state: str | None = None,
             note: str | None = None, severity: str | None = None) -> None:
    """Record one item's state (ok / missing / broken / na), note or a finding's severity."""
    require(actor, Permission.MANAGE_CENTRE)
    if state is not None and state not in rd.STATES:
        raise ValidationError("centre.choice", "state", allowed=", ".join(rd.STATES), value=str(state))
    if severity is not None and severity not in SEVERITIES:
        raise ValidationError("centre.choice", "severity", allowed=", ".join(SEVERITIES), value=str(severity))
    with writing():
        inspection = _inspection(actor, inspection_id)
        if inspection.signed_at is not None:
            raise ValidationError("centre.inspection_signed", "inspection",
                                  signed_on=inspection.signed_at.date().isoformat())
        row = InspectionItem.get_or_none((InspectionItem.inspection == inspection.id) & (InspectionItem.item == item))
        if row is None:
            raise NotFound("centre.item_not_found", "item", item=item, id=inspection.id)
        before = {"state": row.state, "note": row.note, "severity": row.severity}
        after = dict(before)
        if state is not None:
            after["state"] = state
        if note is not None:
            after["note"] = visible(note, "note").strip()
        if severity is not None:
            after["severity"] = severity
        changes = audit.diff(before, after)
        if not changes:
            return
        InspectionItem.update(**after).where(InspectionItem.id == row.id).execute()
        audit.record(actor, "update", "inspection_item", row.id,
                     changes={"inspection": inspection.id, "item": item, **changes})


def discard(actor: Actor, inspection_id: int) -> None:
    """Drop an unfinished inspection started by mistake; signed ones are history and stay."""
    require(actor, Permission.MANAGE_CENTRE)
    with writing():
        inspection = _inspection(actor, inspection_id)
        if inspection.signed_at is not None:
            raise ValidationError("centre.inspection_history", "inspection")
        audit.record(actor, "delete", "inspection", inspection.id,
                     changes={"kind": inspection.kind, "room": inspection.room_id})
        inspection.delete_instance(recursive=True)


def sign_off(actor: Actor, settings: Settings, inspection_id: int) -> SignOffResult:
    """Sign the inspection off as the actor, now: findings open hazards, items found ok close theirs."""
    require(actor, Permission.MANAGE_CENTRE)
    with writing():
        inspection = _inspection(actor, inspection_id)
        if inspection.signed_at is not None:
            raise ValidationError("centre.already_signed", "inspection",
                                  signed_on=inspection.signed_at.date().isoformat())
        return _sign(actor, settings, inspection)


def _sign(actor: Actor, settings: Settings, inspection: Inspection) -> SignOffResult:
    """Inside the caller's transaction: sign, then turn findings into hazards and close what is fixed."""
    room = Room.get_by_id(inspection.room_id) if inspection.room_id else None
    items = list(InspectionItem.select().where(InspectionItem.inspection == inspection.id).order_by(InspectionItem.id))
    template = {line.key: line for line in checklist(settings, inspection.kind, room.kind if room else None)}
    label = lambda key: template[key].label.get(settings.language) if key in template else key  # noqa: E731
    unchecked = [label(i.item) for i in items if i.state is None]
    if unchecked:
        shown = "、".join(unchecked[:3]) + ("…" if len(unchecked) > 3 else "")
        raise ValidationError("centre.items_unchecked", "items", n=len(unchecked), items=shown)
    signed_at = clock.now()
    today = signed_at.date()
    Inspection.update(signed_at=signed_at, signed_by=actor.staff_id).where(Inspection.id == inspection.id).execute()
    audit.record(actor, "sign_off", "inspection", inspection.id, changes={"signed_at": signed_at})
    open_hazards = _open_hazards(actor, inspection)
    owner = (room.person_in_charge_id if room else None) or actor.staff_id
    opened, still_open, closed = [], [], []
    for item in items:
        hazard = open_hazards.get(item.item)
        if item.state in rd.FINDINGS and hazard is not None:
            still_open.append(hazard.id)
        elif item.state in rd.FINDINGS:
            severity = item.severity or rd.DEFAULT_SEVERITY[inspection.kind]
            where = (room.name + ("：" if settings.language != "en" else ": ")) if room else ""
            description = where + label(item.item) + (f" — {item.note}" if item.note else "")
            created = Hazard.create(
                school=actor.school_id, inspection=inspection.id, room=room, item=item.item,
                description=description, severity=severity, owner=owner, found_on=today,
                deadline=rd.deadline_for(today, severity, settings.safety.deadline_days), note=item.note,
            )
            audit.record(actor, "create", "hazard", created.id, changes={
                "item": item.item, "state": item.state, "severity": severity, "deadline": created.deadline,
            })
            opened.append(created.id)
        elif item.state == rd.OK and hazard is not None:
            Hazard.update(closed_on=today, closed_by=actor.staff_id, closing_inspection=inspection.id).where(
                Hazard.id == hazard.id
            ).execute()
            audit.record(actor, "close", "hazard", hazard.id, changes={"closed_on": today, "inspection": inspection.id})
            closed.append(hazard.id)
    return SignOffResult(inspection.id, tuple(opened), tuple(still_open), tuple(closed))


def recheck_item(actor: Actor, settings: Settings, kind: str, room_id: int | None, item: str,
                 state: str, note: str = "") -> SignOffResult:
    """A one-item inspection, signed at once: how the hazard ledger records that something was fixed."""
    require(actor, Permission.MANAGE_CENTRE)
    if state not in rd.STATES:
        raise ValidationError("centre.choice", "state", allowed=", ".join(rd.STATES), value=str(state))
    with writing():
        room = _target(actor, kind, room_id)
        line = {x.key: x for x in checklist(settings, kind, room.kind if room else None)}.get(item)
        inspection = Inspection.create(
            school=actor.school_id, kind=kind, room=room, started_at=clock.now(), started_by=actor.staff_id,
            note=f"{rd.RECHECK_PREFIX}{item}",
        )
        InspectionItem.create(inspection=inspection, item=item, section=line.section if line else "",
                              state=state, note=visible(note, "note").strip())
        audit.record(actor, "create", "inspection", inspection.id,
                     changes={"kind": kind, "room": room.id if room else None, "recheck": item, "state": state})
        return _sign(actor, settings, inspection)
