"""Back in an area already open: what it showed is there at once, and anything written since — by anyone, from any
screen or the command line — is shown once its reload is done; nothing written, nothing reloaded."""
from __future__ import annotations

from textual.widgets import DataTable

from schoolcare.domain.care import CallDraft
from schoolcare.i18n import t
from schoolcare.services.care import calls_talks
from schoolcare.ui.care.log import CareLogScreen
from schoolcare.ui.care.week import CareWeekView
from tests.ui.conftest import SIZE, TODAY
from tests.ui.helpers import press_settled, settle

CALL = 3  # the week table's family-call column


def call_status(app, pupil_id: int) -> str:
    table = app.screen.query_one("#week-table", DataTable)
    return table.get_row(str(pupil_id))[CALL].plain


async def test_a_call_logged_elsewhere_shows_on_return_and_an_unchanged_area_is_not_reloaded(app_for, school,
                                                                                          monkeypatch):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3")
        assert isinstance(app.screen, CareLogScreen)
        pupil = school.pupil_ids[0]
        assert call_status(app, pupil) != t("care.status.done")

        loads = []
        real = CareWeekView.load
        monkeypatch.setattr(CareWeekView, "load", lambda view: (loads.append(view), real(view)))
        await press_settled(pilot, "1", "3")
        assert isinstance(app.screen, CareLogScreen) and loads == []  # nothing written: the week as it was

        calls_talks.log_call(school.teacher, CallDraft(pupil, TODAY))  # 郑老师, at her own desk
        await press_settled(pilot, "1", "3")
        await settle(pilot)
        assert len(loads) == 1
        assert call_status(app, pupil) == t("care.status.done")
