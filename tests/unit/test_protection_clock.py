"""The mandatory-report clock: when a report is due, pending, overdue by how many hours, or made late."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import protection as pr

FOUND = dt.datetime(2026, 11, 2, 8, 30)


def test_the_deadline_runs_the_kinds_hours_from_the_finding():
    assert pr.report_deadline(FOUND, 2) == dt.datetime(2026, 11, 2, 10, 30)
    assert pr.report_deadline(FOUND, 24) == dt.datetime(2026, 11, 3, 8, 30)
    assert pr.report_deadline(FOUND, None) is None


def test_before_the_deadline_it_is_pending_with_the_hours_left():
    clock = pr.report_clock(FOUND + dt.timedelta(hours=2), None, FOUND + dt.timedelta(minutes=50))
    assert clock.state == pr.PENDING and clock.hours_left == 2 and not clock.overdue


def test_past_the_deadline_unreported_it_is_overdue_counting_a_started_hour():
    due = FOUND + dt.timedelta(hours=24)
    clock = pr.report_clock(due, None, due + dt.timedelta(minutes=1))
    assert clock.overdue and clock.hours_overdue == 1
    assert pr.report_clock(due, None, due + dt.timedelta(hours=49)).hours_overdue == 49
    assert pr.report_clock(due, None, due).state == pr.PENDING  # at the deadline itself it is still in time


def test_a_report_stops_the_clock_in_time_or_late():
    due = FOUND + dt.timedelta(hours=2)
    later = due + dt.timedelta(days=5)
    assert pr.report_clock(due, FOUND + dt.timedelta(hours=1), later).state == pr.REPORTED
    late = pr.report_clock(due, due + dt.timedelta(hours=3), later)
    assert late.state == pr.LATE and late.hours_overdue == 3 and not late.overdue


def test_a_kind_without_a_mandatory_report_has_no_clock():
    clock = pr.report_clock(None, None, FOUND + dt.timedelta(days=30))
    assert clock.state == pr.NOT_REQUIRED and not clock.overdue


def test_a_follow_up_is_overdue_only_when_late_and_not_done():
    today = dt.date(2026, 11, 10)
    assert pr.follow_up_overdue(dt.date(2026, 11, 9), None, today)
    assert not pr.follow_up_overdue(dt.date(2026, 11, 10), None, today)
    assert not pr.follow_up_overdue(dt.date(2026, 11, 1), dt.date(2026, 11, 12), today)
    assert not pr.follow_up_overdue(None, None, today)


def test_lists_put_open_and_overdue_reports_first_the_most_overdue_on_top():
    now = FOUND + dt.timedelta(days=3)
    due = FOUND + dt.timedelta(hours=2)
    rows = {
        "closed": ("closed", pr.report_clock(due, None, now), FOUND),
        "open_reported": ("open", pr.report_clock(due, FOUND, now), FOUND + dt.timedelta(days=1)),
        "open_overdue_a_little": ("open", pr.report_clock(now - dt.timedelta(hours=1), None, now), FOUND),
        "open_overdue_long": ("open", pr.report_clock(due, None, now), FOUND),
    }
    ordered = sorted(rows, key=lambda k: pr.list_order(*rows[k]))
    assert ordered == ["open_overdue_long", "open_overdue_a_little", "open_reported", "closed"]
