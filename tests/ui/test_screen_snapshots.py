"""Snapshots of the main screens on a school with a term of records: the pictures the README shows.

Each test reaches its screen with the keys a user would press. The school
(tests/ui/screen_data.py) is built once per module through the services and
copied for each test; today is fixed at 2026-11-28 by the conftest.

Update deliberately, after looking at the new pictures:
python -m pytest tests/ui/test_screen_snapshots.py --snapshot-update
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.ui import screen_fixtures
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, press_settled, screen_text, settle
from tests.ui.screen_data import TODAY

# The school built once per module and copied per test (overriding the conftest's empty database).
template, database, school = screen_fixtures.template, screen_fixtures.database, screen_fixtures.school


async def repaint(pilot) -> None:
    """Let every worker finish, then check there is no missing key and no error to show."""
    await settle(pilot)
    # A picture with a missing catalog key or a failed load must not become a baseline (--snapshot-update).
    # run_test hides toasts, so a failure's error toast is looked for among the app's notifications.
    assert MISSING_KEY not in screen_text(pilot)
    errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
    assert not errors, errors


def keys(*pressed: str):
    """run_before: press these keys, letting each one's workers finish before the next; then a full repaint."""

    async def run(pilot) -> None:
        await settle(pilot)
        await press_settled(pilot, *pressed)
        await repaint(pilot)

    return run


def test_teacher_week(snap_compare, app_for, school):
    """郑老师's home: five pupils with this week's call and talk done, due or overdue, the term's visit,
    and what comes due next with a late follow-up."""
    assert snap_compare(app_for(school.small.teacher), terminal_size=SIZE, run_before=keys())


def test_pupil_list_searched_by_pinyin_initials(snap_compare, app_for, school):
    """The coordinator's pupil list after typing "ly": 刘洋洋, 刘一帆, 李雨桐 of the school's fifteen."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE,
                        run_before=keys("2", "slash", "l", "y", "enter"))


OPEN_FILE = ("2", "slash", "h", "y", "x", "enter", "enter")  # the list, search "hyx", Enter twice: 何雨欣's file


def test_pupil_file(snap_compare, app_for, school):
    """何雨欣's file, found from the list: profile, derived left-behind status with its inputs, guardians,
    care teachers (moved from 王老师 to 郑老师) and dated situation notes."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE, run_before=keys(*OPEN_FILE))


def test_pupil_file_timeline(snap_compare, app_for, school):
    """The same file scrolled down (at 40 lines the timeline is below the fold): every care record, newest first."""

    async def run(pilot) -> None:
        await keys(*OPEN_FILE)(pilot)
        pilot.app.screen.query_one("#file-body").scroll_end(animate=False)  # as the mouse wheel would
        await repaint(pilot)

    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE, run_before=run)


def test_coordinator_overdue_tab(snap_compare, app_for, school):
    """The Care log area's overdue tab: counts per rule, the family calls missed grouped by class."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE, run_before=keys("3", "o"))


def test_care_centre(snap_compare, app_for, school):
    """Rooms with readiness (the health room not set up, the activity room short of equipment) and the hazard
    ledger with the family line's broken phone overdue since 19 November."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE, run_before=keys("5"))


def test_principal_term_progress(snap_compare, app_for, school):
    """The principal's home: the term's bars against the spring term, the week-by-week trend, classes weakest first."""
    assert snap_compare(app_for(school.small.principal), terminal_size=SIZE, run_before=keys())


def test_principal_term_progress_in_english(snap_compare, app_for, school):
    assert snap_compare(app_for(school.small.principal, lang="en"), terminal_size=SIZE, run_before=keys())


def test_assignment_screen(snap_compare, app_for, school):
    """一对一 assignments: coverage with two left-behind pupils uncovered, both picked, every teacher's load."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE,
                        run_before=keys("2", "a", "asterisk"))


NARROW = (80, 24)  # the smallest terminal the app is laid out for


def test_coordinator_home_at_80x24(snap_compare, app_for, school):
    """The glance and the problems fit 80 columns: short tab names, problems wrapped between words."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=NARROW, run_before=keys())


def test_care_log_week_at_80x24(snap_compare, app_for, school):
    """The care log's week at 80×24 shows its rows, not only the table's header."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=NARROW, run_before=keys("3"))


def test_teacher_register_at_80x24(snap_compare, app_for, school):
    """A homeroom teacher's child-protection area opens on today's register: everyone present until marked."""
    assert snap_compare(app_for(school.small.teacher), terminal_size=NARROW, run_before=keys("8"))


@pytest.fixture
def incident_clock(monkeypatch, settings, school):
    """One incident found yesterday morning, its mandatory report two hours overdue at a fixed 10:00 today."""
    from schoolcare.domain.protection import IncidentDraft
    from schoolcare.services.protection import incidents

    monkeypatch.setenv("SCHOOLCARE_TODAY", f"{TODAY.isoformat()}T10:00")
    pupil = school.small.pupil_ids[0]
    incidents.record_incident(school.small.teacher, settings, IncidentDraft(
        pupil, "domestic_violence", f"{(TODAY - dt.timedelta(days=1)).isoformat()} 08:00", place="家中",
        description="手臂有多处淤青", found_by="班主任", immediate_action="安抚，联系关爱中心"))


def test_child_protection_incidents(snap_compare, app_for, school, incident_clock):
    """The coordinator's incidents: the unreported one first, in the error colour, two hours overdue."""
    assert snap_compare(app_for(school.small.coordinator), terminal_size=SIZE, run_before=keys("8"))
