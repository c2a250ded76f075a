"""The quarterly ledger for the civil-affairs bureau: the pupils as of a quarter, marked against the last
recorded submission; recording a submission; the coordinator's reminder (每季度最后月15日之前更新)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.quarters import (
    LEFT,
    GuardianLine,
    LedgerRow,
    Quarter,
    QuarterlyLedger,
    QuarterReminder,
    SubmissionInfo,
    compare,
    quarter_in_question,
)
from schoolcare.domain.quarters import (
    reminder as reminder_state,
)
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import pupil_scope, require
from schoolcare.services.errors import ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.database import db
from schoolcare.store.models import (
    CareAssignment,
    Guardian,
    Pupil,
    QuarterlySubmission,
    School,
    SchoolClass,
    Staff,
)

# A dropout stays on the bureau's ledger (they need care the most); a transfer or graduation takes a pupil off.
ON_LEDGER = ("enrolled", "dropped_out")
_CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit


def parse_quarter(text: str | None, today: dt.date | None = None) -> Quarter:
    """A quarter label from the user ('2026Q4'); the current quarter when blank."""
    if not text:
        return Quarter.of(today or clock.today())
    try:
        return Quarter.parse(text)
    except ValueError:
        raise ValidationError("reports.quarter_format", "quarter", text=text) from None


def _base(actor: Actor, quarter: Quarter) -> QuarterlySubmission | None:
    """The submission the ledger of `quarter` is compared with: the latest one recorded up to that quarter."""
    return (
        QuarterlySubmission.select()
        .where((QuarterlySubmission.school == actor.school_id) & (QuarterlySubmission.quarter <= quarter.label))
        .order_by(QuarterlySubmission.quarter.desc(), QuarterlySubmission.submitted_on.desc(),
                  QuarterlySubmission.id.desc())
        .first()
    )


def _info(submission: QuarterlySubmission, pupils: int | None = None) -> SubmissionInfo:
    by = Staff.get_or_none(Staff.id == submission.submitted_by_id) if submission.submitted_by_id else None
    if pupils is None:
        pupils = len(json.loads(submission.snapshot or "{}"))
    return SubmissionInfo(submission.id, Quarter.parse(submission.quarter), submission.submitted_on,
                          by.name if by else "", pupils)


def _pupil_query(actor: Actor) -> pw.ModelSelect:
    current = CareAssignment.alias()
    teacher = Staff.alias()
    return (
        Pupil.select(
            Pupil.id, Pupil.student_no, Pupil.name, Pupil.gender, Pupil.birth_date, Pupil.status,
            Pupil.left_behind, Pupil.in_difficulty, Pupil.address,
            SchoolClass.name.alias("class_name"), teacher.name.alias("teacher_name"),
        )
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .switch(Pupil)
        .join(current, pw.JOIN.LEFT_OUTER, on=((current.pupil == Pupil.id) & current.end_on.is_null()))
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(current.teacher == teacher.id))
        .where(pupil_scope(actor))
        .order_by(SchoolClass.grade, SchoolClass.number, Pupil.student_no)
    )


def _on_ledger(as_of: dt.date) -> pw.Expression:
    return (
        ((Pupil.left_behind == True) | (Pupil.in_difficulty == True))  # noqa: E712
        & Pupil.status.in_(ON_LEDGER)
        & (Pupil.enrolled_on.is_null() | (Pupil.enrolled_on <= as_of))
    )


def _guardians(pupil_ids: pw.Select) -> dict[int, list[GuardianLine]]:
    found: dict[int, list[GuardianLine]] = {}
    query = (
        Guardian.select(Guardian.pupil, Guardian.relation, Guardian.name, Guardian.phone, Guardian.away,
                        Guardian.work_place, Guardian.capacity, Guardian.day_to_day, Guardian.entrusted)
        .where(Guardian.pupil.in_(pupil_ids))
        .order_by(Guardian.pupil, Guardian.position, Guardian.id)
    )
    # Straight from the cursor: the columns are text and flags, nothing for peewee to convert, and the
    # county's ledger runs to tens of thousands of guardians.
    for g in db.execute_sql(*query.sql()).fetchall():
        found.setdefault(g[0], []).append(GuardianLine(g[1], g[2], g[3] or "", bool(g[4]), g[5] or "",
                                                       g[6] or "full", bool(g[7]), bool(g[8])))
    return found


def _row(r: dict, guardians: tuple[GuardianLine, ...]) -> LedgerRow:
    return LedgerRow(
        pupil_id=r["id"], student_no=r["student_no"], name=r["name"], gender=r["gender"],
        birth_date=r["birth_date"], class_name=r["class_name"] or "", status=r["status"],
        left_behind=bool(r["left_behind"]), in_difficulty=bool(r["in_difficulty"]), address=r["address"] or "",
        care_teacher=r["teacher_name"] or "", guardians=guardians,
    )


def _left_rows(actor: Actor, previous: dict[str, dict], ids: list[int]) -> list[LedgerRow]:
    """Pupils submitted last time and off the ledger now, as they are today (guardians as submitted)."""
    rows = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for r in _pupil_query(actor).where(Pupil.id.in_(chunk)).dicts():
            guardians = tuple(GuardianLine.from_list(g) for g in previous[str(r["id"])].get("guardians", []))
            rows.append(_row(r, guardians))
    missing = set(ids) - {row.pupil_id for row in rows}
    for pid in sorted(missing):  # deleted from the registry since: only the submitted entry is left
        entry = previous[str(pid)]
        rows.append(LedgerRow(pid, entry.get("student_no", ""), entry.get("name", ""), "", None,
                              entry.get("class", ""), "", False, False, "", "",
                              tuple(GuardianLine.from_list(g) for g in entry.get("guardians", []))))
    return rows


def ledger(actor: Actor, quarter: Quarter | str | None = None, *, today: dt.date | None = None) -> QuarterlyLedger:
    """The pupil ledger as of `quarter` (default: the current one), each row marked with what changed since
    the last recorded submission: new, left, status changed, guardian changed. A fixed handful of queries."""
    require(actor, Permission.VIEW_REPORTS)
    today = today or clock.today()
    if not isinstance(quarter, Quarter):
        quarter = parse_quarter(quarter, today)
    as_of = min(today, quarter.end)
    query = _pupil_query(actor).where(_on_ledger(as_of))
    ids = Pupil.select(Pupil.id).where(pupil_scope(actor) & _on_ledger(as_of))
    guardians = _guardians(ids)
    current_rows = [_row(r, tuple(guardians.get(r["id"], ()))) for r in query.dicts()]

    base = _base(actor, quarter)
    previous = json.loads(base.snapshot or "{}") if base else None
    current = {str(row.pupil_id): row.snapshot_entry() for row in current_rows}
    changes = compare(previous, current)
    left_ids = sorted(int(k) for k, change in changes.items() if LEFT in change.marks)
    all_rows = current_rows + (_left_rows(actor, previous, left_ids) if left_ids else [])
    marked = []
    for row in all_rows:
        change = changes.get(str(row.pupil_id))
        if change:
            row = _with_change(row, change.marks, change.fields, (previous or {}).get(str(row.pupil_id)))
        marked.append(row)
    return QuarterlyLedger(quarter, as_of, tuple(marked), _info(base, len(previous)) if base else None)


def _with_change(row: LedgerRow, marks, fields, previous_entry) -> LedgerRow:
    from dataclasses import replace

    return replace(row, marks=tuple(marks), changed_fields=tuple(fields), previous=previous_entry)


def record_submission(actor: Actor, quarter: Quarter | str | None = None, *, submitted_on: dt.date | None = None,
                      today: dt.date | None = None) -> SubmissionInfo:
    """Record the ledger of `quarter` as submitted on `submitted_on` (default today): the next export diffs
    against what is stored here. Coordinator only; audited."""
    require(actor, Permission.FILE_REPORTS)
    today = today or clock.today()
    if not isinstance(quarter, Quarter):
        quarter = parse_quarter(quarter, today)
    submitted_on = submitted_on or today
    if submitted_on > today:
        raise ValidationError("reports.submitted_future", "submitted_on")
    if submitted_on < quarter.start:
        raise ValidationError("reports.submitted_before_quarter", "submitted_on", quarter=quarter.label,
                              start=quarter.start.isoformat())
    current = ledger(actor, quarter, today=today)
    snapshot = current.snapshot()
    with writing():
        row = QuarterlySubmission.create(
            school=actor.school_id, quarter=quarter.label, submitted_on=submitted_on,
            submitted_by=actor.staff_id, snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        )
        counts = {mark: current.count(mark) for mark in ("new", "left", "status_changed", "guardian_changed")}
        audit.record(actor, "submit", "quarterly_submission", row.id,
                     changes={"quarter": quarter.label, "submitted_on": submitted_on, "pupils": len(snapshot),
                              **counts})
    return SubmissionInfo(row.id, quarter, submitted_on, actor.name, len(snapshot))


def submissions(actor: Actor) -> list[SubmissionInfo]:
    """Every recorded submission of the school, newest first."""
    require(actor, Permission.VIEW_REPORTS)
    query = (
        QuarterlySubmission.select(QuarterlySubmission.id, QuarterlySubmission.quarter,
                                   QuarterlySubmission.submitted_on, Staff.name.alias("by"),
                                   QuarterlySubmission.snapshot)
        .join(Staff, pw.JOIN.LEFT_OUTER, on=(QuarterlySubmission.submitted_by == Staff.id))
        .where(QuarterlySubmission.school == actor.school_id)
        .order_by(QuarterlySubmission.quarter.desc(), QuarterlySubmission.submitted_on.desc(),
                  QuarterlySubmission.id.desc())
    )
    return [SubmissionInfo(r["id"], Quarter.parse(r["quarter"]), r["submitted_on"], r["by"] or "",
                           len(json.loads(r["snapshot"] or "{}"))) for r in query.dicts()]


def reminder(actor: Actor, *, today: dt.date | None = None) -> QuarterReminder:
    """Whether the coordinator's home must remind of the quarterly update: from the 1st of the quarter's last
    month until a submission of that quarter is recorded."""
    require(actor, Permission.VIEW_REPORTS)
    today = today or clock.today()
    quarter = quarter_in_question(today)
    submitted_on = (
        QuarterlySubmission.select(pw.fn.MIN(QuarterlySubmission.submitted_on))
        .where((QuarterlySubmission.school == actor.school_id) & (QuarterlySubmission.quarter == quarter.label))
        .scalar()
    )
    if isinstance(submitted_on, str):  # MIN() over a date column comes back as text on SQLite
        submitted_on = dt.date.fromisoformat(submitted_on)
    created = School.select(School.created_at).where(School.id == actor.school_id).scalar()
    since = created.date() if isinstance(created, dt.datetime) else None
    return reminder_state(today, submitted_on, quarter=quarter, since=since)


def export(actor: Actor, path: Path | str, fmt: str, quarter: Quarter | str | None = None, *, lang: str = "zh-CN",
           record: bool = False, today: dt.date | None = None,
           ) -> tuple[QuarterlyLedger, list[Path], SubmissionInfo | None]:
    """Write the quarterly ledger (xlsx or a csv set); with `record`, then record it as submitted today.
    The file is written first, so a failed write records nothing."""
    from schoolcare.services.reports.quarterly_sheets import sheets
    from schoolcare.services.tabular import write_tables

    require(actor, Permission.EXPORT)
    if record:
        require(actor, Permission.FILE_REPORTS)
    current = ledger(actor, quarter, today=today)
    files = write_tables(path, fmt, sheets(current, lang))
    with writing():
        audit.record(actor, "export", "quarterly_ledger", None,
                     changes={"quarter": current.quarter.label, "pupils": len(current.rows), "format": fmt})
    submission = record_submission(actor, current.quarter, today=today) if record else None
    return current, files, submission
