"""Snapshots of the screens people see first: the login screen of the demo school and the coordinator's home.

Update deliberately, after looking at the new picture: pytest tests/ui/test_snapshots.py --snapshot-update
"""
from __future__ import annotations

from tests.ui.conftest import DEMO_ACCOUNTS, SIZE
from tests.ui.helpers import settle


def test_login_screen_with_demo_accounts(snap_compare, app_for, school):
    assert snap_compare(app_for(demo_accounts=DEMO_ACCOUNTS), terminal_size=SIZE, run_before=settle)


def test_coordinator_home(snap_compare, app_for, school):
    assert snap_compare(app_for(school.coordinator), terminal_size=SIZE, run_before=settle)


def test_coordinator_home_in_english(snap_compare, app_for, school):
    assert snap_compare(app_for(school.coordinator, lang="en"), terminal_size=SIZE, run_before=settle)
