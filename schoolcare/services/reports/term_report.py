"""The principal's term progress (R9): one call gathers the rules engine's figures, coverage, readiness, hazards
and incidents for a term, with the change from the previous term; rows open the pupils behind them.

Compliance comes only from services/care/rules.py and readiness only from services/centre/rooms.py: this module
arranges their answers (by class, by teacher, by week) and adds the few counts no other service keeps (activities
held, hazards and incidents as they stood on a past term's last day: term_counts.py).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import peewee as pw

from schoolcare.domain import clock, periods
from schoolcare.domain.compliance import Figures, RuleCompliance, Status
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings, Term
from schoolcare.domain.term_progress import (
    ActivityLine,
    Coverage,
    GroupProgress,
    HazardFigures,
    IncidentFigures,
    PupilStanding,
    RuleProgress,
    TermHeadline,
    TermProgress,
    TrendPoint,
    rate_percent,
    weakest_first,
)
from schoolcare.services.access import require
from schoolcare.services.care import rules as rules_engine
from schoolcare.services.centre import rooms
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry import assignments
from schoolcare.services.reports.term_counts import counts_on
from schoolcare.store.database import db, is_sqlite
from schoolcare.store.models import Activity, ActivityAttendance, CareAssignment, Pupil, SchoolClass, Staff


def started_terms(settings: Settings, today: dt.date | None = None) -> list[Term]:
    """The terms a report can be about (begun by today), newest first: the term picker's list."""
    today = today or clock.today()
    return [t for t in reversed(settings.calendar.terms) if t.start <= today]


def _term(settings: Settings, term_id: str | None, today: dt.date) -> Term:
    term = rules_engine.term_for(settings, term_id, today)
    if term.start > today:
        raise ValidationError("reports.term_not_begun", "term", term=term.id, start=term.start.isoformat())
    return term


# -- arranging the engine's figures (the counts on a given day are term_counts') ----------------


@dataclass
class _Split:
    """One rule's figures summed in a single pass over the engine's cells: in total, per period, class and
    teacher. (RuleCompliance.by_period/by_class/by_teacher give the same sums, a pass each; with thousands of
    cells those passes cost more than the rule's query.)"""

    total: Figures
    periods: dict[int, Figures]
    classes: dict[int | None, Figures]
    teachers: dict[int | None, Figures]


# What a cell's (owed, met) add to (due, done, overdue, upcoming) in a period not yet begun, running, or ended:
# Cell.figures' rule, applied to sums of cells instead of a Figures made per cell.
_UPCOMING, _RUNNING, _ENDED = 0, 1, 2


def _figures(sums: list[int]) -> Figures:
    """Figures from [owed, met] summed over cells of periods to come, running and ended (6 numbers)."""
    upcoming, _, running_owed, running_met, ended_owed, ended_met = sums
    # Hundreds a load, one per class, teacher and period: written in one go rather than through the frozen
    # dataclass's __init__ (an object.__setattr__ per field); the same Figures, equal and with the same hash.
    made = _new(Figures)
    made.__dict__.update(due=running_owed + ended_owed, done=running_met + ended_met, overdue=ended_owed - ended_met,
                         upcoming=upcoming)
    return made


_new = object.__new__
assert not hasattr(Figures, "__slots__") and not hasattr(Figures, "__post_init__")  # what _figures skips


def _split(compliance: RuleCompliance) -> _Split:
    as_of = compliance.as_of
    # The position of a period's [owed, met] in a group's six sums: its state, times two.
    at = {p.index: 2 * (_UPCOMING if not p.started(as_of) else _ENDED if p.ended(as_of) else _RUNNING)
          for p in compliance.periods}
    six = [0, 0, 0, 0, 0, 0].copy  # a group's sums, made on its first cell (defaultdict: no test per cell)
    periods: dict[int, list[int]] = defaultdict(six)
    classes: dict[int | None, list[int]] = defaultdict(six)
    teachers: dict[int | None, list[int]] = defaultdict(six)
    # Thousands of cells: one pass, written out (a loop over the three groups costs twice as much).
    for period, class_id, teacher_id, owed, met in compliance.cells:
        i = at[period]
        j = i + 1
        acc = periods[period]
        acc[i] += owed
        acc[j] += met
        acc = classes[class_id]
        acc[i] += owed
        acc[j] += met
        acc = teachers[teacher_id]
        acc[i] += owed
        acc[j] += met
    by_period = {index: _figures(sums) for index, sums in periods.items()}
    total = [sum(column) for column in zip(*periods.values(), strict=True)] if periods else [0] * 6
    return _Split(_figures(total), by_period, {k: _figures(v) for k, v in classes.items()},
                  {k: _figures(v) for k, v in teachers.items()})


def _trend(compliance: RuleCompliance, split: _Split) -> tuple[TrendPoint, ...]:
    points = []
    for period in compliance.periods:
        if not period.started(compliance.as_of):
            continue
        figures = split.periods.get(period.index, Figures())
        points.append(TrendPoint(period.label, period.start, period.end, figures.due, figures.done,
                                 running=period.contains(compliance.as_of)))
    return tuple(points)


def _groups(splits: dict[str, _Split], rules: tuple[RuleProgress, ...], key: str) -> dict[int | None, dict]:
    """rule id → figures, per class (key 'class') or per responsible teacher (key 'teacher')."""
    groups: dict[int | None, dict[str, Figures]] = {}
    for rule in rules:
        if rule.rule.subject == "school":
            continue  # the school's own rule belongs to no class and to the coordinator alone
        split = splits[rule.rule.id].classes if key == "class" else splits[rule.rule.id].teachers
        for group_id, figures in split.items():
            groups.setdefault(group_id, {})[rule.rule.id] = figures
    return groups


def _class_rows(classes: list[tuple], figures: dict, running: frozenset[str]) -> tuple[GroupProgress, ...]:
    # A running term also lists the classes that owe nothing yet; a past one only those its figures name,
    # so a class (or pupil) added since never shows in it.
    rows = [GroupProgress(class_id, name, teacher or "", left_behind or 0, figures.get(class_id, {}), running)
            for class_id, name, teacher, left_behind in classes if class_id in figures or (running and left_behind)]
    return weakest_first(rows)


def _classes_and_staff(actor: Actor) -> tuple[list[tuple], dict[int, tuple[str, str]], dict[int, int]]:
    """What the class and teacher rows show besides their figures, in one statement: the classes as
    school.list_classes lists them (a teacher: the class they lead) as (id, name, homeroom teacher, enrolled
    left-behind pupils); each member of staff's name and post (the school's staff, as the rules engine names
    them); each teacher's current caseload (as coverage's loads)."""
    classes, staff, caseloads = [], {}, {}
    for kind, key, name, teacher, count, *order in db.execute_sql(
            *_classes_and_staff_sql(actor, is_sqlite())).fetchall():
        if kind == 0:
            classes.append((order, key, name, teacher, count))
        elif kind == 1:
            staff[key] = (name, teacher)
        else:
            caseloads[key] = count
    classes.sort(key=itemgetter(0))  # list_classes' order: current classes first, by grade and number
    return [c[1:] for c in classes], staff, caseloads


@lru_cache(maxsize=64)
def _classes_and_staff_sql(actor: Actor, sqlite: bool) -> tuple[str, list]:
    teacher, null = Staff.alias(), pw.SQL("NULL")
    classes = (
        SchoolClass.select(pw.Value(0), SchoolClass.id, SchoolClass.name, teacher.name, pw.fn.COUNT(Pupil.id),
                           SchoolClass.retired_on.is_null(False), SchoolClass.grade, SchoolClass.number)
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(SchoolClass.homeroom_teacher == teacher.id))
        .switch(SchoolClass)
        .join(Pupil, pw.JOIN.LEFT_OUTER, on=((Pupil.school_class == SchoolClass.id) & (Pupil.status == "enrolled")
                                             & (Pupil.left_behind == True)))  # noqa: E712
        .where(SchoolClass.school == actor.school_id)
        .group_by(SchoolClass.id, teacher.name)
    )
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        classes = classes.where(SchoolClass.homeroom_teacher == actor.staff_id)
    staff = Staff.select(pw.Value(1), Staff.id, Staff.name, Staff.post, null, null, null, null).where(
        Staff.school == actor.school_id)
    caseloads = (
        CareAssignment.select(pw.Value(2), CareAssignment.teacher, null, null, pw.fn.COUNT(CareAssignment.id),
                              null, null, null)
        .join(Pupil).switch(CareAssignment).join(Staff, on=(CareAssignment.teacher == Staff.id))
        .where((CareAssignment.school == actor.school_id) & CareAssignment.end_on.is_null()
               & (Staff.school == actor.school_id))
        .group_by(CareAssignment.teacher)
    )
    return classes.union_all(staff).union_all(caseloads).sql()


def _teacher_rows(figures: dict, staff: dict[int, tuple[str, str]], caseloads: dict[int, int],
                  running: frozenset[str]) -> tuple[GroupProgress, ...]:
    rows = []
    for teacher_id, per_rule in figures.items():
        name, post = staff.get(teacher_id, ("", "")) if teacher_id is not None else ("", "")
        rows.append(GroupProgress(teacher_id, name, post or "", caseloads.get(teacher_id, 0), per_rule, running))
    return weakest_first(rows)


def _headline(rates: dict[str, float | None], coverage: Coverage, readiness, hazards: HazardFigures,
              incidents: IncidentFigures) -> TermHeadline:
    return TermHeadline(
        coverage=coverage.percent,
        rates=rates,
        readiness=readiness.percent,
        hazards_open=hazards.open,
        hazards_overdue=hazards.overdue,
        incidents_open=incidents.open,
    )


def _readiness(actor: Actor, settings: Settings, day: dt.date, today: dt.date):
    return rooms.readiness(actor, settings, as_of=None if day >= today else day)


def term_progress(actor: Actor, settings: Settings, term_id: str | None = None, *,
                  today: dt.date | None = None, compare: bool = True) -> TermProgress:
    """Everything the term progress screen shows, for the current term or any begun one.

    A past term is reported as it stood on its last day (coverage, readiness, hazards, incidents) and with every
    period decided (the engine's figures as of today). `compare` adds the previous term's headline.
    """
    require(actor, Permission.VIEW_REPORTS)
    today = today or clock.today()
    term = _term(settings, term_id, today)
    day = min(today, term.end)
    compliance = rules_engine.term_compliance(actor, settings, term.id, as_of=today, plain_cells=True,
                                               names=False)  # the names come with the classes and staff
    splits = {r.rule.id: _split(r) for r in compliance.rules}
    rules = tuple(RuleProgress(r.rule, splits[r.rule.id].total, _trend(r, splits[r.rule.id]))
                  for r in compliance.rules)
    running = frozenset(r.rule.id for r in rules if r.running)
    # Today's coverage as the registry counts it, a past day's from the spells (coverage_on), with the other
    # counts in one statement.
    registry_counts = assignments.coverage_counts_sql(actor) if day >= today else None
    coverage, hazards, incidents, activities = counts_on(actor, term, day, registry_counts)
    readiness = _readiness(actor, settings, day, today)
    headline = _headline({r.rule.id: r.rate for r in rules}, coverage, readiness, hazards, incidents)
    previous_term = settings.calendar.previous(term)
    previous = None
    if compare and previous_term is not None:
        # Only the previous term's totals are compared: asked as totals, not summed from its cells.
        totals = rules_engine.term_totals(actor, settings, previous_term.id, as_of=today)
        end = previous_term.end
        was_covered, had_hazards, had_incidents, _ = counts_on(
            actor, previous_term, end, assignments.coverage_counts_sql(actor) if end >= today else None)
        previous = _headline({rule_id: rate_percent(total) for rule_id, total in totals.items()},
                             was_covered, _readiness(actor, settings, end, today), had_hazards, had_incidents)
        rules = tuple(RuleProgress(r.rule, r.figures, r.trend, totals.get(r.rule.id)) for r in rules)
    classes, staff, caseloads = _classes_and_staff(actor)
    return TermProgress(
        term=term, as_of=day, current=term.contains(today), coverage=coverage, rules=rules,
        classes=_class_rows(classes, _groups(splits, rules, "class"), running),
        teachers=_teacher_rows(_groups(splits, rules, "teacher"), staff, caseloads, running),
        activities=activities, readiness=readiness, hazards=hazards, incidents=incidents,
        headline=headline, previous_term=previous_term, previous=previous,
    )


def standings(actor: Actor, settings: Settings, term_id: str | None = None, *, class_id: int | None = None,
              teacher_id: int | None = ..., rule_ids: tuple[str, ...] | None = None,  # type: ignore[assignment]
              behind_only: bool = True, today: dt.date | None = None) -> list[PupilStanding]:
    """The pupils behind a class's or a teacher's figures (Ellipsis: any teacher), one row per pupil and rule;
    `behind_only` keeps those overdue now or with a missed period. Overdue first, then most periods missed."""
    require(actor, Permission.VIEW_REPORTS)
    today = today or clock.today()
    term = _term(settings, term_id, today)
    found = []
    for rule in rules_engine.rules_for(actor, settings, "pupil"):
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        running = periods.plan(settings.calendar, term, rule, today).current is not None
        # A class's row asks for that class's pupils only, not the school's to keep one class of them.
        for s in rules_engine.statuses(actor, settings, rule.id, term.id, as_of=today, class_id=class_id):
            if teacher_id is not ... and s.teacher_id != teacher_id:
                continue
            if behind_only and s.status is not Status.OVERDUE and not s.missed:
                continue
            # The running period is owed but not yet decided: it is done only once met.
            unmet_running = s.status is Status.DUE or (s.status is Status.OVERDUE and running)
            found.append(PupilStanding(s.subject_id, s.student_no, s.name, s.class_id, s.class_name, s.teacher_id,
                                       s.teacher_name, rule.id, s.status, s.missed, s.owed, s.last_on,
                                       done=max(0, s.owed - s.missed - unmet_running), count=s.count))
    found.sort(key=lambda p: (p.status is not Status.OVERDUE, -p.missed, p.class_name, p.student_no, p.rule_id))
    return found


def activity_lines(actor: Actor, term: Term, day: dt.date):
    """The class and school activities held from the term's start to `day`, with how many pupils took part."""
    require(actor, Permission.VIEW_REPORTS)
    organiser = Staff.alias()
    query = (
        Activity.select(Activity.date, Activity.scope, SchoolClass.name.alias("class_name"), Activity.kind,
                        Activity.title, organiser.name.alias("organiser_name"),
                        pw.fn.COUNT(ActivityAttendance.id).alias("n"))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Activity.school_class == SchoolClass.id))
        .switch(Activity)
        .join(organiser, pw.JOIN.LEFT_OUTER, on=(Activity.organiser == organiser.id))
        .switch(Activity)
        .join(ActivityAttendance, pw.JOIN.LEFT_OUTER, on=(ActivityAttendance.activity == Activity.id))
        .where((Activity.school == actor.school_id) & (Activity.withdrawn == False)  # noqa: E712
               & (Activity.date >= term.start) & (Activity.date <= day))
        .group_by(Activity.id, SchoolClass.name, organiser.name)
        .order_by(Activity.date, Activity.id)
    )
    return [ActivityLine(r["date"], r["scope"], r["class_name"] or "", r["kind"], r["title"],
                         r["organiser_name"] or "", int(r["n"])) for r in query.dicts()]


def term_hazards(actor: Actor, settings: Settings, term: Term, day: dt.date):
    """The hazards that belong in a term's report: found during it, or still open on its last day (or today)."""
    from schoolcare.services.centre import hazards

    rows = hazards.list_hazards(actor, settings, "all", today=day, found_to=day)
    return [h for h in rows if h.found_on >= term.start or h.closed_on is None or h.closed_on > day]
