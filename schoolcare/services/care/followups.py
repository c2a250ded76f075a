"""Follow-up actions after a home visit or a concerning talk: who owes what by when, tracked until done."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.care import FollowUpDraft, FollowUpRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import get_pupil, pupil_scope, require
from schoolcare.services.errors import NotFound, ValidationError, invalid, visible
from schoolcare.services.tx import writing
from schoolcare.store.database import as_date, db, is_sqlite
from schoolcare.store.models import FollowUp, Pupil, Staff

MAX_TEXT = 2000


def _row(f) -> FollowUpRow:
    return FollowUpRow(
        id=f.id, pupil_id=f.pupil_id, pupil_name=f.pupil.name, action=f.action, owner_id=f.owner_id,
        owner_name=f.owner.name if f.owner_id else "", due=f.due, done_on=f.done_on, outcome=f.outcome,
        home_visit_id=f.home_visit_id, teacher_talk_id=f.teacher_talk_id,
    )


def _query(actor: Actor) -> pw.ModelSelect:
    owner = Staff.alias()
    return (
        FollowUp.select(FollowUp, Pupil, owner)
        .join(Pupil, on=(FollowUp.pupil == Pupil.id))
        .switch(FollowUp)
        .join(owner, pw.JOIN.LEFT_OUTER, on=(FollowUp.owner == owner.id), attr="owner")
        .where((FollowUp.school == actor.school_id) & pupil_scope(actor))
    )


def open_follow_ups(actor: Actor, *, limit: int | None = None, pupil_id: int | None = None) -> list[FollowUpRow]:
    """Actions not yet done, soonest due first: a teacher's own and those about their pupils."""
    if pupil_id is not None:
        query = _query(actor).where(FollowUp.done_on.is_null() & (FollowUp.pupil == pupil_id))
        return [_row(f) for f in query.order_by(FollowUp.due.is_null(), FollowUp.due, FollowUp.id)]
    sql, params = _open_sql(actor, limit, is_sqlite())
    return [
        FollowUpRow(id=r[0], pupil_id=r[1], pupil_name=r[2], action=r[3], owner_id=r[4], owner_name=r[5] or "",
                    due=as_date(r[6]), done_on=None, outcome=r[7], home_visit_id=r[8], teacher_talk_id=r[9])
        for r in db.execute_sql(sql, params).fetchall()
    ]


@lru_cache(maxsize=128)
def _open_sql(actor: Actor, limit: int | None, sqlite: bool) -> tuple[str, tuple]:
    # Every teacher's week asks this; peewee takes longer to write the scoped query than the database to run it.
    owner = Staff.alias()
    query = (
        FollowUp.select(FollowUp.id, FollowUp.pupil, Pupil.name, FollowUp.action, FollowUp.owner, owner.name,
                        FollowUp.due, FollowUp.outcome, FollowUp.home_visit, FollowUp.teacher_talk)
        .join(Pupil, on=(FollowUp.pupil == Pupil.id))
        .switch(FollowUp)
        .join(owner, pw.JOIN.LEFT_OUTER, on=(FollowUp.owner == owner.id))
        .where((FollowUp.school == actor.school_id) & pupil_scope(actor) & FollowUp.done_on.is_null())
        .order_by(FollowUp.due.is_null(), FollowUp.due, FollowUp.id)
    )
    if limit:
        query = query.limit(limit)
    sql, params = query.sql()
    return sql, tuple(params)


def follow_ups(actor: Actor, pupil_id: int) -> list[FollowUpRow]:
    """Every follow-up about one pupil, open ones first."""
    get_pupil(actor, pupil_id)
    query = _query(actor).where(FollowUp.pupil == pupil_id).order_by(FollowUp.done_on.is_null(False), FollowUp.due)
    return [_row(f) for f in query]


def clean_draft(actor: Actor, draft: FollowUpDraft, field: str = "follow_up") -> dict:
    """A follow-up's fields checked: an action, an owner of this school, a due date that is a date."""
    action = validation.normalise_text(visible(draft.action, f"{field}.action"))
    if not action:
        raise ValidationError("required", f"{field}.action")
    if len(action) > MAX_TEXT:
        raise ValidationError("too_long", f"{field}.action", limit=MAX_TEXT)
    owner = draft.owner_id or actor.staff_id
    if not Staff.select().where((Staff.id == owner) & (Staff.school == actor.school_id)).exists():
        raise ValidationError("care.no_staff", f"{field}.owner", id=owner)
    try:
        due = validation.date(draft.due, f"{field}.due")
    except validation.InvalidField as error:
        raise invalid(error) from None
    return {"action": action, "owner": owner, "due": due}


def create(actor: Actor, pupil_id: int, fields: dict, *, home_visit_id=None, teacher_talk_id=None) -> int:
    """Inside a caller's write transaction: store one follow-up and audit it."""
    created = FollowUp.create(school=actor.school_id, pupil=pupil_id, home_visit=home_visit_id,
                              teacher_talk=teacher_talk_id, **fields)
    audit.record(actor, "create", "follow_up", created.id, pupil_id=pupil_id, changes=fields)
    return created.id


def add_follow_up(actor: Actor, pupil_id: int, draft: FollowUpDraft, *, home_visit_id: int | None = None) -> FollowUpRow:
    require(actor, Permission.LOG_CARE)
    get_pupil(actor, pupil_id)
    fields = clean_draft(actor, draft)
    with writing():
        new_id = create(actor, pupil_id, fields, home_visit_id=home_visit_id)
    return _get(actor, new_id)


def _get(actor: Actor, follow_up_id: int) -> FollowUpRow:
    found = _query(actor).where(FollowUp.id == follow_up_id).first()
    if found is None:
        raise NotFound("care.follow_up_not_found", id=follow_up_id)
    return _row(found)


def complete(actor: Actor, follow_up_id: int, *, done_on: dt.date | str | None = None,
             outcome: str = "") -> FollowUpRow:
    """Mark an action done (today by default) with what came of it."""
    require(actor, Permission.LOG_CARE)
    before = _get(actor, follow_up_id)
    if before.done_on is not None:
        raise ValidationError("care.already_done", "done_on", date=before.done_on.isoformat())
    try:
        day = validation.date(done_on, "done_on") or clock.today()
    except validation.InvalidField as error:
        raise invalid(error) from None
    if day > clock.today():
        raise ValidationError("care.future", "done_on")
    outcome = validation.normalise_text(visible(outcome, "outcome"))
    with writing():
        FollowUp.update(done_on=day, outcome=outcome).where(FollowUp.id == follow_up_id).execute()
        audit.record(actor, "update", "follow_up", follow_up_id, pupil_id=before.pupil_id,
                     changes={"done_on": [None, day.isoformat()], "outcome": [before.outcome, outcome]})
    return _get(actor, follow_up_id)
