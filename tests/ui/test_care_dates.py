"""Dates of care records on screen: an activity of long ago asks why it is entered now; one before a pupil joined
is refused on its date."""
from __future__ import annotations

import datetime as dt
import json

from textual.widgets import Input, SelectionList

from schoolcare.domain.records import ClassRow
from schoolcare.i18n import t
from schoolcare.store.models import Activity, AuditEntry, Pupil
from schoolcare.ui.care.activity_form import ActivityDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


async def _open_activity(pilot, school):
    await settle(pilot)
    classes = [ClassRow(school.class_ids[0], "三年级(1)班", 3, 1, "王老师", 3, 3)]
    pilot.app.push_screen(ActivityDialog(school.teacher, classes, class_id=school.class_ids[0]))
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ActivityDialog)
    dialog.query_one("#title", Input).value = "感恩主题班会"
    return dialog


async def test_an_activity_of_long_ago_asks_for_the_reason_and_the_audit_keeps_it(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_activity(pilot, school)
        assert not dialog.query_one("#field-backdate_reason").display
        dialog.query_one("#date", Input).value = "2026-09-18"
        await settle(pilot)
        assert dialog.query_one("#field-backdate_reason").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and Activity.select().count() == 0
        assert str(dialog.query_one("#field-backdate_reason .field-error").render()) == t(
            "error.care.backdated_needs_reason", days=71, limit=30)
        dialog.query_one("#backdate_reason", Input).value = "开学初的纸质记录"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
    (entry,) = AuditEntry.select().where(AuditEntry.entity == "activity")
    assert json.loads(entry.changes)["backdate_reason"] == "开学初的纸质记录"


async def test_an_activity_before_a_pupils_enrolment_is_refused_on_its_date(app_for, school):
    joined = school.pupil_ids[0]
    Pupil.update(enrolled_on=dt.date(2026, 11, 28)).where(Pupil.id == joined).execute()
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_activity(pilot, school)
        dialog.query_one("#date", Input).value = "2026-11-27"
        pupils = dialog.query_one("#activity-pupils", SelectionList)
        pupils.select(joined)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and Activity.select().count() == 0
        name = Pupil.get_by_id(joined).name
        assert str(dialog.query_one("#field-date .field-error").render()) == t(
            "error.care.pupil_before_enrolment", name=name, enrolled_on="2026-11-28")
