"""The counts a term report adds to the rules engine's figures, as they stood on a given day: coverage, hazards,
incidents (and their overdue mandatory reports), activities held.

Each is one small aggregate query. Their SQL text depends only on the school (or the actor's reach), the term,
the day and the backend (its placeholders), so it is written once and kept: peewee takes longer to write such a
query out than the database takes to answer it. The term progress asks all of them on every load, together in one
statement (counts_on).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Term
from schoolcare.domain.term_progress import ActivityFigures, Coverage, HazardFigures, IncidentFigures
from schoolcare.services.access import pupil_scope
from schoolcare.services.care import rules as rules_engine
from schoolcare.store.database import db, is_sqlite
from schoolcare.store.models import Activity, CareAssignment, Hazard, Incident, IncidentReport, Pupil


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` (datetimes before it fall on or before that day)."""
    return start_of(day + dt.timedelta(days=1))


def _one(query: tuple[str, list]) -> list[int]:
    """The single row of a cached aggregate query, its sums as ints (a SUM over no rows is NULL)."""
    return [int(v or 0) for v in db.execute_sql(*query).fetchone()]


def _sum(condition) -> pw.Expression:
    return pw.fn.SUM(pw.Case(None, [(condition, 1)], 0))


@lru_cache(maxsize=64)
def _coverage_sql(actor: Actor, day: dt.date, sqlite: bool) -> tuple[str, list]:
    held = CareAssignment.select(CareAssignment.pupil).where(
        (CareAssignment.start_on <= day) & (CareAssignment.end_on.is_null() | (CareAssignment.end_on > day)))
    there = (Pupil.enrolled_on.is_null() | (Pupil.enrolled_on <= day)) & (
        (Pupil.status == "enrolled") | (Pupil.left_on > day))
    return Pupil.select(pw.fn.COUNT(Pupil.id), _sum(Pupil.id.in_(held))).where(
        pupil_scope(actor) & (Pupil.left_behind == True) & there).sql()  # noqa: E712


@lru_cache(maxsize=64)
def _hazards_sql(school_id: int, start: dt.date, day: dt.date, sqlite: bool) -> tuple[str, list]:
    is_open = Hazard.closed_on.is_null() | (Hazard.closed_on > day)
    return Hazard.select(
        _sum(is_open), _sum(is_open & (Hazard.deadline < day)),
        _sum((Hazard.found_on >= start) & (Hazard.found_on <= day)),
        _sum((Hazard.closed_on >= start) & (Hazard.closed_on <= day)),
    ).where((Hazard.school == school_id) & (Hazard.found_on <= day)).sql()


@lru_cache(maxsize=64)
def _incidents_sql(actor: Actor, start: dt.date, day: dt.date, sqlite: bool) -> tuple[str, list]:
    is_open = (Incident.status == "open") | (Incident.closed_on > day)
    return Incident.select(
        _sum(is_open), _sum(Incident.occurred_at >= start_of(start)),
        _sum((Incident.closed_on >= start) & (Incident.closed_on <= day)),
    ).join(Pupil).where((Incident.school == actor.school_id) & (Incident.occurred_at < end_of(day))
                        & pupil_scope(actor)).sql()


def overdue_reports_on(actor: Actor, day: dt.date) -> int:
    """Incidents open at the end of `day` (now, for today) whose mandatory report was due and not yet made."""
    sql, params = _overdue_reports_sql(actor, day, is_sqlite())
    return _one((sql, _at(params, min(clock.now(), end_of(day)))))[0]


# The moment overdue_reports_on asks about changes with every call (now, for today): its cached SQL is written
# with this stand-in, replaced by the moment in the parameters.
_MOMENT = dt.datetime(1900, 1, 1, 0, 0, 7)


def _at(params: list, moment: dt.datetime) -> list:
    return [moment if p == _MOMENT else p for p in params]


@lru_cache(maxsize=64)
def _overdue_reports_sql(actor: Actor, day: dt.date, sqlite: bool) -> tuple[str, list]:
    made = IncidentReport.select(IncidentReport.id).where(
        (IncidentReport.incident == Incident.id) & (IncidentReport.reported_at <= _MOMENT))
    is_open = (Incident.status == "open") | (Incident.closed_on > day)
    return (Incident.select(pw.fn.COUNT(Incident.id)).join(Pupil)
            .where((Incident.school == actor.school_id) & pupil_scope(actor) & is_open
                   & (Incident.occurred_at <= _MOMENT) & (Incident.report_due_at < _MOMENT) & ~pw.fn.EXISTS(made))
            .sql())


def counts_on(actor: Actor, term: Term, day: dt.date, registry_counts: tuple[str, list] | None = None,
              ) -> tuple[Coverage, HazardFigures, IncidentFigures, ActivityFigures]:
    """Coverage, hazards, incidents (with their overdue mandatory reports) and activities as they stood on `day`,
    in one statement: each is a one-row aggregate, so their cross join is the one row of all their columns (one
    round trip instead of six; on a busy server each costs more than the counting). Hazards: open and overdue on
    `day`, found and closed since the term began; incidents: open on `day`, recorded and closed this term;
    activities: class and school activities held, classes active, classes of the term. `registry_counts`: today's coverage as the registry counts
    it (assignments.coverage_counts_sql), else the coverage on `day` from the assignment spells."""
    sqlite = is_sqlite()
    held, classes = _activities_sql(actor.school_id, term, day, sqlite)
    overdue_sql, overdue_params = _overdue_reports_sql(actor, day, sqlite)
    parts = (registry_counts or _coverage_sql(actor, day, sqlite), _hazards_sql(actor.school_id, term.start, day, sqlite),
             _incidents_sql(actor, term.start, day, sqlite),
             (overdue_sql, _at(overdue_params, min(clock.now(), end_of(day)))), held, classes)
    sql = "SELECT * FROM " + " CROSS JOIN ".join(f"({part[0]}) AS c{i}" for i, part in enumerate(parts))
    v = _one((sql, [p for part in parts for p in part[1]]))
    return (Coverage(*v[0:2]), HazardFigures(*v[2:6]), IncidentFigures(*v[6:9], overdue_reports=v[9]),
            ActivityFigures(*v[10:14]))


@lru_cache(maxsize=64)
def _activities_sql(school_id: int, term: Term, day: dt.date,
                    sqlite: bool) -> tuple[tuple[str, list], tuple[str, list]]:
    held = Activity.select(
        _sum(Activity.scope == "class"), _sum(Activity.scope == "school"),
        pw.fn.COUNT(Activity.school_class.distinct()),
    ).where((Activity.school == school_id) & (Activity.withdrawn == False)  # noqa: E712
            & (Activity.date >= term.start) & (Activity.date <= day))
    # The classes of the term are those its pupils were in: a class created (or emptied) since does not
    # change a past term's figure.
    classes = Pupil.select(pw.fn.COUNT(Pupil.school_class.distinct())).where(
        (Pupil.school == school_id) & rules_engine.present_in(term))
    return held.sql(), classes.sql()
