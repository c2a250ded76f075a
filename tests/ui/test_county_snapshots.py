"""Snapshots of the county home: every school side by side at 80×24 and at 120×40, in Chinese.

Update deliberately, after looking at the new picture: pytest tests/ui/test_county_snapshots.py --snapshot-update
"""
from __future__ import annotations

from tests.ui.helpers import settle
from tests.ui.test_county_home import county  # noqa: F401  (fixture)


async def _loaded(pilot) -> None:
    await settle(pilot, 5)


def test_county_home_at_80x24(snap_compare, app_for, county):  # noqa: F811
    assert snap_compare(app_for(county[0]), terminal_size=(80, 24), run_before=_loaded)


def test_county_home_at_120x40(snap_compare, app_for, county):  # noqa: F811
    assert snap_compare(app_for(county[0]), terminal_size=(120, 40), run_before=_loaded)
