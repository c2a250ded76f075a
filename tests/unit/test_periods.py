"""The period arithmetic every compliance figure rests on: weeks, holidays, mid-week starts, enrolment, responsibility."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain.compliance import Cell, Figures, RuleCompliance, Status, subject_status
from schoolcare.domain.periods import bucket, counting_window, plan, term_periods, week_of
from schoolcare.domain.settings import Calendar, Holiday, Label, Rule, Term

D = dt.date


AUTUMN_START, AUTUMN_END = D(2026, 9, 1), D(2027, 1, 22)


def _term(tid="2026-autumn", start=AUTUMN_START, end=AUTUMN_END, holidays=()):
    return Term(tid, Label(tid, tid), start, end, tuple(holidays))


def _holiday(start, end):
    return Holiday(Label("假", "holiday"), start, end)


def _rule(period="week", holidays_count=False, at_least=1, record="family_call", subject="pupil"):
    return Rule("r", Label("规则", "rule"), subject, period, at_least, record, holidays_count, "care_teacher")


AUTUMN = _term(holidays=[_holiday(D(2026, 10, 1), D(2026, 10, 7)), _holiday(D(2027, 1, 1), D(2027, 1, 3))])


def test_weeks_run_monday_to_sunday_across_the_year_end():
    weeks = term_periods(AUTUMN, "week", holidays_count=False)
    by_label = {w.label: w for w in weeks}
    week53 = by_label["2026-W53"]
    assert (week53.start, week53.end) == (D(2026, 12, 28), D(2027, 1, 3))
    following = by_label["2027-W01"]
    assert following.start == D(2027, 1, 4) and following.index == week53.index + 1
    # A call on New Year's Eve and one on 3 January fall in the same week.
    assert bucket(AUTUMN, "week", D(2026, 12, 31)) == bucket(AUTUMN, "week", D(2027, 1, 3)) == week53.index
    assert [w.index for w in weeks] == list(range(len(weeks)))


def test_a_term_starting_on_tuesday_has_a_short_first_week():
    weeks = term_periods(AUTUMN, "week", holidays_count=False)
    first = weeks[0]
    assert D(2026, 9, 1).weekday() == 1  # a Tuesday
    assert (first.start, first.end, first.index) == (D(2026, 9, 1), D(2026, 9, 6), 0)
    assert first.school_days == 4 and first.due
    # Sunday still belongs to week 0; Monday starts week 1.
    assert bucket(AUTUMN, "week", D(2026, 9, 6)) == 0
    assert bucket(AUTUMN, "week", D(2026, 9, 7)) == 1
    last = weeks[-1]
    assert (last.start, last.end) == (D(2027, 1, 18), D(2027, 1, 22))  # cut at the term's last day


def test_a_holiday_week_is_skipped_only_when_holidays_do_not_count():
    spring = _term("2027-spring", D(2027, 2, 1), D(2027, 3, 31), [_holiday(D(2027, 2, 8), D(2027, 2, 14))])
    skipping = {w.label: w for w in term_periods(spring, "week", holidays_count=False)}
    assert skipping["2027-W06"].school_days == 0 and not skipping["2027-W06"].due
    assert skipping["2027-W05"].due and skipping["2027-W07"].due
    counting = {w.label: w for w in term_periods(spring, "week", holidays_count=True)}
    assert counting["2027-W06"].due
    # A week with three school days around a holiday is still a school week.
    national_day = {w.label: w for w in term_periods(AUTUMN, "week", holidays_count=False)}["2026-W40"]
    assert national_day.school_days == 3 and national_day.due  # Mon 28 - Wed 30 Sep; the holiday starts Thu 1 Oct


def test_in_a_holiday_week_nothing_runs_but_a_miss_before_it_stays_overdue():
    spring = _term("2027-spring", D(2027, 2, 1), D(2027, 3, 31), [_holiday(D(2027, 2, 8), D(2027, 2, 14))])
    laid = plan(Calendar((spring,)), spring, _rule(), D(2027, 2, 10))
    assert laid.current is None
    assert laid.previous.label == "2027-W05"
    assert laid.upcoming.label == "2027-W07"
    assert subject_status(current=None, previous=0, needed=1) is Status.OVERDUE
    assert subject_status(current=None, previous=1, needed=1) is Status.CLEAR


def test_months_and_quarters_are_cut_at_the_term_and_count_across_the_year_end():
    months = term_periods(AUTUMN, "month", holidays_count=False)
    assert [m.label for m in months] == ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]
    assert months[-1].end == D(2027, 1, 22)
    assert bucket(AUTUMN, "month", D(2027, 1, 5)) == 4
    quarters = term_periods(AUTUMN, "quarter", holidays_count=False)
    assert [q.label for q in quarters] == ["2026Q3", "2026Q4", "2027Q1"]
    assert (quarters[0].start, quarters[0].end) == (D(2026, 9, 1), D(2026, 9, 30))


def test_a_term_rule_counts_the_vacation_before_the_term_only_when_holidays_count():
    spring = _term("2026-spring", D(2026, 2, 24), D(2026, 7, 3))
    calendar = Calendar((spring, AUTUMN))
    assert counting_window(calendar, AUTUMN, _rule("term", holidays_count=True)) == (D(2026, 7, 4), D(2027, 1, 22))
    assert counting_window(calendar, AUTUMN, _rule("term", holidays_count=False)) == (D(2026, 9, 1), D(2027, 1, 22))
    assert counting_window(calendar, AUTUMN, _rule("week", holidays_count=True)) == (D(2026, 9, 1), D(2027, 1, 22))
    (whole,) = term_periods(AUTUMN, "term", holidays_count=True)
    assert whole.index == 0 and whole.due


def test_a_pupil_joining_mid_term_owes_nothing_before_enrolment():
    weeks = term_periods(AUTUMN, "week", holidays_count=False)
    joined = D(2026, 11, 18)  # a Wednesday
    owed = [w for w in weeks if w.owed_by(joined, None)]
    assert owed[0].start == D(2026, 11, 16)  # the week they joined in
    assert all(w.end >= joined for w in owed)
    assert not any(w.owed_by(joined, None) for w in weeks if w.end < joined)
    left = D(2026, 10, 14)
    assert [w.label for w in weeks if w.owed_by(None, left)][-1] == "2026-W42"


def test_responsibility_follows_the_last_day_of_each_period():
    """A care teacher reassigned mid-term answers for the weeks that ended while they held the pupil."""
    weeks = {w.label: w for w in term_periods(AUTUMN, "week", holidays_count=False)}
    today = D(2026, 11, 28)
    assert weeks["2026-W45"].responsible_day(today) == D(2026, 11, 8)
    assert weeks["2026-W48"].responsible_day(today) == today  # still running: whoever holds the pupil now
    assert weeks["2026-W50"].responsible_day(today) == weeks["2026-W50"].start  # not begun


def test_current_previous_and_week_of_on_a_given_day():
    laid = plan(Calendar((AUTUMN,)), AUTUMN, _rule(), D(2026, 11, 28))
    assert laid.current.label == "2026-W48"
    assert laid.previous.label == "2026-W47"
    assert week_of(AUTUMN, D(2026, 11, 28)).label == "2026-W48"
    assert week_of(AUTUMN, D(2026, 8, 20)) is None
    before = plan(Calendar((AUTUMN,)), AUTUMN, _rule(), D(2026, 8, 20))
    assert before.current is None and before.previous is None


def test_status_and_figures_from_counts():
    assert subject_status(current=1, previous=0, needed=1) is Status.DONE
    assert subject_status(current=0, previous=0, needed=1) is Status.OVERDUE
    assert subject_status(current=1, previous=None, needed=2) is Status.DUE
    assert subject_status(current=None, previous=None, needed=1) is Status.CLEAR
    weeks = term_periods(AUTUMN, "week", holidays_count=False)
    today = weeks[2].start + dt.timedelta(days=2)
    compliance = RuleCompliance(_rule(), today, weeks, (
        Cell(0, 1, 7, owed=10, met=8), Cell(1, 1, 7, owed=10, met=10),
        Cell(2, 1, 7, owed=10, met=3), Cell(3, 1, 7, owed=10, met=0), Cell(0, 2, None, owed=5, met=1),
    ))
    assert compliance.total == Figures(due=35, done=22, overdue=6, upcoming=10)
    assert compliance.total.open == 7
    assert compliance.by_teacher()[None] == Figures(due=5, done=1, overdue=4)
    assert compliance.slice(period=0, class_id=1) == Figures(due=10, done=8, overdue=2)
    assert round(compliance.total.rate, 3) == round(22 / 28, 3)
