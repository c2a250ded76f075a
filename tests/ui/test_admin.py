"""The admin area: staff with caseloads, editing and leavers, classes and homeroom teachers, passwords, the audit log
as sentences."""
from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Input, Select, Static, TabbedContent

from schoolcare.i18n import t
from schoolcare.services.accounts import auth
from schoolcare.services.errors import AuthError
from schoolcare.ui.accounts.admin import AdminScreen
from schoolcare.ui.accounts.audit_log import AuditFilterDialog
from schoolcare.ui.accounts.dialogs import AddUserDialog, ResetPasswordDialog
from schoolcare.ui.accounts.login import LoginScreen
from schoolcare.ui.kit.dialog import ConfirmDiscard
from schoolcare.ui.registry.classes import AddClassDialog, HomeroomDialog, RetireClassDialog
from schoolcare.ui.registry.staff import DeactivateDialog, EditStaffDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import fill, settle


def column(table: DataTable, index: int) -> list[str]:
    return [table.get_row_at(n)[index].plain for n in range(table.row_count)]


async def open_admin(pilot) -> AdminScreen:
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AdminScreen)
    return pilot.app.screen


async def test_staff_are_listed_with_their_caseloads(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        staff = admin.query_one("#staff", DataTable)
        caseloads = dict(zip(column(staff, 0), column(staff, 5), strict=True))
        assert caseloads == {"周协调": "0", "吴校长": "0", "王老师": "2", "郑老师": "3"}
        assert column(admin.query_one("#classes", DataTable), 0) == ["三年级(1)班", "四年级(2)班"]


async def test_adding_a_user_shows_errors_on_the_field_and_keeps_what_was_typed(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddUserDialog)
        await fill(pilot, name="钱老师", login="zheng", password="123456", post="班主任")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog  # not saved
        error = str(dialog.query_one("#field-login .field-error", Static).render())
        assert error == t("error.login_taken", login="zheng")
        assert dialog.query_one("#name", Input).value == "钱老师"
        assert dialog.query_one("#post", Input).value == "班主任"

        await fill(pilot, login="qian")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is admin
        assert "钱老师" in column(admin.query_one("#staff", DataTable), 0)
        audit = admin.query_one("#audit", DataTable)
        assert column(audit, 2)[0] == "周协调 新建了教职工 钱老师：登录名 qian；角色 教师"
    assert auth.authenticate("qian", "123456").name == "钱老师"


async def test_resetting_a_password(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        staff = admin.query_one("#staff", DataTable)
        staff.move_cursor(row=staff.get_row_index(str(school.teacher.staff_id)))
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ResetPasswordDialog) and dialog.staff_name == "郑老师"
        await fill(pilot, password="new-secret", again="new-secrex")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one("#field-again .field-error", Static).render()) == t("error.passwords_differ")

        await fill(pilot, again="new-secret")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is admin
    assert auth.authenticate("zheng", "new-secret") == school.teacher
    with pytest.raises(AuthError):
        auth.authenticate("zheng", "secret-pw")


async def test_escape_closes_a_dialog_without_saving(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        await pilot.press("a")
        await settle(pilot)
        await fill(pilot, name="钱老师", login="qian", password="123456")
        await pilot.press("escape")  # something was typed: the dialog asks before throwing it away
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        app.screen.query_one("#discard", Button).press()
        await settle(pilot)
        assert app.screen is admin
        assert "钱老师" not in column(admin.query_one("#staff", DataTable), 0)


async def open_tab(pilot, admin: AdminScreen, tab: str) -> None:
    admin.query_one("#admin-tabs", TabbedContent).active = tab
    await settle(pilot)


def pick(table: DataTable, key: int) -> None:
    table.move_cursor(row=table.get_row_index(str(key)))


async def test_a_class_is_added_led_and_retired_by_keys(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        await pilot.press("n")  # keys act on the tab in view
        await settle(pilot)
        assert app.screen is admin
        await open_tab(pilot, admin, "tab-classes")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AddClassDialog)
        await fill(pilot, name="五年级（1）班")
        app.screen.query_one("#homeroom", Select).value = school.other_teacher.staff_id
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is admin
        table = admin.query_one("#classes", DataTable)
        rows = {r[0]: r for r in (tuple(c.plain for c in table.get_row_at(n)) for n in range(table.row_count))}
        assert rows["五年级(1)班"][1:3] == ("5", "王老师")

        pick(table, school.class_ids[1])
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HomeroomDialog)
        app.screen.query_one("#homeroom", Select).value = school.teacher.staff_id
        await fill(pilot, reason="新学年")
        await pilot.click("#save")
        await settle(pilot)
        assert column(table, 2)[1] == "郑老师"
        await pilot.press("h")
        await settle(pilot)
        history = str(app.screen.query_one("#homeroom-history", Static).render())
        assert "郑老师" in history and "至 今 新学年" in history
        await pilot.press("escape")
        await settle(pilot)

        pick(table, school.class_ids[0])
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RetireClassDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog  # three pupils are still in it
        assert "3" in str(dialog.query_one("#dialog-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        await open_tab(pilot, admin, "tab-audit")
        assert column(admin.query_one("#audit", DataTable), 2)[0].startswith("周协调 指定了班级 四年级(2)班：班主任 空 → 郑老师；")


async def test_a_member_of_staff_is_edited_and_a_leaver_hands_over(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        staff = admin.query_one("#staff", DataTable)
        pick(staff, school.teacher.staff_id)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditStaffDialog)
        await fill(pilot, age="41", address="青石镇中心街 8 号")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is admin
        row = [c.plain for c in staff.get_row_at(staff.get_row_index(str(school.teacher.staff_id)))]
        assert row[7:] == ["41", "青石镇中心街 8 号", "三年级(1)班"]

        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DeactivateDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#field-handover_to .field-error", Static).render())
        assert "still holds pupils: 3, classes: 1" in error
        dialog.query_one("#handover_to", Select).value = school.other_teacher.staff_id
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is admin
        row = [c.plain for c in staff.get_row_at(staff.get_row_index(str(school.other_teacher.staff_id)))]
        assert row[5] == "5" and row[9] == "三年级(1)班"
        await open_tab(pilot, admin, "tab-audit")
        assert column(admin.query_one("#audit", DataTable), 2)[0] == "周协调 deactivated staff 郑老师: Active Yes → No; Reason the teacher left"

        await open_tab(pilot, admin, "tab-staff")
        assert "deactivate" in [a.binding.action for a in app.screen.active_bindings.values() if a.binding.show]
        pick(staff, school.teacher.staff_id)
        await pilot.press("u")
        await settle(pilot)
        row = [c.plain for c in staff.get_row_at(staff.get_row_index(str(school.teacher.staff_id)))]
        assert row[6] == "Yes"


async def test_the_audit_log_reads_as_sentences_and_filters_by_pupil(app_for, school):
    from schoolcare.services.registry import pupils

    pupils.update_pupil(school.coordinator, school.pupil_ids[0], {"enrolled_on": "2026-09-01"})
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        admin = await open_admin(pilot)
        await open_tab(pilot, admin, "tab-audit")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AuditFilterDialog)
        await fill(pilot, pupil="张小三", since="2026-13-01")
        await pilot.click("#save")
        await settle(pilot)
        assert str(app.screen.query_one("#field-since .field-error", Static).render())
        await fill(pilot, since="")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is admin
        lines = column(admin.query_one("#audit", DataTable), 2)
        assert lines == ["周协调 changed pupil 张小三: Enrolled on 2021-09-01 → 2026-09-01"]


async def test_a_deactivated_teacher_is_refused_at_the_next_action(app_for, school):
    from schoolcare.services.registry import staff

    app = app_for(school.other_teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        staff.deactivate(school.coordinator, school.other_teacher.staff_id, handover_to=school.teacher.staff_id)
        await pilot.press("2")
        await settle(pilot)
        # run_test hides toasts: what the screen notified is read from the app's notifications.
        shown = [n.message for n in app._notifications if n.severity == "error"]
        assert t("error.accounts.account_inactive", login="wang") in shown
        # The session ends there: back at the login screen, nothing of the school left on screen.
        assert app.session is None and isinstance(app.screen, LoginScreen)
