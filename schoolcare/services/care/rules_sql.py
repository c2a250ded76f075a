"""The SQL behind the rules engine: one aggregate query per rule (or per group of pupil rules owing the same
periods, shared_figures_sql), whatever the number of pupils.

Every query is the same pipeline of common table expressions:
  periods   the rule's due periods of the term, as a small VALUES list
  subjects  who owes them: the pupils (scoped to the acting user), classes, or the school
  done      records per subject and period, the period computed from the date alone
  cells     subjects × periods they owe: from the period containing enrolled_on (NULL: enrolled since
            before the app, owing every period) to the period containing left_on (the first day gone;
            a pupil leaving on a period's first day owes nothing of it)
then grouped by period, class and responsible teacher (figures), or by subject (statuses).
The only differences between SQLite and PostgreSQL live in `Dialect`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from schoolcare.domain.periods import MONTH, QUARTER, TERM, WEEK, RulePlan, bucket_base

# Which records count for each record kind, and where their pupil / class is.
#   table, extra condition, pupil column, class column (None: reached through the pupil)
_SOURCES = {
    "family_call": ("family_call", "r.connected AND NOT r.teacher_line", "r.pupil_id", None),
    "teacher_talk": ("teacher_talk", "", "r.pupil_id", None),
    "home_visit": ("home_visit", "", "r.pupil_id", None),
    "class_activity": ("activity", "r.scope = 'class'", None, "r.school_class_id"),
    "school_activity": ("activity", "r.scope = 'school'", None, None),
}


@dataclass(frozen=True)
class Dialect:
    """The few places SQLite and PostgreSQL disagree: date literals and date arithmetic."""

    postgres: bool

    def date(self, day: dt.date) -> str:
        # Dates come from the calendar, never from user text, so a literal is safe and keeps plans simple.
        text = day.isoformat()
        return f"DATE '{text}'" if self.postgres else f"'{text}'"

    def literal(self, value) -> str:
        """A value of our own making (ids, flags, dates, fixed words) written into the SQL text."""
        if isinstance(value, bool):
            return ("TRUE" if value else "FALSE") if self.postgres else str(int(value))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, dt.date):
            return self.date(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        raise TypeError(f"no SQL literal for {value!r}")

    def inline(self, sql: str, params) -> str:
        """`sql` with its parameters written in.

        SQLite plans the scoped sub-query ~3x faster with literals than with bound
        parameters (it cannot see that `left_behind = ?` is a constant); these
        values never come from what a user typed.
        """
        marker = "%s" if self.postgres else "?"
        parts = sql.split(marker)
        if len(parts) != len(params) + 1:
            raise ValueError("parameter count does not match the SQL")
        out = [parts[0]]
        for value, rest in zip(params, parts[1:], strict=True):
            out += [self.literal(value), rest]
        return "".join(out)

    def null_date(self) -> str:
        return "CAST(NULL AS DATE)" if self.postgres else "NULL"

    def null_int(self) -> str:
        return "CAST(NULL AS INTEGER)" if self.postgres else "NULL"

    def days_since(self, column: str, day: dt.date) -> str:
        if self.postgres:
            return f"({column} - {self.date(day)})"
        return f"CAST(julianday({column}) - julianday({self.date(day)}) AS INTEGER)"

    def month_no(self, column: str) -> str:
        if self.postgres:
            return f"(CAST(EXTRACT(YEAR FROM {column}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1)"
        return f"(CAST(strftime('%Y', {column}) AS INTEGER) * 12 + CAST(strftime('%m', {column}) AS INTEGER) - 1)"

    def bucket(self, plan: RulePlan, column: str) -> str:
        """The period index of a date, as domain.periods.bucket computes it."""
        kind = plan.rule.period
        base = bucket_base(plan.term, kind)
        if kind == WEEK:
            return f"({self.days_since(column, base)} / 7)"
        if kind == MONTH:
            return f"({self.month_no(column)} - {int(base)})"
        if kind == QUARTER:
            return f"(({self.month_no(column)}) / 3 - {int(base)})"
        if kind == TERM:
            return "0"
        raise ValueError(f"unknown period {kind!r}")


@dataclass(frozen=True)
class Subjects:
    """The `subjects` CTE: SQL selecting subject_id, class_id, enrolled_on, left_on, with its parameters."""

    sql: str
    params: tuple
    narrow: bool = False  # a teacher's few pupils or one class, rather than the whole school


def periods_cte(plan: RulePlan, d: Dialect) -> str:
    rows = ", ".join(
        f"({p.index}, {d.date(p.start)}, {d.date(p.end)}, {d.date(p.responsible_day(plan.as_of))})"
        for p in plan.due_periods
    )
    return f"periods(idx, start_on, end_on, resp_on) AS (VALUES {rows})"


def started_end(plan: RulePlan) -> dt.date | None:
    """The last day of the last due period begun by the plan's day (None: none has begun). Records after it
    fall in periods not yet begun, whose figures count only what is owed (upcoming), never what was done."""
    started = [p.end for p in plan.due_periods if p.started(plan.as_of)]
    return max(started) if started else None


def done_cte(plan: RulePlan, d: Dialect, school_id: int | tuple[int, ...], narrow: bool = False, *,
             clip: bool = False, name: str = "done") -> str:
    """Counting records per subject and period inside the rule's counting window (`clip`: only up to the end
    of the periods begun, for the figures, which never count what was done in a period not yet begun)."""
    table, extra, pupil_col, class_col = _SOURCES[plan.rule.record]
    subject = plan.rule.subject
    start, end = plan.window
    if clip:
        end = min(end, started_end(plan) or start - dt.timedelta(days=1))
    # A tuple of school ids: those schools' records at once (services.county.schools, whose subjects carry a
    # school_id column), so a county's figures are one query a rule too.
    county = isinstance(school_id, tuple)
    schools = (f"r.school_id IN ({', '.join(str(int(s)) for s in school_id) or 'NULL'})" if county
               else f"r.school_id = {int(school_id)}")
    where = [schools, "NOT r.withdrawn",
             f"r.date >= {d.date(start)}", f"r.date <= {d.date(end)}"]
    if extra:
        where.append(extra)
    joins = ""
    if subject == "pupil":
        if pupil_col is None:  # an activity counts for each pupil who took part
            joins = "JOIN activity_attendance aa ON aa.activity_id = r.id"
            pupil_col = "aa.pupil_id"
        key = pupil_col
    elif subject == "class":
        if class_col is None and pupil_col is not None:
            joins = "JOIN pupil rp ON rp.id = r.pupil_id"
            class_col = "rp.school_class_id"
        key = class_col if class_col is not None else "s.subject_id"
        if class_col is None:  # a school activity counts for every class (of its own school)
            joins = "JOIN subjects s ON s.school_id = r.school_id" if county else "CROSS JOIN subjects s"
    else:
        key = "r.school_id" if county else str(int(school_id))
    if narrow and subject != "school" and key != "s.subject_id":
        # A teacher's few pupils (or one class): read their records through the (pupil, date) index. The
        # subjects are the school's already, so the school condition goes (with it the planner would read
        # the whole school's term instead, 15x slower). For the whole school the range scan is the better
        # plan, and the join with `cells` keeps only the subjects.
        where.remove(schools)
        where.append(f"{key} IN (SELECT subject_id FROM subjects)")
    return (
        f"{name} AS (SELECT {key} AS subject_id, {d.bucket(plan, 'r.date')} AS idx, "
        f"COUNT(*) AS n, MAX(r.date) AS last_on FROM {table} r {joins} "
        f"WHERE {' AND '.join(where)} GROUP BY 1, 2)"
    )


def _holds(alias: str, day: str) -> str:
    """The care-teacher spell `alias` covers `day`: spells are half-open, [start_on, end_on).

    A reassignment ends the old spell on the day the new one starts
    (services.assignments), so that day belongs to the new teacher and no day
    to both. Joined straight onto care_assignment's pupil index: no CTE to build.
    """
    return f"{alias}.start_on <= {day} AND ({alias}.end_on IS NULL OR {alias}.end_on > {day})"


def _by_care_teacher(plan: RulePlan) -> bool:
    return plan.rule.subject == "pupil" and plan.rule.responsible == "care_teacher"


def _responsible(plan: RulePlan, d: Dialect, cell: str, day: str, school_id: int) -> tuple[str, str]:
    """(JOIN clause, teacher expression) for who answers for `cell` on `day`."""
    if _by_care_teacher(plan):
        # The school in the join too: without it PostgreSQL hashes the whole county's care_assignment for
        # one school's pupils; with it, that school's spells only (the pupil index still serves SQLite).
        return (f"LEFT JOIN care_assignment ca ON ca.pupil_id = {cell}.subject_id "
                f"AND ca.school_id = {int(school_id)} AND {_holds('ca', day)}", "ca.teacher_id")
    if plan.rule.responsible == "coordinator" or plan.rule.subject == "school":
        return "", d.null_int()
    return f"LEFT JOIN school_class hc ON hc.id = {cell}.class_id", "hc.homeroom_teacher_id"


def _with(plan: RulePlan, d: Dialect, subjects: Subjects, school_id: int, *, clip: bool = False) -> str:
    # A class's subjects are a grouped query: written once (MATERIALIZED), not run again for every period.
    materialized = "MATERIALIZED " if plan.rule.subject == "class" else ""
    ctes = [periods_cte(plan, d), f"subjects AS {materialized}({subjects.sql})",
            done_cte(plan, d, school_id, subjects.narrow, clip=clip),
            "cells AS (SELECT s.subject_id, s.class_id, s.left_on, pe.idx, pe.start_on, pe.end_on, pe.resp_on "
            "FROM subjects s JOIN periods pe ON (s.enrolled_on IS NULL OR s.enrolled_on <= pe.end_on) "
            "AND (s.left_on IS NULL OR s.left_on > pe.start_on))"]
    return "WITH " + ",\n".join(ctes)


@lru_cache(maxsize=256)  # the text depends only on its arguments, and screens ask the same again
def figures_sql(plan: RulePlan, d: Dialect, subjects: Subjects, school_id: int) -> tuple[str, tuple]:
    """Rows (period, class, teacher, owed, met): the grain every figure of the rule is summed from."""
    join, teacher = _responsible(plan, d, "c", "c.resp_on", school_id)
    sql = (
        f"{_with(plan, d, subjects, school_id, clip=True)}\n"
        f"SELECT c.idx, c.class_id, {teacher} AS teacher_id, COUNT(*) AS owed, "
        f"SUM(CASE WHEN dn.n >= {int(plan.rule.at_least)} THEN 1 ELSE 0 END) AS met "
        "FROM cells c LEFT JOIN done dn ON dn.subject_id = c.subject_id AND dn.idx = c.idx "
        f"{join} GROUP BY c.idx, c.class_id, {teacher}"
    )
    return sql, subjects.params


@lru_cache(maxsize=256)
def shared_figures_sql(plans: tuple[RulePlan, ...], d: Dialect, subjects: Subjects, school_id: int, *,
                       held_until_then: bool = False) -> tuple[str, tuple]:
    """figures_sql for several pupil rules at once that owe the same periods and answer to the same teacher
    (the weekly call and talk): rows (period, class, teacher, owed, met for the first rule, owed, met for the
    second …), a row for every cell any of them owes.

    The subjects carry a flag a0, a1 … per rule (whom the rule applies to). The pupils, their cells and
    who answered for each are found once rather than once a rule, the dearest part of each rule's query;
    each rule keeps its own records and counting window (done0, done1 …).

    `held_until_then`: no care-teacher spell of the school starts or ends after the plan's day, so whoever
    holds a pupil today holds them on every day to come. The periods not yet begun (which count only what is
    owed, never what was done) are then counted from the pupils grouped by class and current teacher, a few
    hundred rows, rather than cell by cell with a teacher looked up for each.
    """
    first = plans[0]
    join, teacher = _responsible(first, d, "c", "c.resp_on", school_id)
    flags = ", ".join(f"s.a{i}" for i in range(len(plans)))
    ctes = [periods_cte(first, d), f"subjects AS ({subjects.sql})",
            *(done_cte(plan, d, school_id, subjects.narrow, clip=True, name=f"done{i}")
              for i, plan in enumerate(plans)),
            f"cells AS (SELECT s.subject_id, s.class_id, {flags}, pe.idx, pe.resp_on "
            "FROM subjects s JOIN periods pe ON (s.enrolled_on IS NULL OR s.enrolled_on <= pe.end_on) "
            "AND (s.left_on IS NULL OR s.left_on > pe.start_on))"]
    sums = ", ".join(
        f"SUM(c.a{i}), SUM(CASE WHEN c.a{i} = 1 AND d{i}.n >= {int(plan.rule.at_least)} THEN 1 ELSE 0 END)"
        for i, plan in enumerate(plans))
    joins = " ".join(f"LEFT JOIN done{i} d{i} ON d{i}.subject_id = c.subject_id AND d{i}.idx = c.idx"
                     for i in range(len(plans)))
    to_come = [p for p in first.due_periods if not p.started(first.as_of)]
    begun = max((p.index for p in first.due_periods if p.started(first.as_of)), default=None)
    where = ""
    if held_until_then and to_come:
        where = f"WHERE c.idx <= {begun} " if begun is not None else "WHERE 1 = 0 "
    if where:  # the subjects are read twice then: once is enough
        ctes[1] = f"subjects AS MATERIALIZED ({subjects.sql})"
    sql = (
        "WITH " + ",\n".join(ctes + ([_to_come_cte(plans, d, to_come, school_id)] if where else [])) + "\n"
        f"SELECT c.idx, c.class_id, {teacher} AS teacher_id, {sums} "
        f"FROM cells c {joins} {join} {where}GROUP BY c.idx, c.class_id, {teacher}"
    )
    if where:
        owed = ", ".join(f"CAST(SUM(u.a{i}) AS INTEGER), 0" for i in range(len(plans)))  # a sum of sums: numeric
        sql += (f"\nUNION ALL SELECT pe.idx, u.class_id, u.teacher_id, {owed} FROM to_come u JOIN periods pe "
                f"ON pe.idx > {begun if begun is not None else -1_000_000} "
                "AND (u.enrolled_on IS NULL OR u.enrolled_on <= pe.end_on) "
                "AND (u.left_on IS NULL OR u.left_on > pe.start_on) GROUP BY pe.idx, u.class_id, u.teacher_id")
    return sql, subjects.params


def _to_come_cte(plans: tuple[RulePlan, ...], d: Dialect, to_come: list, school_id: int) -> str:
    """The subjects grouped by class, today's teacher and their dates as the periods to come see them (an
    enrolment before the first of them, or a leaving after the last one began, is no date at all to them)."""
    first, last = to_come[0].start, to_come[-1].start
    if _by_care_teacher(plans[0]):
        join, teacher = (f"LEFT JOIN care_assignment ca ON ca.pupil_id = s.subject_id "
                         f"AND ca.school_id = {int(school_id)} AND ca.end_on IS NULL"), "ca.teacher_id"
    elif plans[0].rule.responsible == "coordinator":
        join, teacher = "", d.null_int()
    else:
        join, teacher = "LEFT JOIN school_class hc ON hc.id = s.class_id", "hc.homeroom_teacher_id"
    flags = ", ".join(f"SUM(s.a{i}) AS a{i}" for i in range(len(plans)))
    return (
        # MATERIALIZED: joined with the periods, a grouped sub-query would otherwise run again for each period.
        f"to_come AS MATERIALIZED (SELECT s.class_id, {teacher} AS teacher_id, "
        f"CASE WHEN s.enrolled_on > {d.date(first)} THEN s.enrolled_on END AS enrolled_on, "
        f"CASE WHEN s.left_on <= {d.date(last)} THEN s.left_on END AS left_on, {flags} "
        f"FROM subjects s {join} GROUP BY 1, 2, 3, 4)"
    )


@lru_cache(maxsize=256)
def totals_sql(plan: RulePlan, d: Dialect, subjects: Subjects, school_id: int) -> tuple[str, tuple]:
    """One row (due, done, overdue, upcoming): the rule's figures summed over every cell, as Cell.figures
    counts them, without the grouping by class and teacher (nor the join that finds the teacher)."""
    need = int(plan.rule.at_least)
    due = plan.due_periods
    started = max((p.index for p in due if p.started(plan.as_of)), default=-1_000_000)
    ended = max((p.index for p in due if p.ended(plan.as_of)), default=-1_000_000)
    sql = (
        f"{_with(plan, d, subjects, school_id, clip=True)}\n"
        f"SELECT COALESCE(SUM(CASE WHEN c.idx <= {started} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN c.idx <= {started} AND dn.n >= {need} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN c.idx <= {ended} AND COALESCE(dn.n, 0) < {need} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN c.idx > {started} THEN 1 ELSE 0 END), 0) "
        "FROM cells c LEFT JOIN done dn ON dn.subject_id = c.subject_id AND dn.idx = c.idx"
    )
    return sql, subjects.params


def _index(period) -> int:
    return period.index if period is not None else -1_000_000


@lru_cache(maxsize=256)
def statuses_sql(plan: RulePlan, d: Dialect, subjects: Subjects, school_id: int, *,
                 only_overdue: bool) -> tuple[str, tuple]:
    """One row per subject: records in the running and last ended period, periods owed and missed, last record."""
    need = int(plan.rule.at_least)
    due = plan.due_periods
    started = max((p.index for p in due if p.started(plan.as_of)), default=-1_000_000)
    ended = max((p.index for p in due if p.ended(plan.as_of)), default=-1_000_000)
    sql = (
        f"{_with(plan, d, subjects, school_id)},\n"
        "per AS (SELECT c.subject_id, c.class_id, "
        f"MAX(CASE WHEN c.idx = {_index(plan.current)} THEN COALESCE(dn.n, 0) END) AS cur_n, "
        f"MAX(CASE WHEN c.idx = {_index(plan.previous)} THEN COALESCE(dn.n, 0) END) AS prev_n, "
        f"SUM(CASE WHEN c.idx <= {started} THEN 1 ELSE 0 END) AS owed, "
        f"SUM(CASE WHEN c.idx <= {ended} AND COALESCE(dn.n, 0) < {need} THEN 1 ELSE 0 END) AS missed, "
        "MAX(dn.last_on) AS last_on, MAX(c.left_on) AS left_on "
        "FROM cells c LEFT JOIN done dn ON dn.subject_id = c.subject_id AND dn.idx = c.idx "
        "GROUP BY c.subject_id, c.class_id)"
    )
    # Who answers for the subject today (or on the term's last day for a past term).
    today = d.date(min(max(plan.as_of, plan.term.start), plan.term.end))
    join, teacher = _responsible(plan, d, "per", today, school_id)
    if plan.rule.subject == "pupil":
        names = ("JOIN pupil p ON p.id = per.subject_id "
                 "LEFT JOIN school_class sc ON sc.id = per.class_id")
        name, number, order = "p.name", "p.student_no", "sc.grade, sc.number, p.student_no, p.id"
    elif plan.rule.subject == "class":
        names = "JOIN school_class sc ON sc.id = per.subject_id"
        name, number, order = "sc.name", "''", "sc.grade, sc.number"
    else:
        names = "JOIN school sc ON sc.id = per.subject_id"
        name, number, order = "sc.name", "''", "sc.id"
    class_name = "sc.name" if plan.rule.subject != "school" else "''"
    where = ""
    if only_overdue:
        # A pupil gone by that day is overdue for nothing any more (the periods they missed stay in the figures).
        where = (f"WHERE COALESCE(per.cur_n, 0) < {need} AND per.prev_n < {need} "
                 f"AND (per.left_on IS NULL OR per.left_on > {today})")
    sql += (
        f"\nSELECT per.subject_id, {name}, {number}, per.class_id, {class_name}, {teacher} AS teacher_id, "
        "st.name, per.cur_n, per.prev_n, per.owed, per.missed, per.last_on, per.left_on "
        f"FROM per {names} {join} "
        f"LEFT JOIN staff st ON st.id = {teacher} {where} ORDER BY {order}"
    )
    return sql, subjects.params
