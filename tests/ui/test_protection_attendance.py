"""The attendance tab: an all-present day in two keys from home (8, ctrl+s), marking an absence with a note, and dropout cases."""
from __future__ import annotations

import datetime as dt

from schoolcare.store.models import Absence, AttendanceDay, DropoutCase
from tests.ui.conftest import SIZE
from tests.ui.helpers import fill, screen_text, settle

FRIDAY = dt.date(2026, 11, 27)  # the school day before the fixed Saturday today


async def open_tab(pilot, tab: str = "attendance"):
    await pilot.press("8")  # the child-protection area
    await settle(pilot)
    pilot.app.screen.show(tab)  # the tab (a click, or the palette's 今日考勤)
    await settle(pilot)
    return pilot.app.screen


async def test_an_all_present_day_takes_two_keys_from_home(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")  # a teacher's child-protection area opens on the register
        await settle(pilot)
        assert "三年级(1)班 2026-11-27（周五） 缺勤 0/3 人 · 尚未记录" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已记录：全部到校" in screen_text(pilot)
    taken = AttendanceDay.get(AttendanceDay.school_class == school.class_ids[0])
    assert taken.date == FRIDAY and Absence.select().count() == 0


async def test_marking_an_absence_with_a_note_in_english(app_for, school):
    app = app_for(school.teacher, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot)
        await pilot.press("down", "enter")  # the second pupil
        await settle(pilot)
        await fill(pilot, note="fever")
        app.screen.query_one("#kind").value = "sick"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not saved yet" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 of 3 absent · recorded" in screen_text(pilot)
    [absence] = Absence.select()
    assert (absence.pupil_id, absence.date, absence.kind, absence.note) == (school.pupil_ids[1], FRIDAY, "sick", "fever")


async def test_space_marks_unexcused_and_the_third_day_opens_a_case(app_for, school):
    for day in (25, 26):
        Absence.create(school=school.school_id, pupil=school.pupil_ids[0], school_class=school.class_ids[0],
                       date=dt.date(2026, 11, day), kind="unexcused")
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        screen = await open_tab(pilot, "dropouts")
        assert screen is not None
        text = screen_text(pilot)
        assert "张小三" in text and "登记（期限 2026-11-28）" in text
    assert DropoutCase.select().count() == 1


async def test_the_coordinator_registers_a_case_and_a_teacher_is_not_offered_its_report_or_closing(app_for, school):
    case = DropoutCase.create(school=school.school_id, pupil=school.pupil_ids[0], school_class=school.class_ids[0],
                              care_teacher=school.teacher.staff_id, trigger="status", opened_on=dt.date(2026, 11, 20))
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "dropouts")
        assert "登记 逾期 7 天（期限 2026-11-21）" in screen_text(pilot)
        await pilot.press("g")
        await settle(pilot)
        await fill(pilot, dropout_reason="随父母去外地")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "劝返 逾期 5 天（期限 2026-11-23）" in screen_text(pilot)
    assert DropoutCase.get_by_id(case.id).reason == "随父母去外地"
    teacher = app_for(school.teacher)
    async with teacher.run_test(size=SIZE) as pilot:
        pane = (await open_tab(pilot, "dropouts")).query_one("DropoutsPane")
        assert pane.check_action("step", ("attempt",)) and not pane.check_action("step", ("close",))
        assert not pane.check_action("step", ("sent",))


async def test_w_refuses_the_written_report_until_persuasion_was_tried(app_for, school):
    from schoolcare.i18n import reason
    from schoolcare.store.models import PersuasionAttempt
    from schoolcare.ui.protection.dropouts import AttemptDialog, ReportSentDialog, WrittenReportDialog

    case = DropoutCase.create(school=school.school_id, pupil=school.pupil_ids[0], school_class=school.class_ids[0],
                              care_teacher=school.teacher.staff_id, trigger="status", opened_on=dt.date(2026, 11, 20),
                              registered_on=dt.date(2026, 11, 20), reason="厌学")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "dropouts")
        await pilot.press("w")
        await settle(pilot)
        # No dialog: the refusal says why (run_test hides toasts; the app keeps its notifications).
        assert not isinstance(app.screen, WrittenReportDialog)
        assert [n.message for n in app._notifications] == [reason("dropouts.no_attempts")]
        await pilot.press("s")  # recording it as sent: the same
        await settle(pilot)
        assert not isinstance(app.screen, ReportSentDialog) and len(app._notifications) == 2
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttemptDialog)
        await fill(pilot, with_whom="祖母", outcome="答应送回，仍未到校")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "答应送回，仍未到校" in screen_text(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WrittenReportDialog)
    assert PersuasionAttempt.get(PersuasionAttempt.case == case.id).outcome == "答应送回，仍未到校"


async def test_a_teacher_who_leads_no_class_is_not_offered_the_registers_keys(app_for, school):
    app = app_for(school.other_teacher)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(pilot)  # asked for the register: it stays, and says why it is empty
        pane = screen.query_one("AttendancePane")
        assert screen.active_pane() is pane
        text = screen_text(pilot)
        assert "您没有担任班主任的班级" in text
        assert "保存" not in text and "前一天" not in text and "旷课" not in text  # no footer keys, no hint
        assert not any(pane.check_action(a, ()) for a in ("save", "mark", "toggle", "day"))
    app = app_for(school.teacher)  # one who leads a class keeps them
    async with app.run_test(size=SIZE) as pilot:
        pane = (await open_tab(pilot)).query_one("AttendancePane")
        assert pane.check_action("save", ()) and "保存" in screen_text(pilot)
