"""From a pupil's file: log a call, talk or visit (c / t / v), open any record of the timeline (Enter) to correct it
with a reason or withdraw it (x); and from the command palette ("家访 张小三")."""
from __future__ import annotations

import datetime as dt
import json

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input

from schoolcare.i18n import reason, t
from schoolcare.store.models import AuditEntry, FamilyCall, HomeVisit, TeacherTalk
from schoolcare.ui.care.corrections import VisitCorrectionDialog
from schoolcare.ui.care.forms import CallDialog, TalkDialog, VisitDialog, WithdrawDialog
from schoolcare.ui.registry.find_pupil import care_verb
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle

LAST_YEAR = dt.date(2025, 10, 14)


async def open_file(pilot, pupil_id: int) -> None:
    await settle(pilot)
    pilot.app.push_screen(PupilFileScreen(pupil_id))
    await settle(pilot)


async def test_the_coordinator_logs_a_visit_and_a_call_from_the_file(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VisitDialog) and app.screen.pupil_id == school.pupil_ids[0]
        app.screen.query_one("#family_findings", Input).value = "祖母身体尚好"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        visit = HomeVisit.get(HomeVisit.pupil == school.pupil_ids[0])
        assert visit.recorded_by_id == school.coordinator.staff_id
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CallDialog) and app.screen.row is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert FamilyCall.select().where(FamilyCall.pupil == school.pupil_ids[0]).count() == 1
        kinds = [str(row[1]) for row in map(app.screen.query_one("#file-timeline", DataTable).get_row_at, range(2))]
        assert sorted(kinds) == ["亲情电话", "家访"]  # both on the timeline at once
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TalkDialog) and app.screen.pupil_id == school.pupil_ids[0]


async def test_an_old_call_on_the_timeline_is_corrected_with_a_reason(app_for, school):
    call = FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=LAST_YEAR, duration_min=5,
                             recorded_by=school.teacher.staff_id)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        timeline = app.screen.query_one("#file-timeline", DataTable)
        assert timeline.has_focus and timeline.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallDialog) and dialog.row.id == call.id
        assert dialog.query_one("#date", Input).value == "2025-10-14"
        dialog.query_one("#duration_min", Input).value = "12"
        dialog.query_one("#edit_reason", Input).value = "时长记错"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
    assert FamilyCall.get_by_id(call.id).duration_min == 12
    (entry,) = AuditEntry.select().where(AuditEntry.action == "update")
    assert json.loads(entry.changes) == {"duration_min": [5, 12], "reason": "时长记错"}


async def test_a_correction_without_a_reason_is_refused_on_the_reason_field_in_view(app_for, school):
    call = FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=LAST_YEAR, duration_min=5,
                             recorded_by=school.teacher.staff_id)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallDialog)
        reason_box = dialog.query_one("#edit_reason", Input)
        assert reason_box.placeholder == t("care.form.edit_reason_hint")
        assert reason_box.region.height and dialog.region.contains_region(reason_box.region)  # seen unscrolled
        dialog.query_one("#duration_min", Input).value = "12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: the form stays, with what was typed
        reason_field = dialog.query_one("#field-edit_reason")
        assert reason_field.invalid and reason_box.has_focus
        assert dialog.region.contains_region(reason_box.region)
        assert dialog.query_one("#duration_min", Input).value == "12"
        assert FamilyCall.get_by_id(call.id).duration_min == 5
        assert not AuditEntry.select().where(AuditEntry.action == "update").exists()
        await pilot.press(*"记错")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
    assert FamilyCall.get_by_id(call.id).duration_min == 12


async def test_a_visit_is_corrected_and_a_talk_withdrawn_from_the_timeline(app_for, school):
    pupil = school.pupil_ids[1]
    visit = HomeVisit.create(school=school.school_id, pupil=pupil, date=LAST_YEAR, visitors="郑老师",
                             family_findings="家中整洁", teacher=school.teacher.staff_id,
                             recorded_by=school.teacher.staff_id)
    talk = TeacherTalk.create(school=school.school_id, pupil=pupil, date=dt.date(2024, 4, 2), topic="学习",
                              teacher=school.teacher.staff_id, recorded_by=school.teacher.staff_id)
    app = app_for(school.teacher)  # their own pupil, their own records
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, pupil)
        await pilot.press("enter")  # the newest: the visit
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, VisitCorrectionDialog)
        dialog.query_one("#met_whom", Input).value = "祖母"
        dialog.query_one("#edit_reason", Input).value = "补记见到的人"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        await pilot.press("down", "x")  # the talk of 2024
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WithdrawDialog) and dialog.record_id == talk.id
        dialog.query_one("#reason", Input).value = "记到了别的学生名下"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert t("pupils.timeline.withdrawn") in str(app.screen.query_one("#file-timeline", DataTable).get_row_at(1)[2])
    assert HomeVisit.get_by_id(visit.id).met_whom == "祖母"
    kept = TeacherTalk.get_by_id(talk.id)
    assert kept.withdrawn and kept.withdrawn_reason == "记到了别的学生名下"
    assert {e.action for e in AuditEntry.select()} == {"update", "withdraw"}


async def test_the_principal_reads_the_file_but_logs_nothing(app_for, school):
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        screen = app.screen
        for action in ("log_call", "log_talk", "log_visit", "withdraw_record"):
            assert screen.check_action(action, ()) is False, action
        await pilot.press("v")
        await settle(pilot)
        assert app.screen is screen


def test_the_palette_reads_a_kind_of_record_and_a_pupil():
    assert care_verb("家访 张三") == ("home_visit", "张三")
    assert care_verb("家访张三") == ("home_visit", "张三")
    assert care_verb("home visit zhang") == ("home_visit", "zhang")
    assert care_verb("电话 zs") == ("family_call", "zs")
    assert care_verb("谈心 李思思") == ("teacher_talk", "李思思")
    assert care_verb("张三") is None and care_verb("家访") is None and care_verb("calling") is None


async def test_home_visit_from_the_command_palette(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "家访 张小三"
        await pilot.pause(0.5)
        offered = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert offered and "家访" in offered[0] and "张小三" in offered[0]
        assert not any(t("palette.no_match") in text for text in offered)  # a form offered is not a miss
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VisitDialog) and app.screen.pupil_id == school.pupil_ids[0]


async def test_home_visit_in_english_from_the_palette(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "home visit zhangxiao"
        await pilot.pause(0.5)
        offered = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert offered and "Home visit" in offered[0] and "张小三" in offered[0]


async def test_a_withdrawn_record_is_read_not_corrected(app_for, school):
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=LAST_YEAR, withdrawn=True,
                      withdrawn_reason="重复登记", recorded_by=school.teacher.staff_id)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        screen = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert [n.message for n in app._notifications] == [reason("care.withdrawn")]
