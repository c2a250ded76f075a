"""The audit trail: who changed which child's record, when and how, written inside the change's transaction."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from peewee import JOIN

from schoolcare.domain.roles import Actor, Permission
from schoolcare.services.access import require
from schoolcare.store.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def record(
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    pupil_id: int | None = None,
    changes: dict[str, Any] | None = None,
    school_id: int | None = None,
) -> None:
    """Write one audit row; call inside the transaction that makes the change."""
    AuditEntry.create(**entry(actor, action, entity, entity_id, pupil_id=pupil_id, changes=changes,
                              school_id=school_id))


def entry(
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    pupil_id: int | None = None,
    changes: dict[str, Any] | None = None,
    school_id: int | None = None,
) -> dict[str, Any]:
    """The fields of the row record() writes, for writing many rows in one statement (a roster import)."""
    return dict(
        school=school_id if school_id is not None else (actor.school_id if actor else None),
        actor=actor.staff_id if actor else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        pupil=pupil_id,
        changes=json.dumps({k: _plain(v) for k, v in (changes or {}).items()}, ensure_ascii=False),
    )


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    pupil_id: int | None
    changes: dict[str, Any]
    pupil: str = ""  # the pupil's name, when the row is about one
    record: str = ""  # the staff member's or class's name, when the row is about one
    names: dict[int, str] = field(default_factory=dict, compare=False)  # staff ids in `changes` → names


# Change keys holding a staff id: shown as the person's name.
STAFF_KEYS = ("teacher_id", "homeroom_teacher_id", "owner_id", "owner", "to")


def recent(actor: Actor, limit: int = 200, pupil_id: int | None = None, *, staff_id: int | None = None,
           since: dt.date | None = None, until: dt.date | None = None) -> list[AuditRow]:
    """The newest audit rows of the actor's school (coordinator and principal), optionally about one pupil,
    by one user, or between two dates (inclusive); names of pupils, staff and classes in three more queries."""
    require(actor, Permission.VIEW_AUDIT)
    from schoolcare.store.models import Pupil, SchoolClass, Staff

    query = (
        AuditEntry.select(AuditEntry, Staff.name)
        .join(Staff, on=(AuditEntry.actor == Staff.id), join_type=JOIN.LEFT_OUTER)
        .where(AuditEntry.school == actor.school_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if pupil_id is not None:
        query = query.where(AuditEntry.pupil == pupil_id)
    if staff_id is not None:
        query = query.where(AuditEntry.actor == staff_id)
    if since is not None:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    if until is not None:
        query = query.where(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    rows = list(query)
    parsed = [json.loads(row.changes or "{}") for row in rows]
    pupil_ids = {row.pupil_id for row in rows if row.pupil_id}
    staff_ids = {row.entity_id for row in rows if row.entity == "staff" and row.entity_id}
    for changes in parsed:
        for key in STAFF_KEYS:
            for value in _values(changes.get(key)):
                if isinstance(value, int):
                    staff_ids.add(value)
    class_ids = {row.entity_id for row in rows if row.entity == "class" and row.entity_id}
    # A class's register for a day (entity attendance_day) is about that class: named by its class_id.
    day_classes = {row.id: changes.get("class_id") for row, changes in zip(rows, parsed, strict=True)
                   if row.entity == "attendance_day" and isinstance(changes.get("class_id"), int)}
    class_ids |= set(day_classes.values())
    pupils = dict(Pupil.select(Pupil.id, Pupil.name).where(Pupil.id.in_(list(pupil_ids))).tuples()) if pupil_ids else {}
    staff = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(list(staff_ids))).tuples()) if staff_ids else {}
    school_classes = (dict(SchoolClass.select(SchoolClass.id, SchoolClass.name)
                           .where(SchoolClass.id.in_(list(class_ids))).tuples()) if class_ids else {})
    return [
        AuditRow(
            at=row.at,
            actor=(row.actor.name or "") if row.actor else "",  # the joined Staff (LEFT JOIN: may be empty)
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            pupil_id=row.pupil_id,
            changes=changes,
            pupil=pupils.get(row.pupil_id, "") if row.pupil_id else "",
            record=(school_classes.get(day_classes[row.id], "") if row.id in day_classes else
                    (staff if row.entity == "staff" else school_classes if row.entity == "class" else {}).get(
                        row.entity_id, "")),
            names=staff,
        )
        for row, changes in zip(rows, parsed, strict=True)
    ]


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def search(actor: Actor, pupil: str = "", staff_id: int | None = None, since: str = "", until: str = "",
           limit: int = 200) -> list[AuditRow]:
    """recent() with the admin filter's typed values: a pupil by name or student number, a user, dates as typed."""
    from schoolcare.domain import validation
    from schoolcare.services.access import scoped_pupils
    from schoolcare.services.errors import NotFound, invalid
    from schoolcare.store.models import Pupil

    try:
        start = validation.date(since, "since")
        end = validation.date(until, "until")
    except validation.InvalidField as error:
        raise invalid(error) from None
    pupil = validation.normalise_text(pupil)
    pupil_id = None
    if pupil:
        found = scoped_pupils(actor).where((Pupil.name == pupil) | (Pupil.student_no == pupil)).first()
        if found is None:
            raise NotFound("audit.no_pupil", "pupil", name=pupil)
        pupil_id = found.id
    return recent(actor, limit, pupil_id, staff_id=staff_id, since=start, until=end)
