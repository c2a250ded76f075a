"""The care centre's rooms and what they hold, its floor area, and its readiness from inspections and inventory."""
from __future__ import annotations

import datetime as dt
import math

import peewee as pw

from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import InventoryLine, RoomRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Label, RoomKind, Settings
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.errors import NotFound, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.database import as_date, db
from schoolcare.store.models import Inspection, InspectionItem, Room, RoomEquipment, Staff


def kind_of(settings: Settings, kind_id: str) -> RoomKind:
    """The template for a room kind; a kind the config has since dropped keeps only the six haves."""
    try:
        return settings.centre.room_kind(kind_id)
    except KeyError:
        return RoomKind(kind_id, Label(kind_id, kind_id), ())


def _kind_label(settings: Settings, kind_id: str) -> Label | None:
    try:
        return settings.centre.room_kind(kind_id).name
    except KeyError:
        return None


def _rooms_query(actor: Actor) -> pw.ModelSelect:
    return (
        Room.select(Room, Staff.name.alias("person_name"))
        .join(Staff, pw.JOIN.LEFT_OUTER, on=(Room.person_in_charge == Staff.id))
        .where(Room.school == actor.school_id)
        .order_by(Room.id)
    )


def _row(settings: Settings, room) -> RoomRow:
    return RoomRow(
        room.id, room.kind, _kind_label(settings, room.kind), room.name, float(room.area_m2 or 0),
        room.person_in_charge_id, getattr(room, "person_name", None) or "",
    )


def list_rooms(actor: Actor, settings: Settings) -> list[RoomRow]:
    require(actor, Permission.VIEW_CENTRE)
    return [_row(settings, room) for room in _rooms_query(actor).objects()]


def get_room(actor: Actor, settings: Settings, room_id: int) -> RoomRow:
    require(actor, Permission.VIEW_CENTRE)
    room = _rooms_query(actor).where(Room.id == room_id).objects().first()
    if room is None:
        raise NotFound("centre.room_not_found", "room", id=room_id)
    return _row(settings, room)


def _room_for_write(actor: Actor, room_id: int) -> Room:
    room = Room.get_or_none((Room.id == room_id) & (Room.school == actor.school_id))
    if room is None:
        raise NotFound("centre.room_not_found", "room", id=room_id)
    return room


def _check_name(name: str) -> str:
    name = visible(name, "name").strip()
    if not name:
        raise ValidationError("required", "name")
    return name


def _check_area(area_m2) -> float:
    try:
        area = float(area_m2)
    except (TypeError, ValueError):
        raise ValidationError("centre.area_number", "area_m2", value=str(area_m2)) from None
    if not math.isfinite(area) or area < 0:
        raise ValidationError("centre.area_negative", "area_m2", value=str(area_m2))
    return area


def check_staff(actor: Actor, staff_id: int, field: str) -> int:
    """`staff_id` if it is an active member of the actor's school; else refused, named after `field`."""
    found = Staff.select().where(
        (Staff.id == staff_id) & (Staff.school == actor.school_id) & (Staff.active == True)  # noqa: E712
    ).exists()
    if not found:
        raise ValidationError("centre.no_staff", field, id=staff_id)
    return staff_id


def _check_person(actor: Actor, staff_id: int | None) -> int | None:
    return None if staff_id is None else check_staff(actor, staff_id, "person_in_charge")


def add_room(actor: Actor, settings: Settings, kind: str, name: str, area_m2=0.0,
             person_in_charge_id: int | None = None) -> int:
    require(actor, Permission.MANAGE_CENTRE)
    known = [k.id for k in settings.centre.room_kinds]
    if kind not in known:
        raise ValidationError("centre.room_kind", "kind", kind=kind, allowed=", ".join(known))
    fields = {"kind": kind, "name": _check_name(name), "area_m2": _check_area(area_m2)}
    with writing():
        fields["person_in_charge"] = _check_person(actor, person_in_charge_id)
        room = Room.create(school=actor.school_id, **fields)
        audit.record(actor, "create", "room", room.id, changes=fields)
    return room.id


_UNCHANGED = object()


def update_room(actor: Actor, room_id: int, *, name: str | None = None, area_m2=None,
                person_in_charge_id=_UNCHANGED) -> None:
    """Rename a room, correct its area, or change who is in charge (None: nobody)."""
    require(actor, Permission.MANAGE_CENTRE)
    after: dict[str, object] = {}
    if name is not None:
        after["name"] = _check_name(name)
    if area_m2 is not None:
        after["area_m2"] = _check_area(area_m2)
    with writing():
        room = _room_for_write(actor, room_id)
        if person_in_charge_id is not _UNCHANGED:
            after["person_in_charge"] = _check_person(actor, person_in_charge_id)  # type: ignore[arg-type]
        before = {"name": room.name, "area_m2": room.area_m2, "person_in_charge": room.person_in_charge_id}
        changes = audit.diff(before, after)
        if not changes:
            return
        Room.update(**after).where(Room.id == room.id).execute()
        audit.record(actor, "update", "room", room.id, changes=changes)


def remove_room(actor: Actor, room_id: int) -> None:
    """Remove a room entered by mistake; a room with inspections is history and stays."""
    require(actor, Permission.MANAGE_CENTRE)
    with writing():
        room = _room_for_write(actor, room_id)
        inspections = Inspection.select().where(Inspection.room == room.id).count()
        if inspections:
            raise ValidationError("centre.room_has_inspections", "room", room=room.name, n=inspections)
        audit.record(actor, "delete", "room", room.id, changes={"name": room.name, "kind": room.kind})
        room.delete_instance(recursive=True)


def inventory(actor: Actor, settings: Settings, room_id: int) -> list[InventoryLine]:
    """Every piece of equipment the room's kind needs, with how many the room holds."""
    room = get_room(actor, settings, room_id)
    held = {e.item: e for e in RoomEquipment.select().where(RoomEquipment.room == room.id)}
    return [
        InventoryLine(need.id, need.name, need.count, held[need.id].count if need.id in held else 0,
                      held[need.id].note if need.id in held else "")
        for need in kind_of(settings, room.kind).equipment
    ]


def set_held(actor: Actor, settings: Settings, room_id: int, item: str, count, note: str | None = None) -> None:
    """Record how many of one piece of equipment the room holds."""
    require(actor, Permission.MANAGE_CENTRE)
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError("centre.count_number", item, value=str(count)) from None
    if count < 0:
        raise ValidationError("centre.count_negative", item, value=str(count))
    with writing():
        room = _room_for_write(actor, room_id)
        needs = [e.id for e in kind_of(settings, room.kind).equipment]
        if item not in needs:
            raise ValidationError("centre.not_equipment", "item", item=item, kind=room.kind, allowed=", ".join(needs))
        row = RoomEquipment.get_or_none((RoomEquipment.room == room.id) & (RoomEquipment.item == item))
        before = {"count": row.count, "note": row.note} if row else {"count": 0, "note": ""}
        after = {"count": count, "note": before["note"] if note is None else visible(note, "note").strip()}
        changes = audit.diff(before, after)
        if not changes:
            return
        if row is None:
            row = RoomEquipment.create(room=room.id, item=item, **after)
        else:
            RoomEquipment.update(**after).where(RoomEquipment.id == row.id).execute()
        audit.record(actor, "update", "room_equipment", row.id, changes={"room": room.id, "item": item, **changes})


def total_area(actor: Actor) -> float:
    require(actor, Permission.VIEW_CENTRE)
    total = Room.select(pw.fn.SUM(Room.area_m2)).where(Room.school == actor.school_id).scalar()
    return float(total or 0)


def latest_checks(school_id: int, as_of: dt.date | None = None) -> dict[int, dict[str, rd.Check]]:
    """Each room item's state in the latest signed-off inspection that looked at it (one query)."""
    order = [Inspection.signed_at.desc(), Inspection.id.desc()]
    rank = pw.fn.ROW_NUMBER().over(partition_by=[Inspection.room, InspectionItem.item], order_by=order)
    where = (Inspection.school == school_id) & (Inspection.kind == rd.ROOM) & Inspection.signed_at.is_null(False)
    where &= InspectionItem.state.is_null(False)
    if as_of is not None:
        where &= Inspection.signed_at < dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    ranked = (
        InspectionItem.select(
            Inspection.room.alias("room_id"), InspectionItem.item.alias("item"), InspectionItem.state.alias("state"),
            InspectionItem.note.alias("note"), Inspection.signed_at.alias("signed_at"), rank.alias("rank"),
        )
        .join(Inspection)
        .where(where)
        .alias("ranked")
    )
    query = pw.Select([ranked], [ranked.c.room_id, ranked.c.item, ranked.c.state, ranked.c.note, ranked.c.signed_at])
    checks: dict[int, dict[str, rd.Check]] = {}
    for room_id, item, state, note, signed_at in query.where(ranked.c.rank == 1).bind(db).tuples():
        checks.setdefault(room_id, {})[item] = rd.Check(state, note or "", as_date(signed_at))
    return checks


def _held(school_id: int) -> dict[int, dict[str, int]]:
    query = (
        RoomEquipment.select(RoomEquipment.room, RoomEquipment.item, RoomEquipment.count)
        .join(Room)
        .where(Room.school == school_id)
        .tuples()
    )
    held: dict[int, dict[str, int]] = {}
    for room_id, item, count in query:
        held.setdefault(room_id, {})[item] = count
    return held


def readiness(actor: Actor, settings: Settings, as_of: dt.date | None = None) -> rd.CentreReadiness:
    """Every room's readiness and the centre's, with what is missing; three queries whatever the size.

    `as_of` looks only at inspections signed by that day (the inventory is always today's).
    """
    rooms = list_rooms(actor, settings)
    checks = latest_checks(actor.school_id, as_of)
    held = _held(actor.school_id)
    per_room = [
        rd.room_readiness(
            room.id, room.name, kind_of(settings, room.kind), settings.centre,
            checks.get(room.id, {}), held.get(room.id, {}),
            area_m2=room.area_m2, person_in_charge=room.person_in_charge,
        )
        for room in rooms
    ]
    return rd.centre_readiness(per_room, settings.centre)
