"""Periods of a term (weeks Monday–Sunday, months, quarters, the term itself) and which of them a rule makes due.

The arithmetic here is the single definition the rules engine's SQL mirrors:
- A term's periods are the calendar weeks (Monday–Sunday), months or quarters
  that overlap it, cut at the term's first and last day; a term rule has one
  period, the term.
- Each period has an `index` that SQL can compute from a record's date alone
  (`bucket`): weeks count from the Monday of the term's first week, months and
  quarters from the term's first month or quarter, so the index is stable
  across a year end (ISO week 53 of 2026 is followed by week 1 of 2027).
- A school day is Monday to Friday, inside the term, not a holiday. When a
  rule's holidays do not count, a period without a single school day is
  skipped (nothing is due in a holiday week). When they count, every period
  is due, and a term rule also counts records made in the vacation before the
  term (寒暑假家访 count towards the term that follows).
- A pupil owes a period only if here during it: enrolled on or before its
  last day (the period they join in counts, so a pupil added today owes this
  week's call, *due* until the week ends, and nothing before), and not gone by
  its first day (`left_on` is the first day away: the period they leave in
  counts if they were here for part of it, nothing after). A pupil without an
  enrolment date (rows from before dates were kept) owes every period.
- Responsibility for a period lies with whoever held the pupil on its last day
  (or today, while it is still running).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property, lru_cache

from schoolcare.domain.settings import Calendar, Rule, Term

WEEK, MONTH, QUARTER, TERM = "week", "month", "quarter", "term"
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """One week, month, quarter or term of a term, as a rule sees it."""

    kind: str
    index: int  # the bucket number SQL computes from a record's date
    start: dt.date  # cut at the term's first day
    end: dt.date  # cut at the term's last day
    due: bool  # False: skipped under this rule (a holiday period whose holidays do not count)
    school_days: int

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """A short, language-neutral name: 2026-W36, 2026-09, 2026Q3, or the term's first day."""
        if self.kind == WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def started(self, as_of: dt.date) -> bool:
        return self.start <= as_of

    def ended(self, as_of: dt.date) -> bool:
        return self.end < as_of

    def owed_by(self, enrolled_on: dt.date | None, left_on: dt.date | None) -> bool:
        """Whether a pupil enrolled from `enrolled_on` until `left_on` owes this period."""
        return (enrolled_on is None or enrolled_on <= self.end) and (left_on is None or left_on > self.start)

    def responsible_day(self, as_of: dt.date) -> dt.date:
        """The day whose care teacher answers for this period: its last day, or today while it runs."""
        return min(self.end, max(as_of, self.start))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_number(day: dt.date) -> int:
    """Months since year 0, so consecutive months differ by one across a year end."""
    return day.year * 12 + day.month - 1


def quarter_number(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def bucket_base(term: Term, kind: str) -> dt.date | int:
    """What a record's bucket is counted from: the Monday of the first week, or the first month/quarter."""
    if kind == WEEK:
        return monday(term.start)
    if kind == MONTH:
        return month_number(term.start)
    if kind == QUARTER:
        return quarter_number(term.start)
    if kind == TERM:
        return 0
    raise ValueError(f"unknown period {kind!r}")


def bucket(term: Term, kind: str, day: dt.date) -> int:
    """The index of the period of `term` that `day` falls in (the engine computes the same in SQL)."""
    base = bucket_base(term, kind)
    if kind == WEEK:
        return (day - base).days // 7
    if kind == MONTH:
        return month_number(day) - base
    if kind == QUARTER:
        return quarter_number(day) - base
    return 0


def is_school_day(term: Term, day: dt.date) -> bool:
    return day.weekday() < 5 and term.contains(day) and not term.is_holiday(day)


def count_school_days(term: Term, start: dt.date, end: dt.date) -> int:
    days, day = 0, start
    while day <= end:
        days += is_school_day(term, day)
        day += _ONE_DAY
    return days


def _unit_end(kind: str, start: dt.date) -> dt.date:
    if kind == WEEK:
        return start + dt.timedelta(days=6)
    months = 1 if kind == MONTH else 3
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - _ONE_DAY


def _unit_start(kind: str, day: dt.date) -> dt.date:
    if kind == WEEK:
        return monday(day)
    if kind == MONTH:
        return day.replace(day=1)
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@lru_cache(maxsize=128)  # every query lays the same few terms out again; the answer never changes
def term_periods(term: Term, kind: str, *, holidays_count: bool) -> tuple[Period, ...]:
    """Every period of `kind` in `term`, in order, each marked due or skipped."""
    if kind == TERM:
        days = count_school_days(term, term.start, term.end)
        return (Period(TERM, 0, term.start, term.end, holidays_count or days > 0, days),)
    if kind not in (WEEK, MONTH, QUARTER):
        raise ValueError(f"unknown period {kind!r}")
    periods = []
    unit = _unit_start(kind, term.start)
    while unit <= term.end:
        start, end = max(unit, term.start), min(_unit_end(kind, unit), term.end)
        days = count_school_days(term, start, end)
        periods.append(Period(kind, bucket(term, kind, start), start, end, holidays_count or days > 0, days))
        unit = _unit_end(kind, unit) + _ONE_DAY
    return tuple(periods)


def counting_window(calendar: Calendar, term: Term, rule: Rule) -> tuple[dt.date, dt.date]:
    """The dates whose records count for `rule` in `term`.

    The term itself; for a term rule whose holidays count, also the vacation
    before it (from the day after the previous term ended), since a visit made
    in the summer holiday is a visit for the coming term.
    """
    if rule.period == TERM and rule.holidays_count:
        previous = calendar.previous(term) if term in calendar.terms else None
        if previous is not None:
            return previous.end + _ONE_DAY, term.end
    return term.start, term.end


@dataclass(frozen=True)
class RulePlan:
    """A rule laid over a term as of a day: its periods, which is running now and which came last."""

    rule: Rule
    term: Term
    as_of: dt.date
    periods: tuple[Period, ...]  # all of them, skipped ones included
    window: tuple[dt.date, dt.date]

    @cached_property
    def due_periods(self) -> tuple[Period, ...]:
        return tuple(p for p in self.periods if p.due)

    @cached_property
    def current(self) -> Period | None:
        """The due period running on `as_of` (None in a skipped holiday week or outside the term)."""
        for period in self.due_periods:
            if period.contains(self.as_of):
                return period
        return None

    @cached_property
    def previous(self) -> Period | None:
        """The last due period that has ended by `as_of`."""
        ended = [p for p in self.due_periods if p.ended(self.as_of)]
        return ended[-1] if ended else None

    @cached_property
    def upcoming(self) -> Period | None:
        """The next due period not yet started (what comes due after a holiday)."""
        for period in self.due_periods:
            if period.start > self.as_of:
                return period
        return None

    def period(self, index: int) -> Period:
        for period in self.periods:
            if period.index == index:
                return period
        raise KeyError(index)


@lru_cache(maxsize=256)
def plan(calendar: Calendar, term: Term, rule: Rule, as_of: dt.date) -> RulePlan:
    return RulePlan(
        rule=rule,
        term=term,
        as_of=as_of,
        periods=term_periods(term, rule.period, holidays_count=rule.holidays_count),
        window=counting_window(calendar, term, rule),
    )


def week_of(term: Term, day: dt.date) -> Period | None:
    """The school week of `term` that contains `day` (whatever the rules say about holidays)."""
    for period in term_periods(term, WEEK, holidays_count=True):
        if period.contains(day):
            return period
    return None
