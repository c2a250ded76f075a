"""The principal's term progress as plain rows: coverage, each rule's figures with its weekly trend, classes and
teachers weakest first, activities, readiness, hazards, incidents, and the change from the previous term."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schoolcare.domain.compliance import Figures, Status
from schoolcare.domain.readiness import CentreReadiness
from schoolcare.domain.settings import Rule, Term


class _once:
    """functools.cached_property without its lock (Python 3.11 takes one on every first read): a report sorts
    hundreds of rows by these properties, and the rows are never shared between threads while being made."""

    def __init__(self, compute):
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)  # read from the instance from now on
        return value


def percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def rate_percent(figures: Figures | None, running: bool = False) -> float | None:
    """The percentage shown for a rule.

    Normally the engine's compliance rate: done of the decided periods (met, or ended and missed). While
    every period the rule has begun is still running (a once-a-term rule mid-term, the first week) nothing
    can be missed yet and the rate would read 100% for the few done: then it is the share done of what is
    due so far, the progress towards the target.
    """
    if figures is None:
        return None
    if figures.rate is not None and not running:
        return 100.0 * figures.rate
    return percent(figures.done, figures.due)


def change(now: float | None, before: float | None) -> float | None:
    """Percentage points (or a count's difference) from the previous term; None when either is unknown."""
    if now is None or before is None:
        return None
    return now - before


@dataclass(frozen=True)
class TrendPoint:
    """One period of a rule (a week, for the weekly rules): what was owed and what was done."""

    label: str  # 2026-W36
    start: dt.date
    end: dt.date
    due: int
    done: int
    running: bool  # the period running on the report's day: its figure is "so far"

    @property
    def share(self) -> float | None:
        return percent(self.done, self.due)


@dataclass(frozen=True)
class RuleProgress:
    rule: Rule
    figures: Figures
    trend: tuple[TrendPoint, ...]  # the started periods, in order
    previous: Figures | None = None  # the same rule over the previous term

    @property
    def running(self) -> bool:
        """Every period begun is still running: nothing decided yet, the figure is progress so far."""
        return bool(self.trend) and all(point.running for point in self.trend)

    @property
    def rate(self) -> float | None:
        return rate_percent(self.figures, self.running)

    @property
    def change(self) -> float | None:
        return change(self.rate, rate_percent(self.previous))


@dataclass(frozen=True)
class GroupProgress:
    """One class, or one responsible teacher: each rule's figures over the term, and how complete they are."""

    id: int | None  # None: the periods nobody was responsible for (no care teacher)
    name: str
    detail: str  # a class's homeroom teacher; a teacher's post
    pupils: int  # a class's cared pupils; a teacher's current caseload
    figures: dict[str, Figures] = field(default_factory=dict)  # rule id → figures
    running_rules: frozenset[str] = frozenset()  # rules with nothing decided yet (see rate_percent)

    def percent(self, rule_id: str) -> float | None:
        return rate_percent(self.figures.get(rule_id), rule_id in self.running_rules)

    # Cached: tables sort hundreds of rows by these, asking each row several times (the figures never change).
    @_once
    def total(self) -> Figures:
        values = list(self.figures.values())
        return Figures(sum(f.due for f in values), sum(f.done for f in values), sum(f.overdue for f in values),
                       sum(f.upcoming for f in values))

    @_once
    def completion(self) -> float | None:
        """Done of the decided periods of every rule together (what tables sort by, weakest first); rules
        with nothing decided yet are left out, or a term's few early home visits would count as 100%."""
        decided = [f for rule_id, f in self.figures.items() if rule_id not in self.running_rules]
        done, overdue = sum(f.done for f in decided), sum(f.overdue for f in decided)
        if done + overdue:  # as rate_percent(sum of them) computes it, without adding Figures up
            return 100.0 * done / (done + overdue)
        return rate_percent(Figures(sum(f.due for f in decided), done, overdue))

    @_once
    def overdue(self) -> int:
        return sum(f.overdue for f in self.figures.values())  # total's, without making the total


def weakest_first(groups: list[GroupProgress]) -> tuple[GroupProgress, ...]:
    # Nothing decided yet sorts after every real figure: it is not a weakness.
    return tuple(sorted(groups, key=lambda g: (g.completion is None, g.completion or 0.0, -g.overdue, g.name)))


@dataclass(frozen=True)
class Coverage:
    """Left-behind pupils with a care teacher (全覆盖), today or at a past term's end."""

    left_behind: int
    assigned: int

    @property
    def unassigned(self) -> int:
        return self.left_behind - self.assigned

    @property
    def percent(self) -> float:
        return 100.0 if not self.left_behind else 100.0 * self.assigned / self.left_behind


@dataclass(frozen=True)
class HazardFigures:
    """Hazards as they stood on the report's day, and those found and closed during the term."""

    open: int
    overdue: int
    found: int
    closed: int


@dataclass(frozen=True)
class IncidentFigures:
    open: int  # open on the report's day
    recorded: int  # occurred during the term
    closed: int  # closed during the term
    overdue_reports: int = 0  # open on the report's day with the mandatory report (强制报告) not made in time


@dataclass(frozen=True)
class ActivityFigures:
    class_held: int  # class meetings and team activities held in the term
    school_held: int  # school themed activities
    classes_active: int  # classes that held at least one
    classes: int  # classes with cared pupils


@dataclass(frozen=True)
class TermHeadline:
    """The figures compared between terms."""

    coverage: float
    rates: dict[str, float | None]  # rule id → compliance %
    readiness: float | None
    hazards_open: int
    hazards_overdue: int
    incidents_open: int


@dataclass(frozen=True)
class TermProgress:
    term: Term
    as_of: dt.date  # the report's day: today, or the term's last day for a past term
    current: bool  # the term is running today
    coverage: Coverage
    rules: tuple[RuleProgress, ...]
    classes: tuple[GroupProgress, ...]  # weakest first
    teachers: tuple[GroupProgress, ...]  # weakest first
    activities: ActivityFigures
    readiness: CentreReadiness
    hazards: HazardFigures
    incidents: IncidentFigures
    headline: TermHeadline
    previous_term: Term | None = None
    previous: TermHeadline | None = None

    def rule(self, rule_id: str) -> RuleProgress:
        for item in self.rules:
            if item.rule.id == rule_id:
                return item
        raise KeyError(rule_id)

    def rules_for(self, *, period: str | None = None, record: str | None = None) -> tuple[RuleProgress, ...]:
        return tuple(r for r in self.rules if (period is None or r.rule.period == period)
                     and (record is None or r.rule.record == record))

    @property
    def weekly(self) -> tuple[RuleProgress, ...]:
        """The weekly pupil rules (family call, teacher talk): the trend chart's series."""
        return tuple(r for r in self.rules if r.rule.period == "week" and r.rule.subject == "pupil")

    def change(self, name: str) -> float | None:
        """The change of a headline figure ('coverage', 'readiness', 'hazards_open', … or a rule id)."""
        if self.previous is None:
            return None
        if name in self.headline.rates:
            return change(self.headline.rates[name], self.previous.rates.get(name))
        return change(getattr(self.headline, name), getattr(self.previous, name))


@dataclass(frozen=True)
class PupilStanding:
    """One pupil on one rule, behind a class's or teacher's figures: the detail a row opens."""

    pupil_id: int
    student_no: str
    name: str
    class_id: int | None
    class_name: str
    teacher_id: int | None
    teacher_name: str
    rule_id: str
    status: Status
    missed: int
    owed: int
    last_on: dt.date | None
    done: int = 0  # periods met so far this term
    count: int = 0  # records in the running period


@dataclass(frozen=True)
class ActivityLine:
    """A class or school activity held in the term, for the report's activities sheet."""

    date: dt.date
    scope: str  # class | school
    class_name: str
    kind: str
    title: str
    organiser: str
    participants: int
