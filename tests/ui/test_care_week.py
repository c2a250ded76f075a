"""The teacher's week as a teacher uses it: this week's calls for 18 pupils in a handful of keys, one call, one talk."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, SelectionList

from schoolcare.i18n import t
from schoolcare.store.models import FamilyCall, FollowUp, TeacherTalk
from schoolcare.ui.care.batch import BatchCallsScreen
from schoolcare.ui.care.forms import CallDialog, TalkDialog
from schoolcare.ui.shell.home import HomeScreen
from tests.factories import add_pupil, assign
from tests.ui.conftest import SIZE, TODAY
from tests.ui.helpers import settle

KEY_BUDGET = 25


class CountingPilot:
    """Presses keys through the pilot and counts them, as the user would press them."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.presses = 0

    async def press(self, *keys: str) -> None:
        self.presses += len(keys)
        await self.pilot.press(*keys)
        await settle(self.pilot)


def column(table: DataTable, index: int) -> list[str]:
    return [table.get_row_at(n)[index].plain for n in range(table.row_count)]


def give_teacher_18_pupils(school) -> None:
    for n in range(15):
        pupil_id = add_pupil(school.school_id, school.class_ids[0], f"S1{n:02d}", f"学生{n:02d}")
        assign(school.school_id, pupil_id, school.teacher)


async def test_this_weeks_calls_for_18_pupils_in_at_most_25_keys(app_for, school):
    give_teacher_18_pupils(school)
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#week-table", DataTable)
        assert table.row_count == 18
        call_column = 3
        assert set(column(table, call_column)) == {t("care.status.overdue")}  # nobody called yet this term

        keys = CountingPilot(pilot)
        await keys.press("b")
        assert isinstance(app.screen, BatchCallsScreen)
        assert len(app.screen.query_one("#batch-pupils", SelectionList).selected) == 18  # all still owe a call
        await keys.press("ctrl+s")

        assert app.screen is home, str(app.screen.query_one("#dialog-error").render())
        assert keys.presses <= KEY_BUDGET, keys.presses
        calls = list(FamilyCall.select())
        assert len(calls) == 18
        assert {(c.date, c.channel, c.connected) for c in calls} == {(dt.date.fromisoformat(TODAY), "phone", True)}
        table = home.query_one("#week-table", DataTable)
        assert set(column(table, call_column)) == {t("care.status.done")}  # the week turned green


async def test_a_call_for_the_highlighted_pupil_in_two_keys_and_a_refused_date_keeps_the_form(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#week-table", DataTable)
        first = table.get_row_at(0)[1].plain
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallDialog) and dialog.pupil_name == first
        dialog.query_one("#date", Input).value = "2026-12-01"  # tomorrow and after: refused
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and FamilyCall.select().count() == 0
        assert str(dialog.query_one("#field-date .field-error").render()) == t("error.care.future") == "不能晚于今天"
        dialog.query_one("#date", Input).value = TODAY
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        (saved,) = FamilyCall.select()
        assert saved.pupil_id == school.pupil_ids[0] and saved.recorded_by_id == school.teacher.staff_id
        assert app.screen.query_one("#week-table", DataTable).get_row_at(0)[3].plain == t("care.status.done")


async def test_a_talk_with_a_concern_needs_a_follow_up(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TalkDialog)
        dialog.query_one("#topic", Input).value = "想念父母"
        dialog.query_one("#concern").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and TeacherTalk.select().count() == 0
        assert str(dialog.query_one("#field-follow_up .field-error").render()) == t("error.care.concern")
        dialog.query_one("#follow_up", Input).value = "周末安排视频通话"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert TeacherTalk.select().count() == 1 and FollowUp.select().count() == 1
        assert "周末安排视频通话" in str(app.screen.query_one("#week-next").render())


async def test_a_home_visit_with_a_follow_up_for_someone_else(app_for, school):
    from schoolcare.store.models import HomeVisit
    from schoolcare.ui.care.forms import VisitDialog

    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, VisitDialog)
        dialog.query_one("#met_whom", Input).value = "祖母"
        dialog.query_one("#action1", Input).value = "申请助学金"
        dialog.query_one("#due1", Input).value = "下周五"
        await pilot.press("ctrl+s")  # no findings yet, and a due date that is not one
        await settle(pilot)
        assert app.screen is dialog and HomeVisit.select().count() == 0
        assert str(dialog.query_one("#field-family_findings .field-error").render()) == t("error.care.findings")
        dialog.query_one("#family_findings", Input).value = "父母在外务工，祖母照料"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The service names the first action it was given; the form puts the reason on that row's field.
        assert app.screen is dialog and str(dialog.query_one("#field-due1 .field-error").render()) == t("error.date_format")
        dialog.query_one("#due1", Input).value = "2026年12月15日"
        dialog.query_one("#owner1").value = school.coordinator.staff_id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        (visit,) = HomeVisit.select()
        (action,) = FollowUp.select()
        assert (visit.pupil_id, visit.met_whom) == (school.pupil_ids[0], "祖母")
        assert (action.owner_id, action.due, action.home_visit_id) == (
            school.coordinator.staff_id, dt.date(2026, 12, 15), visit.id)


async def test_a_pupil_added_today_is_due_this_week_not_overdue(app_for, school):
    """The coordinator adds a pupil and gives them to the teacher today; the teacher's week asks for this week's
    call and talk (due), and the batch calls do not say they were missed last week."""
    from schoolcare.services.registry import pupils

    family = [{"relation": "父亲", "name": "钱父", "away": True, "work_place": "广东东莞"},
              {"relation": "母亲", "name": "钱母", "away": True, "work_place": "浙江宁波"}]
    added = pupils.create_pupil(school.coordinator, {"student_no": "S777", "name": "钱小七", "gender": "男",
                                                     "birth_date": "2016-04-01", "class_id": school.class_ids[0]},
                                family)
    assign(school.school_id, added, school.teacher, start=dt.date.fromisoformat(TODAY))
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#week-table", DataTable)
        rows = {table.get_row_at(n)[1].plain: table.get_row_at(n) for n in range(table.row_count)}
        assert rows["钱小七"][3].plain == t("care.status.due")  # the call
        assert rows["钱小七"][4].plain == t("care.status.due")  # the talk
        assert rows["张小三"][3].plain == t("care.status.overdue")  # here all term: missed last week
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BatchCallsScreen)
        text = [str(o.prompt) for o in app.screen.query_one("#batch-pupils", SelectionList)._options]
        (mine,) = [line for line in text if "钱小七" in line]
        assert t("care.batch.pick_note.due") in mine and t("care.batch.pick_note.overdue") not in mine


async def test_a_call_of_long_ago_asks_why_it_is_entered_now_and_the_audit_keeps_it(app_for, school):
    import json

    from schoolcare.store.models import AuditEntry

    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallDialog)
        reason_field = dialog.query_one("#field-backdate_reason")
        assert not reason_field.display  # today's call: nothing to explain
        dialog.query_one("#date", Input).value = "2026-10-01"  # 58 days ago, more than rules.yaml's 30
        await settle(pilot)
        assert reason_field.display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and FamilyCall.select().count() == 0
        error = str(dialog.query_one("#field-backdate_reason .field-error").render())
        assert error == t("error.care.backdated_needs_reason", days=58, limit=30)
        dialog.query_one("#backdate_reason", Input).value = "假期前的纸质记录"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    (saved,) = FamilyCall.select()
    (entry,) = AuditEntry.select().where(AuditEntry.entity == "family_call")
    assert saved.date == dt.date(2026, 10, 1) and json.loads(entry.changes)["backdate_reason"] == "假期前的纸质记录"


async def test_the_weeks_calls_for_an_old_date_ask_for_the_reason_then_save(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BatchCallsScreen)
        assert not screen.query_one("#field-backdate_reason").display
        screen.query_one("#date", Input).value = "2026-10-01"
        await settle(pilot)
        assert screen.query_one("#field-backdate_reason").display  # asked as soon as the date is that old
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and FamilyCall.select().count() == 0
        error = str(screen.query_one("#field-backdate_reason .field-error").render())
        assert error == t("error.care.backdated_needs_reason", days=58, limit=30)
        screen.query_one("#backdate_reason", Input).value = "补录"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not screen and FamilyCall.select().count() == 3
