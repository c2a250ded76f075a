"""Every school the county reads, side by side: the term report's figures for all of them at once.

The same definitions as each school's own term report (services/reports/term_report.py), computed for the
whole reach in a fixed handful of GROUP BY queries whatever the number of schools: one per care rule (the
rules engine's own pipeline, services/care/rules_sql.py, with its subjects carrying their school), then one
each for pupils and coverage, activities, rooms' readiness (services/centre/readiness_sql.py) and dropout cases
by step, and one for hazards, incidents with their overdue reports and the quarterly submissions together. Never a loop per school (ARCHITECTURE: aggregate in SQL); the
tests compare every figure with the school's own report.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.compliance import Cell, Figures
from schoolcare.domain.county import OPEN_STEPS, CountyOverview, CountySchool, CountyTrend, schools_weakest_first
from schoolcare.domain.dropouts import DropoutRules
from schoolcare.domain.periods import WEEK
from schoolcare.domain.periods import plan as lay_out
from schoolcare.domain.quarters import Quarter
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Calendar, Rule, Settings, Term
from schoolcare.domain.term_progress import (
    ActivityFigures,
    Coverage,
    GroupProgress,
    HazardFigures,
    IncidentFigures,
    TrendPoint,
)
from schoolcare.services.access import require
from schoolcare.services.care import rules as rules_engine
from schoolcare.services.care.rules_sql import Dialect, done_cte, periods_cte
from schoolcare.services.centre import readiness_sql
from schoolcare.services.county.reach import schools as reach_schools
from schoolcare.services.reports.term_report import _term
from schoolcare.store.database import as_date, db
from schoolcare.store.models import (
    Activity,
    CareAssignment,
    Hazard,
    Incident,
    IncidentReport,
    Pupil,
    QuarterlySubmission,
    School,
    SchoolClass,
)

ENROLLED = "enrolled"


def _sum(condition) -> pw.Expression:
    return pw.fn.SUM(pw.Case(None, [(condition, 1)], 0))


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _end_of(day: dt.date) -> dt.datetime:
    return _start_of(day + dt.timedelta(days=1))


# -- the rules engine over many schools -------------------------------------------------


def _subjects(rule: Rule, term: Term, ids: tuple[int, ...], d: Dialect) -> str:
    """The rule's subjects in every school of `ids`, as the engine takes a school's (rules._subjects_sql with
    an actor who sees every pupil), plus their school_id."""
    null_date = pw.SQL(d.null_date())
    applies = rules_engine._applies
    if rule.subject == "pupil":
        query = Pupil.select(
            Pupil.id.alias("subject_id"), Pupil.school_class.alias("class_id"), Pupil.enrolled_on, Pupil.left_on,
            Pupil.school.alias("school_id"),
        ).where(Pupil.school.in_(ids) & applies(rule.applies_to) & rules_engine.present_in(term))
    elif rule.subject == "class":
        # A class owes from its first pupil's enrolment (undated: always), as the engine takes it; the pupils are
        # grouped by class before meeting the classes (50,000 pupils joined first cost three times as much).
        since = rules_engine.owed_since(Pupil, null_date)
        members = (Pupil.select(Pupil.school_class.alias("class_id"), since.alias("since"))
                   .where(Pupil.school.in_(ids) & Pupil.school_class.is_null(False) & applies(rule.applies_to)
                          & rules_engine.present_in(term))
                   .group_by(Pupil.school_class).alias("members"))
        query = (
            SchoolClass.select(SchoolClass.id.alias("subject_id"), SchoolClass.id.alias("class_id"),
                               members.c.since.alias("enrolled_on"), null_date.alias("left_on"),
                               SchoolClass.school.alias("school_id"))
            .join(members, on=(members.c.class_id == SchoolClass.id))
            .where(SchoolClass.school.in_(ids))
        )
    else:  # a school owes from its first pupil's enrolment, as a class does (rules._subjects_sql)
        since = rules_engine.owed_since(Pupil, null_date)
        query = (Pupil.select(Pupil.school.alias("subject_id"), pw.SQL(d.null_int()).alias("class_id"),
                              since.alias("enrolled_on"), null_date.alias("left_on"), Pupil.school.alias("school_id"))
                 .where(Pupil.school.in_(ids) & applies(rule.applies_to) & rules_engine.present_in(term))
                 .group_by(Pupil.school))
    sql, params = query.sql()
    return d.inline(sql, params)


def rule_cells(rule: Rule, settings: Settings, term: Term, as_of: dt.date,
               ids: tuple[int, ...]) -> tuple[list, dict[int, list[Cell]]]:
    """One rule over the schools `ids`: (its due periods, school id → cells by period), one query."""
    periods, sql = _rule_sql(rule, settings.calendar, term, as_of, ids, rules_engine.dialect())
    if sql is None:
        return list(periods), {}
    cells: dict[int, list[Cell]] = defaultdict(list)
    for school_id, idx, owed, met in db.execute_sql(sql).fetchall():
        cells[int(school_id)].append(Cell(int(idx), None, None, int(owed), int(met or 0)))
    return list(periods), cells


@lru_cache(maxsize=128)
def _rule_sql(rule: Rule, calendar: Calendar, term: Term, as_of: dt.date, ids: tuple[int, ...],
              d: Dialect) -> tuple[tuple, str | None]:
    """(the rule's due periods, its statement or None when nothing is owed), kept like the statements below:
    laying out the periods and writing the statement cost more than a small rule's answer."""
    laid = lay_out(calendar, term, rule, as_of)
    if not laid.due_periods or not ids:
        return tuple(laid.due_periods), None
    need = int(rule.at_least)
    return tuple(laid.due_periods), (
        f"WITH {periods_cte(laid, d)},\nsubjects AS ({_subjects(rule, term, ids, d)}),\n"
        f"{done_cte(laid, d, ids, clip=True)},\n"
        "cells AS (SELECT s.subject_id, s.school_id, pe.idx FROM subjects s JOIN periods pe "
        "ON (s.enrolled_on IS NULL OR s.enrolled_on <= pe.end_on) AND (s.left_on IS NULL OR s.left_on > pe.start_on))\n"
        f"SELECT c.school_id, c.idx, COUNT(*), SUM(CASE WHEN dn.n >= {need} THEN 1 ELSE 0 END) "
        "FROM cells c LEFT JOIN done dn ON dn.subject_id = c.subject_id AND dn.idx = c.idx GROUP BY c.school_id, c.idx"
    )


def _figures(periods, cells: list[Cell], as_of: dt.date) -> tuple[Figures, dict[int, Figures]]:
    by_index = {p.index: p for p in periods}
    total, per_period = Figures(), {}
    for cell in cells:
        f = cell.figures(by_index[cell.period], as_of)
        total += f
        per_period[cell.period] = per_period.get(cell.period, Figures()) + f
    return total, per_period


def _trend(rule: Rule, periods, per_period: dict[int, Figures], as_of: dt.date) -> CountyTrend:
    points = tuple(
        TrendPoint(p.label, p.start, p.end, per_period.get(p.index, Figures()).due,
                   per_period.get(p.index, Figures()).done, running=p.contains(as_of))
        for p in periods if p.started(as_of))
    return CountyTrend(rule, points)


# -- the other figures, grouped by school ------------------------------------------------


# Each statement below is built once per (schools, term, day) and kept as SQL text with its values written in:
# the county home asks the same again on every refresh, and peewee writing a statement out, or the driver
# binding fifty school ids, costs more than PostgreSQL answering these small ones. Only "now" stays a parameter,
# so the text stays the same and the driver keeps it prepared (psycopg prepares a statement run five times).
_NOW = dt.datetime(1900, 1, 1, 0, 0, 1)  # stands for "now" in a kept statement; given when it runs


def _literal(d: Dialect, value) -> str:
    if isinstance(value, dt.datetime):  # as the drivers write a datetime parameter
        return f"TIMESTAMP '{value.isoformat(' ')}'" if d.postgres else f"'{value.isoformat(' ')}'"
    return d.literal(value)


@lru_cache(maxsize=128)
def _statement(build, d: Dialect, *key) -> tuple[str, int]:
    """(the statement's text, how many times "now" is asked in it)."""
    sql, params = build(*key).sql()  # the dialect is in the key: SQLite and PostgreSQL write it apart
    marker = "%s" if d.postgres else "?"
    # PostgreSQL re-plans a kept statement for each "now" it is given (a plan for that value looks cheaper than
    # one for any); asked through a sub-select, the value is unknown to the planner and one plan serves all.
    now = "(SELECT CAST(%s AS TIMESTAMP))" if d.postgres else marker
    parts = sql.split(marker)
    if len(parts) != len(params) + 1:
        raise ValueError("parameter count does not match the SQL")
    out = [parts[0]]
    for value, rest in zip(params, parts[1:], strict=True):
        out += [now if value == _NOW else _literal(d, value), rest]
    return "".join(out), sum(value == _NOW for value in params)


def _rows(build, *key, now: dt.datetime | None = None) -> list[tuple]:
    sql, asks = _statement(build, rules_engine.dialect(), *key)
    return db.execute_sql(sql, (now,) * asks if asks else None).fetchall()


def _coverage_query(ids: tuple[int, ...], day: dt.date, today: dt.date):
    if day >= today:
        held = CareAssignment.select(CareAssignment.pupil).where(CareAssignment.end_on.is_null())
        there = Pupil.status == ENROLLED
    else:
        held = CareAssignment.select(CareAssignment.pupil).where(
            (CareAssignment.start_on <= day) & (CareAssignment.end_on.is_null() | (CareAssignment.end_on > day)))
        there = (Pupil.enrolled_on.is_null() | (Pupil.enrolled_on <= day)) & (
            (Pupil.status == ENROLLED) | (Pupil.left_on > day))
    lb = (Pupil.left_behind == True) & there  # noqa: E712
    return (Pupil.select(Pupil.school, _sum(Pupil.status == ENROLLED), _sum(lb), _sum(lb & Pupil.id.in_(held)))
            .where(Pupil.school.in_(ids)).group_by(Pupil.school))


def _coverage(ids: tuple[int, ...], day: dt.date, today: dt.date) -> dict[int, tuple[int, Coverage]]:
    """school → (enrolled pupils today, coverage on `day`), as the term report counts it (term_counts.counts_on)."""
    return {s: (int(n or 0), Coverage(int(b or 0), int(a or 0)))
            for s, n, b, a in _rows(_coverage_query, ids, day, today)}


def _activities_query(ids: tuple[int, ...], term: Term, day: dt.date):
    """Per school: class and school activities held, classes that held one, and the classes of the term (those
    its pupils were in, as the term report counts them), in one statement."""
    held = Activity.select(
        Activity.school.alias("school_id"), _sum(Activity.scope == "class").alias("class_held"),
        _sum(Activity.scope == "school").alias("school_held"),
        pw.fn.COUNT(Activity.school_class.distinct()).alias("active"),
    ).where(Activity.school.in_(ids) & (Activity.withdrawn == False)  # noqa: E712
            & (Activity.date >= term.start) & (Activity.date <= day)).group_by(Activity.school).alias("held")
    classes = (Pupil.select(Pupil.school.alias("school_id"), pw.fn.COUNT(Pupil.school_class.distinct()).alias("n"))
               .where(Pupil.school.in_(ids) & rules_engine.present_in(term)).group_by(Pupil.school).alias("classes"))
    return (School.select(School.id, held.c.class_held, held.c.school_held, held.c.active, classes.c.n)
            .join(held, pw.JOIN.LEFT_OUTER, on=(held.c.school_id == School.id))
            .join(classes, pw.JOIN.LEFT_OUTER, on=(classes.c.school_id == School.id), src=School)
            .where(School.id.in_(ids)))


def _activities(ids: tuple[int, ...], term: Term, day: dt.date) -> dict[int, ActivityFigures]:
    return {s: ActivityFigures(*(int(v or 0) for v in row)) for s, *row in _rows(_activities_query, ids, term, day)}


def _hazards_query(ids: tuple[int, ...], term: Term, day: dt.date):
    is_open = Hazard.closed_on.is_null() | (Hazard.closed_on > day)
    return Hazard.select(
        Hazard.school.alias("school_id"), _sum(is_open).alias("open"), _sum(is_open & (Hazard.deadline < day)).alias(
            "overdue"), _sum((Hazard.found_on >= term.start) & (Hazard.found_on <= day)).alias("found"),
        _sum((Hazard.closed_on >= term.start) & (Hazard.closed_on <= day)).alias("closed"),
    ).where(Hazard.school.in_(ids) & (Hazard.found_on <= day)).group_by(Hazard.school)


def _incidents_query(ids: tuple[int, ...], term: Term, day: dt.date):
    # An incident's pupil is always of the incident's school (incidents.record_incident finds the pupil in it), so
    # the term report's pupil scope (the school's pupils, for an account that sees every pupil) needs no join.
    is_open = (Incident.status == "open") | (Incident.closed_on > day)
    moment = pw.Value(_NOW)  # min(now, the end of `day`), given when the statement runs
    made = IncidentReport.select(IncidentReport.id).where(
        (IncidentReport.incident == Incident.id) & (IncidentReport.reported_at <= moment))
    late = (is_open & (Incident.occurred_at <= moment) & (Incident.report_due_at < moment) & ~pw.fn.EXISTS(made))
    return Incident.select(
        Incident.school.alias("school_id"), _sum(is_open & (Incident.occurred_at < _end_of(day))).alias("open"),
        _sum((Incident.occurred_at >= _start_of(term.start)) & (Incident.occurred_at < _end_of(day))).alias(
            "recorded"),
        _sum((Incident.closed_on >= term.start) & (Incident.closed_on <= day) & (Incident.occurred_at < _end_of(day))
             ).alias("closed"),
        _sum(late).alias("late"),
    ).where(Incident.school.in_(ids)).group_by(Incident.school)


def _readiness(settings: Settings, ids: tuple[int, ...], day: dt.date, today: dt.date) -> dict[int, float | None]:
    """Each school's centre readiness, as its own screen adds it up (services.centre.rooms), in one statement."""
    return readiness_sql.percent_by_school(settings.centre, ids, None if day >= today else day)


@lru_cache(maxsize=64)
def _dropouts_sql(rules: DropoutRules, ids: tuple[int, ...], today: dt.date, d: Dialect) -> str:
    """Open cases by (school, step) with how many are late: domain.dropouts.case_state as one CASE, each
    deadline (opened_on + days) turned into the day a case must have opened after to be in time."""
    def before(days: int) -> str:  # opened before this day: today is past opened_on + days
        return d.date(today - dt.timedelta(days=days))

    schools = ", ".join(str(int(i)) for i in ids)
    in_persuasion = before(rules.persuasion_days)
    step = ("CASE WHEN c.outcome IS NOT NULL AND c.outcome <> '' THEN c.outcome "
            "WHEN c.registered_on IS NULL THEN 'registration' WHEN c.tried = 0 THEN 'persuasion' "
            "WHEN c.report_sent_on IS NOT NULL THEN 'reported' "
            f"WHEN c.opened_on >= {in_persuasion} THEN 'persuasion' ELSE 'written_report' END")
    late = ("CASE WHEN c.outcome IS NOT NULL AND c.outcome <> '' THEN 0 "
            f"WHEN c.registered_on IS NULL THEN CASE WHEN c.opened_on < {before(rules.registration_days)} "
            "THEN 1 ELSE 0 END "
            f"WHEN c.tried = 0 THEN CASE WHEN c.opened_on < {before(rules.first_persuasion_days)} THEN 1 ELSE 0 END "
            f"WHEN c.report_sent_on IS NOT NULL OR c.opened_on >= {in_persuasion} THEN 0 "
            f"WHEN c.opened_on < {before(rules.persuasion_days + rules.written_report_days)} THEN 1 ELSE 0 END")
    return (
        f"SELECT c.school_id, {step}, COUNT(*), SUM({late}) FROM (SELECT k.school_id, k.opened_on, k.registered_on, "
        "k.report_sent_on, k.outcome, CASE WHEN EXISTS (SELECT 1 FROM persuasion_attempt a WHERE a.case_id = k.id) "
        f"THEN 1 ELSE 0 END AS tried FROM dropout_case k WHERE k.school_id IN ({schools}) AND k.closed_on IS NULL) c "
        "GROUP BY 1, 2"
    )


def _dropouts(settings: Settings, ids: tuple[int, ...], today: dt.date) -> dict[int, tuple[dict[str, int], int]]:
    """Open dropout cases by the step they wait at, and how many are late (protection.dropouts' case_state)."""
    found: dict[int, tuple[dict[str, int], int]] = {}
    if not ids:
        return found
    sql = _dropouts_sql(settings.dropout_rules, ids, today, rules_engine.dialect())
    for school_id, step, n, late in db.execute_sql(sql).fetchall():
        steps, so_far = found.get(school_id, ({}, 0))
        if step in OPEN_STEPS:
            steps[step] = n
        found[school_id] = (steps, so_far + late)
    return {s: ({k: steps[k] for k in OPEN_STEPS if k in steps}, late) for s, (steps, late) in found.items()}


def _quarterly_query(ids: tuple[int, ...], quarter: str):
    return (QuarterlySubmission.select(QuarterlySubmission.school.alias("school_id"),
                                       pw.fn.MIN(QuarterlySubmission.submitted_on).alias("sent_on"))
            .where(QuarterlySubmission.school.in_(ids) & (QuarterlySubmission.quarter == quarter))
            .group_by(QuarterlySubmission.school))


def _records_query(ids: tuple[int, ...], term: Term, day: dt.date, quarter: str):
    """Hazards, incidents and the quarter's ledger per school, three small aggregates side by side: one statement
    where three would each cost more in their round trip than in their answer."""
    h = _hazards_query(ids, term, day).alias("h")
    i = _incidents_query(ids, term, day).alias("i")
    q = _quarterly_query(ids, quarter).alias("q")
    return (School.select(School.id, h.c.open, h.c.overdue, h.c.found, h.c.closed, i.c.open, i.c.recorded,
                          i.c.closed, i.c.late, q.c.sent_on)
            .join(h, pw.JOIN.LEFT_OUTER, on=(h.c.school_id == School.id))
            .join(i, pw.JOIN.LEFT_OUTER, on=(i.c.school_id == School.id), src=School)
            .join(q, pw.JOIN.LEFT_OUTER, on=(q.c.school_id == School.id), src=School)
            .where(School.id.in_(ids)))


def _records(ids: tuple[int, ...], term: Term, day: dt.date, quarter: str) -> dict[int, tuple]:
    """school → (hazards as the term report counts them; its incidents: open, recorded and closed as
    the term report counts them, and those open at the end of `day` (now, for today) whose mandatory
    report was due and not yet made (overdue_reports_on); the day the quarter's ledger was sent, or None)."""
    now = min(clock.now(), _end_of(day))
    found = {}
    for school_id, h1, h2, h3, h4, i1, i2, i3, i4, sent in _rows(_records_query, ids, term, day, quarter, now=now):
        # NULL: no hazard (incident) at all in that school; otherwise sums over its rows, never NULL.
        hazards = HazardFigures(h1, h2, h3, h4) if h1 is not None else HazardFigures(0, 0, 0, 0)
        incidents = IncidentFigures(i1, i2, i3, overdue_reports=i4) if i1 is not None else IncidentFigures(0, 0, 0)
        found[school_id] = (hazards, incidents, as_date(sent))
    return found


# -- the overview ------------------------------------------------------------------------


def overview(actor: Actor, settings: Settings, term_id: str | None = None, *,
             today: dt.date | None = None) -> CountyOverview:
    """Every school the county actor reads, with the term report's figures, weakest first, and the county's
    weekly trend. A past term is as it stood on its last day, as the term report takes it."""
    require(actor, Permission.VIEW_COUNTY)
    today = today or clock.today()
    term = _term(settings, term_id, today)
    day = min(today, term.end)
    found = reach_schools(actor)
    ids = tuple(s.id for s in found)
    rules = settings.rules
    per_rule: dict[str, dict[int, Figures]] = {}
    trend: list[CountyTrend] = []
    running: set[str] = set()
    for rule in rules:
        periods, cells = rule_cells(rule, settings, term, today, ids)
        begun = [p for p in periods if p.started(today)]
        if begun and all(p.contains(today) for p in begun):  # nothing decided yet (RuleProgress.running)
            running.add(rule.id)
        per_rule[rule.id] = {}
        county_periods: dict[int, Figures] = {}
        for school_id, school_cells in cells.items():
            total, per_period = _figures(periods, school_cells, today)
            per_rule[rule.id][school_id] = total
            for idx, f in per_period.items():
                county_periods[idx] = county_periods.get(idx, Figures()) + f
        if rule.period == WEEK:
            trend.append(_trend(rule, periods, county_periods, today))
    coverage = _coverage(ids, day, today)
    activities = _activities(ids, term, day)
    readiness = _readiness(settings, ids, day, today)
    dropouts = _dropouts(settings, ids, today)
    quarter = Quarter.of(today).label  # this quarter's update: sent yet or not (the column names the quarter)
    records = _records(ids, term, day, quarter)
    rows = []
    for school in found:
        pupils, cover = coverage.get(school.id, (0, Coverage(0, 0)))
        figures = {rule.id: per_rule[rule.id][school.id] for rule in rules if school.id in per_rule[rule.id]}
        progress = GroupProgress(school.id, school.name, school.code or "", cover.left_behind, figures,
                                 frozenset(running))
        steps, late = dropouts.get(school.id, ({}, 0))
        hazards, incidents, sent = records[school.id]
        rows.append(CountySchool(
            school.id, school.name, school.code or "", progress, pupils, cover, activities[school.id],
            readiness[school.id], hazards, incidents, steps, late, sent))
    return CountyOverview(term, day, quarter, rules, schools_weakest_first(rows), tuple(trend))
