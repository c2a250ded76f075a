"""The activities area: a class meeting logged with the left-behind pupils ticked, and the class turns done."""
from __future__ import annotations

from textual.widgets import DataTable, Input, SelectionList

from schoolcare.i18n import t
from schoolcare.store.models import Activity, ActivityAttendance, Pupil
from schoolcare.ui.care.activities import ActivitiesScreen
from schoolcare.ui.care.activity_form import ActivityDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


async def test_a_class_meeting_with_left_behind_pupils_ticked(app_for, school):
    Pupil.update(left_behind=False).where(Pupil.id == school.pupil_ids[2]).execute()
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActivitiesScreen)
        classes = screen.query_one("#activity-classes", DataTable)
        assert classes.row_count == 1  # a teacher reaches the class they lead
        assert classes.get_row_at(0)[3].plain == t("care.status.overdue")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActivityDialog)
        assert sorted(dialog.query_one("#activity-pupils", SelectionList).selected) == school.pupil_ids[:2]
        await pilot.press("ctrl+s")  # no title yet: refused, the form stays
        await settle(pilot)
        assert app.screen is dialog and Activity.select().count() == 0
        assert str(dialog.query_one("#field-title .field-error").render()) == t("error.required")
        dialog.query_one("#title", Input).value = "感恩父母主题班会"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        (activity,) = Activity.select()
        assert (activity.scope, activity.school_class_id, activity.kind) == ("class", school.class_ids[0], "class_meeting")
        assert sorted(a.pupil_id for a in ActivityAttendance.select()) == school.pupil_ids[:2]
        assert screen.query_one("#activity-classes", DataTable).get_row_at(0)[3].plain == t("care.status.done")
        assert screen.query_one("#activity-list", DataTable).get_row_at(0)[3].plain == "感恩父母主题班会"


async def test_the_coordinator_logs_the_schools_themed_activity(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.screen.query_one("#activity-classes", DataTable).row_count == 2
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#scope").value = "school"
        await settle(pilot)
        assert len(dialog.query_one("#activity-pupils", SelectionList).selected) == 6  # every left-behind pupil
        dialog.query_one("#title", Input).value = "中秋节关爱活动"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (activity,) = Activity.select()
        assert (activity.scope, activity.school_class_id, activity.kind) == ("school", None, "themed_care")
        assert t("care.status.done") in str(app.screen.query_one("#school-activity").render())
