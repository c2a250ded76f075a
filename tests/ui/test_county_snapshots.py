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


async def test_at_80x24_in_english_the_schools_table_keeps_its_rows(app_for, county):  # noqa: F811
    """The English summary wraps longer than the Chinese: the panels above give way, every school row shows."""
    from textual.widgets import DataTable

    app = app_for(county[0], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot)
        table = app.screen.query_one("#cy-schools", DataTable)
        assert table.row_count == 2
        assert table.size.height >= table.row_count + 1  # the header and both schools are on the screen
