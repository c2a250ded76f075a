"""The coordinator's overdue lists and the Care log area: jump to a pupil, withdraw a record with a reason, close a follow-up."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input

from schoolcare.domain.care import CallDraft, FollowUpDraft
from schoolcare.i18n import t
from schoolcare.services.care import calls_talks, followups
from schoolcare.store.models import AuditEntry, FamilyCall, FollowUp
from schoolcare.ui.care.forms import FollowUpDoneDialog, WithdrawDialog
from schoolcare.ui.care.log import CareLogScreen
from schoolcare.ui.care.overdue import OverdueScreen
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import press_settled, screen_text, settle


def rows(table: DataTable) -> list[list[str]]:
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_coordinators_overdue_list_drops_by_the_pupils_a_teacher_called(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverdueScreen)
        rules = app.screen.query_one("#overdue-rules", DataTable)
        assert rows(rules)[0] == ["亲情电话", "6"]  # every left-behind pupil, none called yet
        items = rows(app.screen.query_one("#overdue-items", DataTable))
        assert items[0][0].startswith("三年级(1)班")  # grouped by class, with counts
        calls_talks.log_calls(school.teacher, school.pupil_ids[:3])  # the teacher logs the week's calls meanwhile
        await press_settled(pilot, "escape", "o")
        assert rows(app.screen.query_one("#overdue-rules", DataTable))[0] == ["亲情电话", "3"]
        await pilot.press("g")  # by teacher
        await settle(pilot)
        groups = [r[0] for r in rows(app.screen.query_one("#overdue-items", DataTable)) if not r[1]]
        assert groups == ["王老师 · 2 项", f"{t('care.overdue.unassigned')} · 1 项"]
        await pilot.press("enter")  # the rule → its list
        await pilot.press("down", "enter")  # the first pupil of 王老师's group → the pupil's file
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)


async def test_withdraw_a_record_with_a_reason_from_the_care_log(app_for, school):
    row = calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], "2026-11-27", notes="打错了学生"))
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, CareLogScreen)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#records-table", DataTable)
        assert table.has_focus and table.row_count == 1
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WithdrawDialog)
        await pilot.press("ctrl+s")  # no reason: refused, nothing changed
        await settle(pilot)
        assert app.screen is dialog and not FamilyCall.get_by_id(row.id).withdrawn
        dialog.query_one("#reason", Input).value = "记到了别的学生名下"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CareLogScreen)
        kept = FamilyCall.get_by_id(row.id)
        assert kept.withdrawn and kept.withdrawn_reason == "记到了别的学生名下"
        assert AuditEntry.select().where(AuditEntry.action == "withdraw").count() == 1
        assert t("care.withdrawn", reason="记到了别的学生名下") in screen_text(pilot).replace("&#x27;", "'")


async def test_a_record_someone_else_made_cannot_be_withdrawn_and_the_form_says_why_in_chinese(app_for, school):
    row = calls_talks.log_call(school.coordinator, CallDraft(school.pupil_ids[0], "2026-11-27"))
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "l", "x")
        dialog = app.screen
        assert isinstance(dialog, WithdrawDialog)
        dialog.query_one("#reason", Input).value = "重复登记"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and not FamilyCall.get_by_id(row.id).withdrawn
        said = str(dialog.query_one("#dialog-error").render())
        assert said == "只有记录人或关爱服务中心负责人可以更正这条记录"


async def test_close_a_follow_up(app_for, school):
    followups.add_follow_up(school.teacher, school.pupil_ids[1], FollowUpDraft("送棉衣", None, "2026-11-25"))
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "f")
        table = app.screen.query_one("#follow-ups-table", DataTable)
        assert rows(table)[0][:3] == ["2026-11-25", "李思思", "送棉衣"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpDoneDialog)
        app.screen.query_one("#outcome", Input).value = "已送到"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (done,) = FollowUp.select()
        assert done.done_on == dt.date(2026, 11, 28) and done.outcome == "已送到"
        assert rows(app.screen.query_one("#follow-ups-table", DataTable))[0][0] == t("care.follow_ups.none")


async def test_the_principal_sees_the_week_but_cannot_log(app_for, school):
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one("#week-table", DataTable).row_count == 6
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CareLogScreen)  # no form opened
        assert t("care.key.call") not in screen_text(pilot)


async def test_correct_a_call_with_a_reason_from_the_care_log(app_for, school):
    import json

    from schoolcare.ui.care.forms import CallDialog

    row = calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], "2026-11-27", duration_min=5))
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "l", "e")
        dialog = app.screen
        assert isinstance(dialog, CallDialog) and dialog.query_one("#duration_min", Input).value == "5"
        dialog.query_one("#duration_min", Input).value = "15"
        dialog.query_one("#edit_reason", Input).value = "时长记错"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CareLogScreen)
        assert FamilyCall.get_by_id(row.id).duration_min == 15
        (entry,) = AuditEntry.select().where(AuditEntry.action == "update")
        assert json.loads(entry.changes) == {"duration_min": [5, 15], "reason": "时长记错"}


async def test_a_record_from_last_term_is_found_by_the_filters_and_corrected(app_for, school):
    import json

    from schoolcare.ui.care.forms import CallDialog

    old = FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[3], date=dt.date(2026, 4, 8),
                            duration_min=5, recorded_by=school.other_teacher.staff_id)
    for n in range(60):  # a busy autumn in front of it: more than a page
        FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[n % 3], date=dt.date(2026, 10, 1)
                          + dt.timedelta(days=n % 50), recorded_by=school.teacher.staff_id)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "l")
        table = app.screen.query_one("#records-table", DataTable)
        assert table.row_count == 50  # a page, newest first
        assert "2026-04-08" not in [r[0] for r in rows(table)]
        await pilot.press("n")  # the next page
        await settle(pilot)
        assert [r[0] for r in rows(table)][-1] == "2026-04-08" and table.row_count == 11
        assert "第 2 页" in screen_text(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert table.row_count == 50
        await pilot.press("slash")  # the filters: the pupil's initials and the spring term's dates
        await pilot.press(*"lyy")
        app.screen.query_one("#records-end", Input).value = "2026-07-10"
        await pilot.press("enter")
        await settle(pilot)
        assert table.has_focus and [r[0] for r in rows(table)] == ["2026-04-08"]
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CallDialog) and dialog.row.id == old.id
        dialog.query_one("#duration_min", Input).value = "8"
        dialog.query_one("#edit_reason", Input).value = "时长记错"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CareLogScreen) and table.row_count == 1
    (entry,) = AuditEntry.select().where(AuditEntry.action == "update")
    assert json.loads(entry.changes) == {"duration_min": [5, 8], "reason": "时长记错"}


async def test_the_records_filters_narrow_by_kind_and_recorder(app_for, school):
    from textual.widgets import Select

    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[3], date=dt.date(2025, 3, 3),
                      recorded_by=school.other_teacher.staff_id)
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=dt.date(2025, 3, 4),
                      recorded_by=school.teacher.staff_id)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "l")
        table = app.screen.query_one("#records-table", DataTable)
        assert table.row_count == 2
        app.screen.query_one("#records-recorder", Select).value = school.other_teacher.staff_id
        await settle(pilot)
        assert [r[2] for r in rows(table)] == ["刘洋洋"]
        app.screen.query_one("#records-kind", Select).value = "home_visit"
        await settle(pilot)
        assert table.row_count == 0 and "没有符合条件的记录" in screen_text(pilot)
