"""The principal's term progress (R9): one call gathers the rules engine's figures, coverage, readiness, hazards
and incidents for a term, with the change from the previous term; rows open the pupils behind them.

Compliance comes only from services/care/rules.py and readiness only from services/centre/rooms.py: this module
arranges their answers (by class, by teacher, by week) and adds the few counts no other service keeps (activities
held, hazards and incidents as they stood on a past term's last day).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from schoolcare.domain import clock, periods
from schoolcare.domain.compliance import Figures, RuleCompliance, Status
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings, Term
from schoolcare.domain.term_progress import (
    ActivityFigures,
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
from schoolcare.services.access import pupil_scope, require
from schoolcare.services.accounts import school
from schoolcare.services.care import rules as rules_engine
from schoolcare.services.centre import rooms
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry import assignments
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    CareAssignment,
    Hazard,
    Incident,
    IncidentReport,
    Pupil,
    SchoolClass,
    Staff,
)


def started_terms(settings: Settings, today: dt.date | None = None) -> list[Term]:
    """The terms a report can be about (begun by today), newest first: the term picker's list."""
    today = today or clock.today()
    return [t for t in reversed(settings.calendar.terms) if t.start <= today]


def _term(settings: Settings, term_id: str | None, today: dt.date) -> Term:
    term = rules_engine.term_for(settings, term_id, today)
    if term.start > today:
        raise ValidationError("reports.term_not_begun", "term", term=term.id, start=term.start.isoformat())
    return term


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` (datetimes before it fall on or before that day)."""
    return _start_of(day + dt.timedelta(days=1))


# -- counts on a given day ------------------------------------------------------


def coverage_on(actor: Actor, day: dt.date, today: dt.date, registry=None) -> Coverage:
    """Care-teacher coverage: today's from the registry's own figure (assignments.coverage, or `registry` if
    already asked), a past day's from the assignment spells."""
    if day >= today:
        found = registry or assignments.coverage(actor)
        return Coverage(found.left_behind, found.assigned)
    held = CareAssignment.select(CareAssignment.pupil).where(
        (CareAssignment.start_on <= day) & (CareAssignment.end_on.is_null() | (CareAssignment.end_on > day)))
    there = (Pupil.enrolled_on.is_null() | (Pupil.enrolled_on <= day)) & (
        (Pupil.status == "enrolled") | (Pupil.left_on > day))
    row = Pupil.select(
        pw.fn.COUNT(Pupil.id).alias("lb"),
        pw.fn.SUM(pw.Case(None, [(Pupil.id.in_(held), 1)], 0)).alias("assigned"),
    ).where(pupil_scope(actor) & (Pupil.left_behind == True) & there).dicts().get()  # noqa: E712
    return Coverage(int(row["lb"] or 0), int(row["assigned"] or 0))


def hazards_on(actor: Actor, term: Term, day: dt.date) -> HazardFigures:
    """Hazards open and overdue as they stood on `day`, found and closed between the term's start and `day`."""
    is_open = Hazard.closed_on.is_null() | (Hazard.closed_on > day)
    in_term = (Hazard.found_on >= term.start) & (Hazard.found_on <= day)
    closed = (Hazard.closed_on >= term.start) & (Hazard.closed_on <= day)
    row = Hazard.select(
        pw.fn.SUM(pw.Case(None, [(is_open, 1)], 0)).alias("open"),
        pw.fn.SUM(pw.Case(None, [(is_open & (Hazard.deadline < day), 1)], 0)).alias("overdue"),
        pw.fn.SUM(pw.Case(None, [(in_term, 1)], 0)).alias("found"),
        pw.fn.SUM(pw.Case(None, [(closed, 1)], 0)).alias("closed"),
    ).where((Hazard.school == actor.school_id) & (Hazard.found_on <= day)).dicts().get()
    return HazardFigures(*(int(row[k] or 0) for k in ("open", "overdue", "found", "closed")))


def incidents_on(actor: Actor, term: Term, day: dt.date) -> IncidentFigures:
    before_end = Incident.occurred_at < _end_of(day)
    is_open = (Incident.status == "open") | (Incident.closed_on > day)
    row = Incident.select(
        pw.fn.SUM(pw.Case(None, [(is_open, 1)], 0)).alias("open"),
        pw.fn.SUM(pw.Case(None, [(Incident.occurred_at >= _start_of(term.start), 1)], 0)).alias("recorded"),
        pw.fn.SUM(pw.Case(None, [((Incident.closed_on >= term.start) & (Incident.closed_on <= day), 1)], 0))
        .alias("closed"),
    ).join(Pupil).where((Incident.school == actor.school_id) & before_end & pupil_scope(actor)).dicts().get()
    return IncidentFigures(*(int(row[k] or 0) for k in ("open", "recorded", "closed")),
                           overdue_reports=overdue_reports_on(actor, day))


def overdue_reports_on(actor: Actor, day: dt.date) -> int:
    """Incidents open at the end of `day` (now, for today) whose mandatory report was due and not yet made."""
    moment = min(clock.now(), _end_of(day))
    made = IncidentReport.select(IncidentReport.id).where(
        (IncidentReport.incident == Incident.id) & (IncidentReport.reported_at <= moment))
    is_open = (Incident.status == "open") | (Incident.closed_on > day)
    return (Incident.select().join(Pupil)
            .where((Incident.school == actor.school_id) & pupil_scope(actor) & is_open
                   & (Incident.occurred_at <= moment) & (Incident.report_due_at < moment) & ~pw.fn.EXISTS(made))
            .count())


def activities_in(actor: Actor, term: Term, day: dt.date) -> ActivityFigures:
    row = Activity.select(
        pw.fn.SUM(pw.Case(None, [(Activity.scope == "class", 1)], 0)).alias("class_held"),
        pw.fn.SUM(pw.Case(None, [(Activity.scope == "school", 1)], 0)).alias("school_held"),
        pw.fn.COUNT(Activity.school_class.distinct()).alias("classes_active"),
    ).where((Activity.school == actor.school_id) & (Activity.withdrawn == False)  # noqa: E712
            & (Activity.date >= term.start) & (Activity.date <= day)).dicts().get()
    # The classes of the term are those its pupils were in: a class created (or emptied) since does not
    # change a past term's figure.
    classes = (Pupil.select(pw.fn.COUNT(Pupil.school_class.distinct()))
               .where((Pupil.school == actor.school_id) & rules_engine.present_in(term)).scalar() or 0)
    return ActivityFigures(int(row["class_held"] or 0), int(row["school_held"] or 0),
                           int(row["classes_active"] or 0), classes)


# -- arranging the engine's figures ------------------------------------------------


@dataclass
class _Split:
    """One rule's figures summed in a single pass over the engine's cells: in total, per period, class and
    teacher. (RuleCompliance.by_period/by_class/by_teacher give the same sums, a pass each; with thousands of
    cells those passes cost more than the rule's query.)"""

    total: Figures
    periods: dict[int, Figures]
    classes: dict[int | None, Figures]
    teachers: dict[int | None, Figures]


def _split(compliance: RuleCompliance, *, total_only: bool = False) -> _Split:
    by_index = {p.index: p for p in compliance.periods}
    total = [0, 0, 0, 0]
    groups: tuple[dict, dict, dict] = ({}, {}, {})  # per period, class, teacher
    for cell in compliance.cells:
        f = cell.figures(by_index[cell.period], compliance.as_of)  # the engine's own due/done/overdue
        values = (f.due, f.done, f.overdue, f.upcoming)
        for i in range(4):
            total[i] += values[i]
        if total_only:
            continue
        for group, key in zip(groups, (cell.period, cell.class_id, cell.teacher_id), strict=True):
            acc = group.get(key)
            if acc is None:
                group[key] = list(values)
            else:
                for i in range(4):
                    acc[i] += values[i]
    periods, classes, teachers = ({k: Figures(*v) for k, v in g.items()} for g in groups)
    return _Split(Figures(*total), periods, classes, teachers)


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


def _class_rows(actor: Actor, figures: dict, running: frozenset[str]) -> tuple[GroupProgress, ...]:
    # A running term also lists the classes that owe nothing yet; a past one only those its figures name,
    # so a class (or pupil) added since never shows in it.
    rows = [GroupProgress(c.id, c.name, c.homeroom_teacher, c.left_behind, figures.get(c.id, {}), running)
            for c in school.list_classes(actor) if c.id in figures or (running and c.left_behind)]
    return weakest_first(rows)


def _teacher_rows(actor: Actor, figures: dict, names: dict[int, str], loads,
                  running: frozenset[str]) -> tuple[GroupProgress, ...]:
    loads = {load.staff_id: load for load in loads}
    posts = dict(Staff.select(Staff.id, Staff.post).where(Staff.school == actor.school_id).tuples())
    rows = []
    for teacher_id, per_rule in figures.items():
        name = names.get(teacher_id, "") if teacher_id is not None else ""
        load = loads.get(teacher_id)
        rows.append(GroupProgress(teacher_id, name, posts.get(teacher_id, "") or "",
                                  load.pupils if load else 0, per_rule, running))
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
    compliance = rules_engine.term_compliance(actor, settings, term.id, as_of=today)
    splits = {r.rule.id: _split(r) for r in compliance.rules}
    rules = tuple(RuleProgress(r.rule, splits[r.rule.id].total, _trend(r, splits[r.rule.id]))
                  for r in compliance.rules)
    running = frozenset(r.rule.id for r in rules if r.running)
    registry = assignments.coverage(actor)  # today's coverage and each teacher's caseload, asked once
    coverage = coverage_on(actor, day, today, registry)
    readiness = _readiness(actor, settings, day, today)
    hazards = hazards_on(actor, term, day)
    incidents = incidents_on(actor, term, day)
    headline = _headline({r.rule.id: r.rate for r in rules}, coverage, readiness, hazards, incidents)
    previous_term = settings.calendar.previous(term)
    previous = None
    if compare and previous_term is not None:
        before = rules_engine.term_compliance(actor, settings, previous_term.id, as_of=today)
        end = previous_term.end
        totals = {r.rule.id: _split(r, total_only=True).total for r in before.rules}
        previous = _headline({rule_id: rate_percent(total) for rule_id, total in totals.items()},
                             coverage_on(actor, end, today), _readiness(actor, settings, end, today),
                             hazards_on(actor, previous_term, end), incidents_on(actor, previous_term, end))
        rules = tuple(RuleProgress(r.rule, r.figures, r.trend, totals.get(r.rule.id)) for r in rules)
    return TermProgress(
        term=term, as_of=day, current=term.contains(today), coverage=coverage, rules=rules,
        classes=_class_rows(actor, _groups(splits, rules, "class"), running),
        teachers=_teacher_rows(actor, _groups(splits, rules, "teacher"), compliance.teacher_names, registry.loads,
                               running),
        activities=activities_in(actor, term, day), readiness=readiness, hazards=hazards, incidents=incidents,
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
        for s in rules_engine.statuses(actor, settings, rule.id, term.id, as_of=today):
            if class_id is not None and s.class_id != class_id:
                continue
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
