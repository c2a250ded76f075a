"""The county's figures: every school it reads side by side (weakest first) and the county's week-by-week trend."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schoolcare.domain.compliance import Figures
from schoolcare.domain.settings import Rule, Term
from schoolcare.domain.term_progress import (
    ActivityFigures,
    Coverage,
    GroupProgress,
    HazardFigures,
    IncidentFigures,
    TrendPoint,
    rate_percent,
    weakest_first,
)

# The steps an open dropout case can wait at (domain.dropouts.STEPS before its outcomes).
OPEN_STEPS = ("registration", "persuasion", "written_report", "reported")


@dataclass(frozen=True)
class CountySchool:
    """One school's term as the county compares it; every figure is the one the school's own term report shows.

    `progress` holds each rule's figures as a GroupProgress, so a school is "weakest" exactly as a class or a
    teacher is in the term report: lowest completion (done of the decided periods of every rule together),
    then most periods overdue, then by name."""

    school_id: int
    name: str
    code: str
    progress: GroupProgress
    pupils: int  # enrolled today
    coverage: Coverage  # left-behind pupils with a care teacher
    activities: ActivityFigures
    readiness: float | None
    hazards: HazardFigures
    incidents: IncidentFigures
    dropouts: dict[str, int] = field(default_factory=dict)  # open cases by step (OPEN_STEPS)
    dropouts_overdue: int = 0
    quarterly_sent_on: dt.date | None = None  # the quarter in question's ledger, sent on (None: not yet)

    def figures(self, rule_id: str) -> Figures:
        return self.progress.figures.get(rule_id, Figures())

    def rate(self, rule_id: str) -> float | None:
        return self.progress.percent(rule_id)

    @property
    def completion(self) -> float | None:
        return self.progress.completion

    @property
    def overdue(self) -> int:
        return self.progress.overdue

    @property
    def open_dropouts(self) -> int:
        return sum(self.dropouts.values())


@dataclass(frozen=True)
class CountyTrend:
    """One weekly rule across every school the county reads: done of due, week by week."""

    rule: Rule
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class CountyOverview:
    term: Term
    as_of: dt.date
    quarter: str  # the quarter whose ledger `quarterly_sent_on` is about (2026Q4)
    rules: tuple[Rule, ...]
    schools: tuple[CountySchool, ...]  # weakest first
    trend: tuple[CountyTrend, ...]

    def school(self, school_id: int) -> CountySchool:
        return next(s for s in self.schools if s.school_id == school_id)

    # The county as a whole: the schools' figures summed (percentages are taken of the sums, never averaged).
    @property
    def coverage(self) -> Coverage:
        return Coverage(sum(s.coverage.left_behind for s in self.schools), sum(s.coverage.assigned for s in self.schools))

    def figures(self, rule_id: str) -> Figures:
        total = Figures()
        for s in self.schools:
            total += s.figures(rule_id)
        return total

    def rate(self, rule_id: str) -> float | None:
        running = bool(self.schools) and rule_id in self.schools[0].progress.running_rules
        return rate_percent(self.figures(rule_id), running)

    @property
    def ledgers_sent(self) -> int:
        return sum(s.quarterly_sent_on is not None for s in self.schools)


def schools_weakest_first(schools: list[CountySchool]) -> tuple[CountySchool, ...]:
    """The term report's own order (domain.term_progress.weakest_first), applied to schools."""
    by_id = {s.school_id: s for s in schools}
    return tuple(by_id[g.id] for g in weakest_first([s.progress for s in schools]))
