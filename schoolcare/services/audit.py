"""The audit trail: who changed which child's record, when and how, written inside the change's transaction."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
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


def recent(actor: Actor, limit: int = 200, pupil_id: int | None = None) -> list[AuditRow]:
    """The newest audit rows of the actor's school (coordinator and principal)."""
    require(actor, Permission.VIEW_AUDIT)
    from schoolcare.store.models import Staff

    query = (
        AuditEntry.select(AuditEntry, Staff.name)
        .join(Staff, on=(AuditEntry.actor == Staff.id), join_type=JOIN.LEFT_OUTER)
        .where(AuditEntry.school == actor.school_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if pupil_id is not None:
        query = query.where(AuditEntry.pupil == pupil_id)
    return [
        AuditRow(
            at=row.at,
            actor=(row.actor.name or "") if row.actor else "",  # the joined Staff (LEFT JOIN: may be empty)
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            pupil_id=row.pupil_id,
            changes=json.loads(row.changes or "{}"),
        )
        for row in query
    ]
