"""The admin area: staff with caseloads, adding a user, resetting a password, the audit log."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from schoolcare.i18n import t
from schoolcare.services.accounts import auth
from schoolcare.services.errors import AuthError
from schoolcare.ui.accounts.admin import AdminScreen
from schoolcare.ui.accounts.dialogs import AddUserDialog, ResetPasswordDialog
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
        assert column(audit, 2)[0] == t("audit.create")
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
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is admin
        assert "钱老师" not in column(admin.query_one("#staff", DataTable), 0)
