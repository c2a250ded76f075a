"""What every care record shares: checking typed values, who may correct a record, withdrawal with a reason."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import class_in_reach, get_pupil, pupil_scope, require
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError, invalid, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import Activity, FamilyCall, HomeVisit, Pupil, Staff, TeacherTalk

MAX_TEXT = 4000
MAX_LINE = 200

MODELS = {"family_call": FamilyCall, "teacher_talk": TeacherTalk, "home_visit": HomeVisit, "activity": Activity}
NOT_FOUND = {"family_call": "care.call_not_found", "teacher_talk": "care.talk_not_found",
             "home_visit": "care.visit_not_found", "activity": "care.activity_not_found"}


def day(value, field: str = "date") -> dt.date:
    """A record's date: required, a real date, not after today."""
    try:
        found = validation.date(value, field, needed=True)
    except validation.InvalidField as error:
        raise invalid(error) from None
    assert found is not None
    if found > clock.today():
        raise ValidationError("care.future", field)
    return found


def not_before_enrolment(found: dt.date, enrolled_on: dt.date | None, field: str = "date", name: str = "") -> None:
    """A pupil's record cannot be dated before they joined the school (undated enrolment: no limit)."""
    if enrolled_on is not None and found < enrolled_on:
        if name:  # one of several pupils (a week's calls, an activity): say which
            raise ValidationError("care.pupil_before_enrolment", field, name=name, enrolled_on=enrolled_on.isoformat())
        raise ValidationError("care.before_enrolment", field, enrolled_on=enrolled_on.isoformat())


def late_entry(found: dt.date, reason: str | None, within_days: int | None) -> str:
    """The reason a record dated more than `within_days` ago is entered only now, required for such a record
    (the audit keeps it); "" for a record of recent days, whose reason is not asked for and not kept.

    Whoever takes a record from a user passes settings.backdate_days (the care forms do); None, no limit, is
    for loading records already kept elsewhere (test and demo data).
    """
    late = (clock.today() - found).days
    if within_days is None or late <= within_days:
        return ""
    said = free_text(reason, "backdate_reason", limit=MAX_LINE * 5)
    if not said:
        raise ValidationError("care.backdated_needs_reason", "backdate_reason", days=late, limit=within_days)
    return said


def with_late_reason(fields: dict, said: str) -> dict:
    """The audited values of a new record, with the late-entry reason when one was needed."""
    return {**fields, "backdate_reason": said} if said else fields


def optional_day(value, field: str) -> dt.date | None:
    try:
        return validation.date(value, field)
    except validation.InvalidField as error:
        raise invalid(error) from None


def free_text(value, field: str, *, needed: bool = False, limit: int = MAX_TEXT) -> str:
    """Free text as typed (line breaks kept), trimmed; required if asked."""
    found = visible(value, field).strip()
    if needed and not found:
        raise ValidationError("required", field)
    if len(found) > limit:
        raise ValidationError("too_long", field, limit=limit)
    return found


def line(value, field: str, *, needed: bool = False) -> str:
    """One line of text (a title, a topic, names): full-width normalised, at most 200 characters."""
    visible(value, field)  # on the text as typed, before its spaces are folded
    return free_text(validation.normalise_text(value), field, needed=needed, limit=MAX_LINE)


def time_of_day(value, field: str = "time") -> str:
    """HH:MM from '9:30', '０９：３０', '930' or ''."""
    found = validation.normalise_text(value).replace("：", ":")
    if not found:
        return ""
    if ":" not in found and found.isdigit() and len(found) in (3, 4):
        found = f"{found[:-2]}:{found[-2:]}"
    hours, _, minutes = found.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2):
        raise ValidationError("care.time", field)
    return f"{int(hours):02d}:{minutes}"


def whole_number(value, field: str, *, low: int, high: int) -> int | None:
    found = validation.normalise_text(value).removesuffix("分钟").removesuffix("min").strip()
    if not found:
        return None
    if not found.isdigit() or not low <= int(found) <= high:
        raise ValidationError("care.number", field, low=low, high=high)
    return int(found)


def choice(value, field: str, allowed: tuple[str, ...], words: dict[str, tuple[str, ...]] | None = None,
           default: str | None = None) -> str:
    found = validation.normalise_text(value).lower()
    if not found and default is not None:
        return default
    for code in allowed:
        if found == code or found in (words or {}).get(code, ()):
            return code
    raise ValidationError("care.choice", field, allowed=" / ".join(allowed))


def staff_of_school(actor: Actor, staff_id: int | None, field: str) -> int:
    found = staff_id or actor.staff_id
    if not Staff.select().where((Staff.id == found) & (Staff.school == actor.school_id)).exists():
        raise ValidationError("care.no_staff", field, id=found)
    return found


def correctable(actor: Actor, kind: str, record_id: int):
    """The record if the actor may correct it: the one who recorded it, or whoever may correct any record.

    Out-of-scope records look absent (NotFound), as everywhere else.
    """
    require(actor, Permission.LOG_CARE)
    model = MODELS.get(kind)
    if model is None:
        raise ValidationError("choice", "kind", allowed=" / ".join(MODELS))
    record = model.get_or_none((model.id == record_id) & (model.school == actor.school_id))
    if record is None:
        raise NotFound(NOT_FOUND[kind], id=record_id)
    pupil_id = getattr(record, "pupil_id", None)
    if pupil_id is not None:
        get_pupil(actor, pupil_id)
    elif kind == "activity" and record.school_class_id is not None and not actor.can(Permission.VIEW_ALL_PUPILS):
        class_in_reach(actor, record.school_class_id)
    if not actor.can(Permission.CORRECT_ANY_RECORD) and record.recorded_by_id != actor.staff_id:
        raise PermissionDenied("care.not_yours")
    return record


def editable(actor: Actor, kind: str, record_id: int):
    record = correctable(actor, kind, record_id)
    if record.withdrawn:
        raise ValidationError("care.withdrawn")  # about the record, not one of its fields: no field named
    return record


def current_values(record, changes: dict, known: set[str], kind: str) -> dict:
    """The record's values of the fields a correction may change; a change to any other field is refused."""
    unknown = set(changes) - known
    if unknown:
        raise ValidationError("care.not_a_field", sorted(unknown)[0], kind=kind)
    return {k: getattr(record, k) for k in known}


def scoped(actor: Actor, model, person, person_alias: str):
    """A kind of pupil record in the actor's reach, with the pupil's name and its staff member's name (`person`,
    a foreign key to Staff, as `person_alias`), one query for any number of rows."""
    staff = Staff.alias()
    return (
        model.select(model, Pupil.name.alias("pupil_name"), staff.name.alias(person_alias))
        .join(Pupil, on=(model.pupil == Pupil.id))
        .switch(model)
        .join(staff, pw.JOIN.LEFT_OUTER, on=(person == staff.id))
        .where((model.school == actor.school_id) & pupil_scope(actor))
    )


def within(query, model, *, pupil_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None):
    """A list of records narrowed to one pupil and to dates from `start` to `end` (each only when given)."""
    if pupil_id is not None:
        query = query.where(model.pupil == pupil_id)
    if start:
        query = query.where(model.date >= start)
    if end:
        query = query.where(model.date <= end)
    return query


def correction_reason(reason) -> str:
    """Why a record is corrected: required for every correction (as for a withdrawal), kept in the audit."""
    return free_text(reason, "reason", needed=True, limit=MAX_LINE * 5)


def update(actor: Actor, kind: str, record, before: dict, after: dict, reason: str) -> dict:
    """Inside a write transaction: save the changed fields and audit the difference with why (required)."""
    said = correction_reason(reason)
    changes = audit.diff(before, after)
    if changes:
        model = MODELS[kind]
        model.update(**{k: after[k] for k in changes}).where(model.id == record.id).execute()
        audit.record(actor, "update", kind, record.id, pupil_id=getattr(record, "pupil_id", None),
                     changes={**changes, "reason": said})
    return changes


def withdraw(actor: Actor, kind: str, record_id: int, reason: str) -> None:
    """Withdraw a record with a reason: it stays in the ledger, marked, and stops counting."""
    reason = free_text(reason, "reason", needed=True, limit=MAX_LINE * 5)
    record = correctable(actor, kind, record_id)
    if record.withdrawn:
        raise ValidationError("care.already_withdrawn", reason=record.withdrawn_reason)
    model = MODELS[kind]
    with writing():
        model.update(withdrawn=True, withdrawn_reason=reason).where(model.id == record_id).execute()
        audit.record(actor, "withdraw", kind, record_id, pupil_id=getattr(record, "pupil_id", None),
                     changes={"withdrawn": [False, True], "withdrawn_reason": ["", reason]})
