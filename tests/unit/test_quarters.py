"""Quarter arithmetic, the reminder window (1st of the last month until recorded) and what counts as a change."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.quarters import (
    DUE,
    GUARDIAN_CHANGED,
    LEFT,
    NEW,
    OVERDUE,
    QUIET,
    RECORDED,
    STATUS_CHANGED,
    Quarter,
    compare,
    quarter_in_question,
    reminder,
)

D = dt.date


@pytest.mark.parametrize("day, label", [(D(2026, 1, 1), "2026Q1"), (D(2026, 3, 31), "2026Q1"),
                                        (D(2026, 4, 1), "2026Q2"), (D(2026, 11, 28), "2026Q4"),
                                        (D(2026, 12, 31), "2026Q4")])
def test_quarter_of_a_day(day, label):
    assert Quarter.of(day).label == label


def test_quarter_dates_and_due_day():
    q4 = Quarter.parse("2026Q4")
    assert (q4.start, q4.end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert q4.last_month_start == D(2026, 12, 1)
    assert q4.due == D(2026, 12, 15)
    q1 = Quarter.parse(" 2027q1 ")
    assert (q1.start, q1.end, q1.due) == (D(2027, 1, 1), D(2027, 3, 31), D(2027, 3, 15))


def test_next_and_previous_cross_the_year_end():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert sorted([Quarter(2027, 1), Quarter(2026, 4)])[0] == Quarter(2026, 4)


@pytest.mark.parametrize("text", ["2026", "Q4", "2026Q5", "2026-4", ""])
def test_a_bad_quarter_label_says_how_to_write_it(text):
    with pytest.raises(ValueError, match="2026Q4"):
        Quarter.parse(text)


def test_no_reminder_before_the_last_month():
    state = reminder(D(2026, 11, 28), None, quarter=Quarter(2026, 4))
    assert state.state == QUIET and not state.shown


def test_reminder_from_the_first_of_the_last_month_until_the_15th():
    first = reminder(D(2026, 12, 1), None)
    assert (first.quarter.label, first.state, first.days) == ("2026Q4", DUE, 14)
    due_day = reminder(D(2026, 12, 15), None)
    assert (due_day.state, due_day.days) == (DUE, 0)


def test_after_the_15th_the_reminder_turns_overdue_and_stays_into_the_next_quarter():
    assert reminder(D(2026, 12, 16), None).state == OVERDUE
    january = reminder(D(2027, 1, 20), None)
    assert january.quarter == Quarter(2026, 4) and january.state == OVERDUE and january.days == 36
    # …until the next quarter's last month: then that quarter is the one in question.
    assert quarter_in_question(D(2027, 3, 1)) == Quarter(2027, 1)


def test_a_recorded_submission_ends_the_reminder():
    state = reminder(D(2026, 12, 20), D(2026, 12, 10))
    assert state.state == RECORDED and not state.shown and state.submitted_on == D(2026, 12, 10)


def test_quarters_due_before_the_school_started_are_not_nagged_about():
    assert reminder(D(2027, 1, 20), None, since=D(2027, 1, 5)).state == QUIET


def entry(status="enrolled", left_behind=True, guardians=(("father", "张父", "", True, "广东", "full", False, False),),
          **extra):
    return {"student_no": "S1", "name": "张小三", "class": "三年级(1)班", "status": status, "left_behind": left_behind,
            "in_difficulty": False, "guardians": [list(g) for g in guardians], **extra}


def test_the_first_submission_marks_nothing():
    assert compare(None, {"1": entry()}) == {}


def test_new_left_status_and_guardian_changes_are_marked():
    previous = {"1": entry(), "2": entry(), "3": entry(), "4": entry(), "5": entry()}
    current = {
        "1": entry(),  # unchanged
        "2": entry(status="dropped_out"),
        "3": entry(guardians=(("father", "张父", "", False, "", "full", True, False),)),  # came home
        "4": entry(status="dropped_out", left_behind=False,
                   guardians=(("mother", "李母", "13800000000", True, "浙江", "full", False, False),)),
        "6": entry(),
    }  # "5" is off the ledger
    changes = compare(previous, current)
    assert set(changes) == {"2", "3", "4", "5", "6"}
    assert changes["2"].marks == (STATUS_CHANGED,) and changes["2"].fields == ("status",)
    assert changes["3"].marks == (GUARDIAN_CHANGED,)
    assert changes["4"].marks == (STATUS_CHANGED, GUARDIAN_CHANGED)
    assert changes["5"].marks == (LEFT,) and changes["6"].marks == (NEW,)


def test_a_new_class_is_a_detail_not_a_change_mark():
    changes = compare({"1": entry()}, {"1": entry(**{"class": "四年级(1)班"})})
    assert changes["1"].marks == () and changes["1"].fields == ("class",)
