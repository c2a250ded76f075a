"""What the rules engine answers: due / done / overdue figures, and where one pupil, class or the school stands on a rule.

Figures count subject-periods (one pupil's week, one class's month …):
- due: periods that have started by the day of the report, owed by the subject;
- done: of those, the ones with at least the rule's number of records;
- overdue: ended and not done;
- open: running now and not yet done (due - done - overdue);
- upcoming: periods later in the term, not yet owed.

A subject's status on a rule right now:
- done: the running period has enough records;
- overdue: the last period that ended was missed and the running one is not done yet
  (catching up this week clears it, the missed week still counts in the figures);
- due: the running period is not done yet, nothing missed before it;
- clear: nothing running (a skipped holiday week, or the term has not begun) and nothing missed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from schoolcare.domain.periods import Period
from schoolcare.domain.settings import Rule, Term


class Status(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    CLEAR = "clear"


@dataclass(frozen=True)
class Figures:
    due: int = 0
    done: int = 0
    overdue: int = 0
    upcoming: int = 0

    @property
    def open(self) -> int:
        return self.due - self.done - self.overdue

    @property
    def rate(self) -> float | None:
        """Share of the decided periods (done, or ended and missed) that were done; None when none are decided."""
        decided = self.done + self.overdue
        return self.done / decided if decided else None

    @property
    def term_total(self) -> int:
        """Everything owed over the whole term, the rest of it included."""
        return self.due + self.upcoming

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.due + other.due, self.done + other.done,
                       self.overdue + other.overdue, self.upcoming + other.upcoming)


class Cell(NamedTuple):
    """The engine's grain: subject-periods of one period, one class, one responsible teacher.

    A NamedTuple: a school's term is a few thousand cells, made on every query.
    """

    period: int  # Period.index
    class_id: int | None
    teacher_id: int | None  # responsible for the period (None: nobody assigned, or the coordinator)
    owed: int  # subject-periods
    met: int  # of those, with enough records

    def figures(self, period: Period, as_of: dt.date) -> Figures:
        if not period.started(as_of):
            return Figures(upcoming=self.owed)
        missed = self.owed - self.met if period.ended(as_of) else 0
        return Figures(due=self.owed, done=self.met, overdue=missed)


@dataclass(frozen=True)
class RuleCompliance:
    """One rule over a term: every figure derives from `cells`, so no two screens compute differently."""

    rule: Rule
    as_of: dt.date
    periods: tuple[Period, ...]  # the due periods
    cells: tuple[Cell, ...]

    @cached_property
    def _cell_figures(self) -> tuple[tuple[Cell, Figures], ...]:
        """Each cell with its figures, worked out once (every cut below sums these)."""
        by_index = {p.index: p for p in self.periods}
        return tuple((cell, cell.figures(by_index[cell.period], self.as_of)) for cell in self.cells)

    def slice(self, *, period: int | None = None, class_id: int | None = ...,  # type: ignore[assignment]
              teacher_id: int | None = ...) -> Figures:  # type: ignore[assignment]
        """Figures for any cut: one period, one class, one teacher, or several at once (Ellipsis = any)."""
        total = Figures()
        for cell, figures in self._cell_figures:
            if period is not None and cell.period != period:
                continue
            if class_id is not ... and cell.class_id != class_id:
                continue
            if teacher_id is not ... and cell.teacher_id != teacher_id:
                continue
            total += figures
        return total

    @property
    def total(self) -> Figures:
        return self.slice()

    def by_period(self) -> list[tuple[Period, Figures]]:
        groups = self._group(lambda cell: cell.period)
        return [(p, groups.get(p.index, Figures())) for p in self.periods]

    def by_class(self) -> dict[int | None, Figures]:
        return self._group(lambda cell: cell.class_id)

    def by_teacher(self) -> dict[int | None, Figures]:
        return self._group(lambda cell: cell.teacher_id)

    def _group(self, key) -> dict[int | None, Figures]:
        groups: dict[int | None, Figures] = {}
        for cell, figures in self._cell_figures:
            found = key(cell)
            groups[found] = groups.get(found, Figures()) + figures
        return groups


@dataclass(frozen=True)
class TermCompliance:
    """Every rule over one term as of a day, with the names the groups refer to."""

    term: Term
    as_of: dt.date
    rules: tuple[RuleCompliance, ...]
    class_names: dict[int, str] = field(default_factory=dict)
    teacher_names: dict[int, str] = field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleCompliance:
        for item in self.rules:
            if item.rule.id == rule_id:
                return item
        raise KeyError(rule_id)


@dataclass(frozen=True)
class SubjectStatus:
    """Where one pupil (or class, or the school) stands on one rule today."""

    rule_id: str
    subject: str  # pupil | class | school
    subject_id: int
    name: str
    status: Status
    count: int  # records in the running period
    needed: int  # the rule's at_least
    missed: int  # periods missed so far this term
    owed: int  # periods owed so far this term (started)
    due_by: dt.date | None  # last day of the running period
    last_on: dt.date | None  # the latest counting record this term
    class_id: int | None = None
    class_name: str = ""
    teacher_id: int | None = None  # responsible today
    teacher_name: str = ""
    student_no: str = ""
    gone: bool = False  # left the school by the day asked about: owes nothing more, status clear


@dataclass(frozen=True)
class PupilWeek:
    """One row of a teacher's week: a pupil and their status on each pupil rule."""

    pupil_id: int
    name: str
    student_no: str
    class_name: str
    statuses: dict[str, SubjectStatus]  # rule id → status

    def status(self, rule_id: str) -> Status:
        found = self.statuses.get(rule_id)
        return found.status if found else Status.CLEAR


@dataclass(frozen=True)
class DueItem:
    """Something coming due: a rule with how many subjects still need it, or a follow-up action."""

    due_by: dt.date | None
    what: str  # rule id, or "follow_up"
    count: int
    overdue: int = 0
    text: str = ""  # a follow-up's action
    pupil_id: int | None = None


@dataclass(frozen=True)
class CareWeek:
    """The week as a teacher (or the coordinator) sees it: one row per pupil and what comes due next."""

    term: Term
    as_of: dt.date
    week: Period | None
    rule_ids: tuple[str, ...]  # the pupil rules shown as columns, in config order
    rows: tuple[PupilWeek, ...]
    classes: tuple[SubjectStatus, ...]  # class rules for the classes in reach
    next_due: tuple[DueItem, ...]


@dataclass(frozen=True)
class OverdueList:
    """The subjects overdue on one rule, grouped by class and by responsible teacher."""

    rule: Rule
    items: tuple[SubjectStatus, ...]

    def by_class(self) -> list[tuple[str, tuple[SubjectStatus, ...]]]:
        return _grouped(self.items, lambda s: s.class_name)

    def by_teacher(self) -> list[tuple[str, tuple[SubjectStatus, ...]]]:
        return _grouped(self.items, lambda s: s.teacher_name)


def _grouped(items, key) -> list[tuple[str, tuple[SubjectStatus, ...]]]:
    groups: dict[str, list[SubjectStatus]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    # Most overdue first; ties keep the items' own order (classes by grade and number).
    return sorted(((k, tuple(v)) for k, v in groups.items()), key=lambda kv: -len(kv[1]))


def subject_status(*, current: int | None, previous: int | None, needed: int) -> Status:
    """The status from the records in the running period and in the last ended one.

    `current` is None when no period is running for the subject (holiday week,
    term not begun or over); `previous` is None when no ended period was owed.
    """
    if current is not None and current >= needed:
        return Status.DONE
    if previous is not None and previous < needed:
        return Status.OVERDUE
    if current is not None:
        return Status.DUE
    return Status.CLEAR
