"""The quarterly ledger for the civil-affairs bureau: the pupils as of a quarter, marked against the last
recorded submission; recording a submission; the coordinator's reminder (每季度最后月15日之前更新)."""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
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
    snapshot_entry,
)
from schoolcare.domain.quarters import reminder as reminder_state
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import pupil_scope, require
from schoolcare.services.errors import ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.database import as_date, db, is_sqlite
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


def _base(actor: Actor, quarter: Quarter) -> tuple[SubmissionInfo, dict] | None:
    """The submission the ledger of `quarter` is compared with (the latest one recorded up to that quarter),
    and its snapshot read."""
    sql, params = _base_sql(actor.school_id, quarter.label, is_sqlite())
    found = db.execute_sql(sql, params).fetchone()
    if found is None:
        return None
    sid, label, submitted_on, by, snapshot = found
    previous = json.loads(snapshot or "{}")
    return SubmissionInfo(sid, Quarter.parse(label), as_date(submitted_on), by or "", len(previous)), previous


@lru_cache(maxsize=64)
def _base_sql(school_id: int, label: str, sqlite: bool) -> tuple[str, list]:
    return (
        QuarterlySubmission.select(QuarterlySubmission.id, QuarterlySubmission.quarter,
                                   QuarterlySubmission.submitted_on, Staff.name, QuarterlySubmission.snapshot)
        .join(Staff, pw.JOIN.LEFT_OUTER, on=(QuarterlySubmission.submitted_by == Staff.id))
        .where((QuarterlySubmission.school == school_id) & (QuarterlySubmission.quarter <= label))
        .order_by(QuarterlySubmission.quarter.desc(), QuarterlySubmission.submitted_on.desc(),
                  QuarterlySubmission.id.desc())
        .limit(1)
        .sql()
    )


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


def _guardian_query(pupil_ids: pw.Select) -> pw.Select:
    return (
        Guardian.select(Guardian.pupil, Guardian.relation, Guardian.name, Guardian.phone, Guardian.away,
                        Guardian.work_place, Guardian.capacity, Guardian.day_to_day, Guardian.entrusted)
        .where(Guardian.pupil.in_(pupil_ids))
        .order_by(Guardian.pupil, Guardian.position, Guardian.id)
    )


def _guardians(query: tuple[str, list]) -> dict[int, list[list]]:
    """Pupil id → their guardians as GuardianLine.as_list gives them, in the form's order."""
    found: dict[int, list[list]] = {}
    # Straight from the cursor: the columns are text and flags, nothing for peewee to convert, and the
    # county's ledger runs to tens of thousands of guardians.
    for g in db.execute_sql(*query).fetchall():
        found.setdefault(g[0], []).append([g[1], g[2], g[3] or "", bool(g[4]), g[5] or "", g[6] or "full",
                                           bool(g[7]), bool(g[8])])
    return found


@lru_cache(maxsize=64)
def _ledger_sql(actor: Actor, as_of: dt.date, sqlite: bool) -> tuple[tuple[str, list], tuple[str, list]]:
    """The ledger's pupils and their guardians as SQL, written once for a reach and day (and backend's
    placeholders): peewee takes longer writing them out than the database answering."""
    pupils = _pupil_query(actor).where(_on_ledger(as_of))
    ids = Pupil.select(Pupil.id).where(pupil_scope(actor) & _on_ledger(as_of))
    return pupils.sql(), _guardian_query(ids).sql()


def _current(r: tuple, guardians: list[list]) -> tuple[LedgerRow, dict]:
    """A row of _pupil_query read raw, as a ledger row and as its snapshot entry (the one rule a submission
    stores and this export compares against: LedgerRow.snapshot_entry)."""
    # Named tuples made straight from their values, in LedgerRow's field order (marks and the rest empty).
    born = r[4]  # ISO text on SQLite
    born = _day(born[:10]) if born.__class__ is str else as_date(born)
    class_name, left_behind, in_difficulty = r[9] or "", bool(r[6]), bool(r[7])
    row = _new(LedgerRow, (r[0], r[1], r[2], r[3], born, class_name, r[5], left_behind, in_difficulty,
                           r[8] or "", r[10] or "", tuple([_new(GuardianLine, g) for g in guardians]), (), (), None))
    # The entry from the lists the row's guardians were made from (now the entry's alone), not back from them.
    return row, snapshot_entry(r[1], r[2], class_name, r[5], left_behind, in_difficulty, guardians)


_new, _day = tuple.__new__, dt.date.fromisoformat


@lru_cache(maxsize=64)
def _left_sql(actor: Actor, count: int, sqlite: bool) -> tuple[str, list]:
    """_pupil_query for `count` pupil ids, as SQL and the parameters before the ids (which come last)."""
    marks = list(range(-count, 0))  # stand-ins for the ids, to find where they go
    sql, params = _pupil_query(actor).where(Pupil.id.in_(marks)).sql()
    assert params[-count:] == marks, params
    return sql, params[:-count]


def _left_rows(actor: Actor, previous: dict[str, dict], ids: list[int]) -> list[LedgerRow]:
    """Pupils submitted last time and off the ledger now, as they are today (guardians as submitted)."""
    rows = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        sql, params = _left_sql(actor, len(chunk), is_sqlite())
        for r in db.execute_sql(sql, [*params, *chunk]).fetchall():
            guardians = tuple(GuardianLine.from_list(g) for g in previous[str(r[0])].get("guardians", []))
            rows.append(_current(r, [])[0]._replace(guardians=guardians))
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
    pupils, guardian_query = _ledger_sql(actor, as_of, is_sqlite())
    guardians = _guardians(guardian_query)
    current_rows, current = [], {}
    for r in db.execute_sql(*pupils).fetchall():
        row, entry = _current(r, guardians.get(r[0], []))
        current_rows.append(row)
        current[str(row.pupil_id)] = entry

    found = _base(actor, quarter)
    base, previous = found if found else (None, None)
    changes = compare(previous, current)
    left_ids = sorted(int(k) for k, change in changes.items() if LEFT in change.marks)
    all_rows = current_rows + (_left_rows(actor, previous, left_ids) if left_ids else [])
    marked = []
    for row in all_rows:
        change = changes.get(str(row.pupil_id)) if changes else None
        if change:
            row = _with_change(row, change.marks, change.fields, (previous or {}).get(str(row.pupil_id)))
        marked.append(row)
    return QuarterlyLedger(quarter, as_of, tuple(marked), base)


def _with_change(row: LedgerRow, marks, changed, previous_entry) -> LedgerRow:
    return row._replace(marks=tuple(marks), changed_fields=tuple(changed), previous=previous_entry)


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
    from schoolcare.i18n import text
    from schoolcare.services.accounts.school import school_name
    from schoolcare.services.print_layout import PrintHeading, quarter_period
    from schoolcare.services.reports.quarterly_sheets import sheets
    from schoolcare.services.tabular import write_tables

    require(actor, Permission.EXPORT)
    if record:
        require(actor, Permission.FILE_REPORTS)
    current = ledger(actor, quarter, today=today)
    heading = PrintHeading(text(lang, "print.title.quarterly"), school_name(actor),
                           quarter_period(lang, current.quarter.year, current.quarter.number),
                           today or clock.today(), lang)
    files = write_tables(path, fmt, sheets(current, lang), heading=heading)
    with writing():
        audit.record(actor, "export", "quarterly_ledger", None,
                     changes={"quarter": current.quarter.label, "pupils": len(current.rows), "format": fmt})
    submission = record_submission(actor, current.quarter, today=today) if record else None
    return current, files, submission
