"""A load that takes a while shows Textual's loading indicator where its content will go, and no indicator once the
content is there; a quick load shows none at all."""
from __future__ import annotations

import threading

from textual.widgets import DataTable, LoadingIndicator

from schoolcare.services.care import rules
from schoolcare.ui.care.log import CareLogScreen
from schoolcare.ui.kit.loading import Pending
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


async def test_a_slow_week_shows_the_loading_indicator_until_its_rows_arrive(app_for, school, monkeypatch):
    real = rules.care_week
    seen = threading.Event()

    def slow_week(*args, **kwargs):
        seen.wait(timeout=30)  # the rows arrive only once the test has seen the indicator, however busy the machine
        return real(*args, **kwargs)

    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(rules, "care_week", slow_week)
        await pilot.press("3")
        await pilot.pause(0.4)
        assert isinstance(app.screen, CareLogScreen)
        heading = app.screen.query_one("#week-heading", Pending)
        for _ in range(100):  # the indicator comes DELAY after the heading mounted, long before the rows
            if heading.loading:
                break
            await pilot.pause(0.1)
        assert heading.loading  # Textual covers the heading with its LoadingIndicator
        assert isinstance(heading._cover_widget, LoadingIndicator)
        seen.set()
        await settle(pilot)
        assert not heading.loading and heading._cover_widget is None
        assert str(heading.render())  # the week's heading in its place
        assert app.screen.query_one("#week-table", DataTable).row_count > 0


async def test_a_quick_load_shows_no_indicator(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.pause(0.3)  # past the indicator's delay
        assert not any(node.loading for node in app.screen.query(Pending))
