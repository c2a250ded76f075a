"""Dropout cases (控辍保学): opened by a run of unexcused absences or the 辍学 status, then registration, persuasion
attempts (劝返), the written report sent (书面报告) and the outcome; each step's deadline from rules.yaml.

Who may do what: anyone who reaches the pupil (their homeroom or care teacher, the coordinator) registers a case
and logs persuasion attempts; the case's care teacher keeps it in reach after the 辍学 status ended their
assignment. Recording the written report as sent and closing a case are the coordinator's (FILE_REPORTS); the
principal reads. Every change is audited.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.dropouts import METHODS, OUTCOMES, REPORT_TO, CaseState, case_state, unexcused_run
from schoolcare.domain.inbox import DROPOUT_REPORT, CountyStatus
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services import audit
from schoolcare.services.access import check_actor, own_pupil_ids, require
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, ValidationError, invalid
from schoolcare.services.tx import writing
from schoolcare.store.models import (
    Absence,
    CareAssignment,
    DropoutCase,
    PersuasionAttempt,
    Pupil,
    SchoolClass,
    Staff,
)

ENTITY = "dropout_case"


@dataclass(frozen=True)
class CaseRow:
    id: int
    pupil_id: int
    student_no: str
    pupil_name: str
    class_name: str
    care_teacher: str
    homeroom_teacher: str
    trigger: str
    opened_on: dt.date
    attempts: int
    report_sent_on: dt.date | None
    state: CaseState


@dataclass(frozen=True)
class Attempt:
    id: int
    date: dt.date
    by_whom: str
    with_whom: str
    method: str
    outcome: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    reason: str
    registered_on: dt.date | None
    registered_by: str
    report_sent_to: tuple[str, ...]
    request: str
    outcome_note: str
    closed_on: dt.date | None
    attempts: tuple[Attempt, ...]
    absences: tuple[tuple[dt.date, str, str], ...]  # (date, kind, note), oldest first
    county: tuple[CountyStatus, ...] = ()  # each office the written report went to: its handling (domain/inbox)


def case_scope(actor: Actor) -> pw.Expression:
    """Cases the actor may see: the school's (coordinator, principal), else those of pupils they reach now and
    those where they are the care teacher named when the case opened."""
    check_actor(actor)
    clause = DropoutCase.school == actor.school_id
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        clause &= DropoutCase.pupil.in_(own_pupil_ids(actor)) | (DropoutCase.care_teacher == actor.staff_id)
    return clause


def _case(actor: Actor, case_id: int) -> DropoutCase:
    found = DropoutCase.select().where(case_scope(actor) & (DropoutCase.id == case_id)).first()
    if found is None:
        raise NotFound("dropouts.case_not_found", "case", id=case_id)
    return found


def _open_case(case: DropoutCase) -> None:
    if case.closed_on is not None:
        raise ValidationError("dropouts.case_closed", "case", id=case.id)


def _text(value: object, field: str, *, needed: bool = False, one_line: bool = False) -> str:
    """Typed text cleaned as an incident's (care.records.free_text): a control, bidi or zero-width character
    refused, the ends trimmed, Chinese punctuation kept as typed (NFKC would turn "，" into ","); `one_line` (a
    name) folds its spaces and line breaks into single spaces."""
    if not one_line:
        return rec.free_text(value, field, needed=needed)
    return " ".join(rec.free_text(value, field, needed=needed, limit=rec.MAX_LINE).split())


def _day(value: object, field: str, case: DropoutCase, today: dt.date) -> dt.date:
    """A date of a step: given (or today), not before the case opened, not in the future."""
    try:
        day = validation.date(value, field) or today
    except validation.InvalidField as error:
        raise invalid(error) from None
    if day > today:
        raise ValidationError("dropouts.future", field, date=day.isoformat())
    if day < case.opened_on:
        raise ValidationError("dropouts.before_opened", field, date=day.isoformat(), opened=case.opened_on.isoformat())
    return day


# ---------------------------------------------------------------- opening

def _create(actor: Actor, pupil_id: int, trigger: str, opened_on: dt.date) -> int:
    """A new case for the pupil, inside the caller's transaction, naming their class and current care teacher."""
    pupil = Pupil.get_by_id(pupil_id)
    teacher = (CareAssignment.select(CareAssignment.teacher)
               .where((CareAssignment.pupil == pupil_id) & CareAssignment.end_on.is_null()).scalar())
    case = DropoutCase.create(school=pupil.school_id, pupil=pupil_id, school_class=pupil.school_class_id,
                              care_teacher=teacher, trigger=trigger, opened_on=opened_on)
    audit.record(actor, "create", ENTITY, case.id, pupil_id=pupil_id,
                 changes={"trigger": trigger, "opened_on": opened_on}, school_id=pupil.school_id)
    return case.id


def _has_open(pupil_id: int) -> bool:
    return DropoutCase.select().where((DropoutCase.pupil == pupil_id) & DropoutCase.closed_on.is_null()).exists()


def check_absences(actor: Actor, settings: Settings, pupil_id: int, day: dt.date) -> int | None:
    """After an unexcused absence on `day` was written (inside that transaction): open a case when it makes a
    run of `after_unexcused_days` consecutive unexcused school days; returns the new case's id."""
    needed = settings.dropout_rules.after_unexcused_days
    if _has_open(pupil_id):
        return None
    # Enough days either side for any run through `day`: school days are at most 5 in 7, holidays aside.
    span = dt.timedelta(days=needed * 3 + 30)
    unexcused = {d for (d,) in Absence.select(Absence.date).where(
        (Absence.pupil == pupil_id) & (Absence.kind == "unexcused")
        & Absence.date.between(day - span, day + span)).tuples()}
    run = unexcused_run(settings.calendar, day, unexcused, needed)
    if run is None:
        return None
    # A case already opened and closed for this run (the pupil came back, then the day was re-recorded).
    if DropoutCase.select().where((DropoutCase.pupil == pupil_id) & (DropoutCase.opened_on >= run[0])).exists():
        return None
    return _create(actor, pupil_id, "unexcused_absence", run[-1])


def open_for_status(actor: Actor, pupil_id: int, today: dt.date) -> int | None:
    """A pupil's status was set to 辍学 (inside that transaction): open a case unless one is open."""
    if _has_open(pupil_id):
        return None
    return _create(actor, pupil_id, "status", today)


# ---------------------------------------------------------------- steps

def register(actor: Actor, case_id: int, reason: str, on: object = None, *, today: dt.date | None = None) -> None:
    """登记: the case registered, with why the pupil is out of school."""
    require(actor, Permission.LOG_CARE)
    case = _case(actor, case_id)
    _open_case(case)
    today = today or clock.today()
    day = _day(on, "registered_on", case, today)
    text = _text(reason, "dropout_reason", needed=True)
    before = {"registered_on": case.registered_on, "reason": case.reason}
    with writing():
        DropoutCase.update(registered_on=day, registered_by=actor.staff_id, reason=text).where(
            DropoutCase.id == case.id).execute()
        audit.record(actor, "update", ENTITY, case.id, pupil_id=case.pupil_id,
                     changes=audit.diff(before, {"registered_on": day, "reason": text}))


def add_attempt(actor: Actor, case_id: int, *, date: object, by_whom: str, with_whom: str, method: str,
                outcome: str, today: dt.date | None = None) -> int:
    """劝返: one attempt to bring the pupil back (date, who went, whom they met, how, the outcome)."""
    require(actor, Permission.LOG_CARE)
    case = _case(actor, case_id)
    _open_case(case)
    today = today or clock.today()
    day = _day(date, "attempt_date", case, today)
    if method not in METHODS:
        raise ValidationError("choice", "method", allowed=", ".join(METHODS))
    fields = {"date": day, "by_whom": _text(by_whom, "by_whom", needed=True, one_line=True),
              "with_whom": _text(with_whom, "with_whom", needed=True, one_line=True), "method": method,
              "outcome": _text(outcome, "outcome", needed=True)}
    with writing():
        row = PersuasionAttempt.create(case=case.id, recorded_by=actor.staff_id, **fields)
        audit.record(actor, "create", "persuasion_attempt", row.id, pupil_id=case.pupil_id,
                     changes={"case": case.id, **fields})
    return row.id


def record_report_sent(actor: Actor, case_id: int, *, on: object, to: Sequence[str], request: str = "",
                       today: dt.date | None = None) -> None:
    """书面报告: the written report recorded as sent (when, to whom: the education bureau and/or the township).
    Only once persuasion has been tried: refused while the case has no attempt (as written_report.export)."""
    require(actor, Permission.FILE_REPORTS)
    case = _case(actor, case_id)
    _open_case(case)
    if not PersuasionAttempt.select().where(PersuasionAttempt.case == case.id).exists():
        raise ValidationError("dropouts.no_attempts", "case", id=case.id)
    today = today or clock.today()
    day = _day(on, "report_sent_on", case, today)
    to = tuple(dict.fromkeys(to))
    if not to or any(place not in REPORT_TO for place in to):
        raise ValidationError("choice", "report_sent_to", allowed=", ".join(REPORT_TO))
    fields = {"report_sent_on": day, "report_sent_to": ",".join(to), "request": _text(request, "request")
              or case.request}
    before = {"report_sent_on": case.report_sent_on, "report_sent_to": case.report_sent_to, "request": case.request}
    with writing():
        DropoutCase.update(report_sent_by=actor.staff_id, **fields).where(DropoutCase.id == case.id).execute()
        audit.record(actor, "update", ENTITY, case.id, pupil_id=case.pupil_id, changes=audit.diff(before, fields))


def set_request(actor: Actor, case_id: int, request: str) -> None:
    """The school's request the written report ends with (what it asks the bureau and township to do)."""
    require(actor, Permission.LOG_CARE)
    case = _case(actor, case_id)
    text = _text(request, "request")
    with writing():
        DropoutCase.update(request=text).where(DropoutCase.id == case.id).execute()
        audit.record(actor, "update", ENTITY, case.id, pupil_id=case.pupil_id,
                     changes=audit.diff({"request": case.request}, {"request": text}))


def close_case(actor: Actor, case_id: int, outcome: str, note: str = "", on: object = None,
               *, today: dt.date | None = None) -> None:
    """复学 / 转学 / closed with an outcome note (needed for 'closed')."""
    require(actor, Permission.FILE_REPORTS)
    case = _case(actor, case_id)
    _open_case(case)
    if outcome not in OUTCOMES:
        raise ValidationError("choice", "outcome", allowed=", ".join(OUTCOMES))
    today = today or clock.today()
    day = _day(on, "closed_on", case, today)
    text = _text(note, "outcome_note", needed=outcome == "closed")
    fields = {"outcome": outcome, "outcome_note": text, "closed_on": day}
    with writing():
        DropoutCase.update(**fields).where(DropoutCase.id == case.id).execute()
        audit.record(actor, "update", ENTITY, case.id, pupil_id=case.pupil_id, changes=fields)


# ---------------------------------------------------------------- reading

def list_cases(actor: Actor, settings: Settings, *, today: dt.date | None = None, open_only: bool = False,
               pupil_id: int | None = None) -> list[CaseRow]:
    """The cases in the actor's reach, overdue first, then by deadline; one query plus one count of attempts."""
    today = today or clock.today()
    care, homeroom = Staff.alias(), Staff.alias()
    query = (DropoutCase.select(DropoutCase, Pupil.student_no, Pupil.name.alias("pupil_name"),
                                SchoolClass.name.alias("class_name"), care.name.alias("care_name"),
                                homeroom.name.alias("homeroom_name"))
             .join(Pupil, on=(DropoutCase.pupil == Pupil.id))
             .switch(DropoutCase)
             .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(DropoutCase.school_class == SchoolClass.id))
             .join(homeroom, pw.JOIN.LEFT_OUTER, on=(SchoolClass.homeroom_teacher == homeroom.id))
             .switch(DropoutCase)
             .join(care, pw.JOIN.LEFT_OUTER, on=(DropoutCase.care_teacher == care.id))
             .where(case_scope(actor)))
    if open_only:
        query = query.where(DropoutCase.closed_on.is_null())
    if pupil_id is not None:
        query = query.where(DropoutCase.pupil == pupil_id)
    rows = list(query.objects())
    counts = dict(PersuasionAttempt.select(PersuasionAttempt.case, pw.fn.COUNT(PersuasionAttempt.id))
                  .where(PersuasionAttempt.case.in_([r.id for r in rows])).group_by(PersuasionAttempt.case)
                  .tuples()) if rows else {}
    found = [_row(settings, r, counts.get(r.id, 0), today) for r in rows]
    found.sort(key=lambda c: (not c.state.open, not c.state.overdue, c.state.due or dt.date.max, c.id))
    return found


def _row(settings: Settings, r, attempts: int, today: dt.date) -> CaseRow:
    state = case_state(settings.dropout_rules, today, opened_on=r.opened_on, registered_on=r.registered_on,
                       attempts=attempts, report_sent_on=r.report_sent_on, outcome=r.outcome)
    return CaseRow(r.id, r.pupil_id, r.student_no, r.pupil_name, r.class_name or "", r.care_name or "",
                   r.homeroom_name or "", r.trigger, r.opened_on, attempts, r.report_sent_on, state)


def overdue_cases(actor: Actor, settings: Settings, *, today: dt.date | None = None) -> list[CaseRow]:
    """Open cases whose current step is late (the coordinator's home, the teacher's week)."""
    return [row for row in list_cases(actor, settings, today=today, open_only=True) if row.state.overdue]


def case_detail(actor: Actor, settings: Settings, case_id: int, *, today: dt.date | None = None) -> CaseDetail:
    """Everything about one case: the steps, every attempt, and the pupil's absences since a month before it opened."""
    case = _case(actor, case_id)
    row = list_cases(actor, settings, today=today, pupil_id=case.pupil_id)
    row = next(r for r in row if r.id == case.id)
    attempts = tuple(Attempt(a.id, a.date, a.by_whom, a.with_whom, a.method, a.outcome)
                     for a in PersuasionAttempt.select().where(PersuasionAttempt.case == case.id)
                     .order_by(PersuasionAttempt.date, PersuasionAttempt.id))
    since = case.opened_on - dt.timedelta(days=30)
    until = case.closed_on or (today or clock.today())
    absences = tuple(Absence.select(Absence.date, Absence.kind, Absence.note)
                     .where((Absence.pupil == case.pupil_id) & Absence.date.between(since, until))
                     .order_by(Absence.date).tuples())
    registered_by = Staff.select(Staff.name).where(Staff.id == case.registered_by_id).scalar() or ""
    sent_to = tuple(p for p in case.report_sent_to.split(",") if p)
    return CaseDetail(row, case.reason, case.registered_on, registered_by, sent_to, case.request, case.outcome_note,
                      case.closed_on, attempts, absences, _county(case, sent_to))


def _county(case: DropoutCase, sent_to: tuple[str, ...]) -> tuple[CountyStatus, ...]:
    """How each office the written report went to has handled it (new until it marks it)."""
    if case.report_sent_on is None:
        return ()
    from schoolcare.services.county.inbox import statuses

    found = statuses(DROPOUT_REPORT, [case.id])
    return tuple(found.get((case.id, office), CountyStatus(office)) for office in sent_to)
