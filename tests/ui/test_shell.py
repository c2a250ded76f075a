"""The app shell as users meet it: first run, login, each role's home, areas by key and palette, language, quit."""
from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Input, Static

from schoolcare.i18n import t
from schoolcare.services.accounts import auth
from schoolcare.ui.accounts.admin import AdminScreen
from schoolcare.ui.accounts.login import LoginScreen, SetupScreen
from schoolcare.ui.shell.areas import AREAS
from schoolcare.ui.shell.home import HomeScreen
from tests.factories import PASSWORD
from tests.ui.conftest import DEMO_ACCOUNTS, SIZE
from tests.ui.helpers import MISSING_KEY, fill, screen_text, settle


async def log_in(pilot, login: str, password: str) -> None:
    await fill(pilot, login=login, password=password)
    await pilot.press("enter")  # Enter in the last field submits
    await settle(pilot)


async def test_first_run_sets_up_the_school_and_logs_the_coordinator_in(app_for, database):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await fill(pilot, school="石门小学", name="李主任", login="li", password="abcdef", again="abcdeg")
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)  # passwords differ: nothing created, nothing lost
        assert str(app.screen.query_one("#field-again .field-error", Static).render()) == t("error.passwords_differ")
        assert app.screen.query_one("#school", Input).value == "石门小学"

        await fill(pilot, again="abcdef")
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.actor.name == "李主任" and app.session.school_name == "石门小学"
    assert not auth.is_empty()


async def test_first_run_shows_a_service_error_on_its_field(app_for, database):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, school="石门小学", name="李主任", login="Li Si", password="abcdef", again="abcdef")
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert str(app.screen.query_one("#field-login .field-error", Static).render()) == t("error.login_format")
        assert app.focused is app.screen.query_one("#login", Input)
    assert auth.is_empty()


async def test_wrong_password_says_so_and_keeps_the_login(app_for, school):
    app = app_for(demo_accounts=DEMO_ACCOUNTS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "zheng" in screen_text(pilot)  # the demo accounts are listed

        await log_in(pilot, "coord", "not-the-password")
        assert isinstance(app.screen, LoginScreen)
        assert str(app.screen.query_one("#form-error", Static).render()) == t("error.wrong_login")
        assert app.screen.query_one("#login", Input).value == "coord"
        assert app.screen.query_one("#password", Input).value == ""

        await log_in(pilot, "coord", PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.actor == school.coordinator


@pytest.mark.parametrize("login, role", [("coord", "coordinator"), ("zheng", "teacher"), ("head", "principal")])
async def test_each_role_lands_on_its_own_home(app_for, school, login, role):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, login, PASSWORD)
        home = app.screen
        assert isinstance(home, HomeScreen) and app.current_mode == "home"
        text = screen_text(pilot)
        assert t(f"role.{role}") in text  # the header names the user's role
        if role == "coordinator":
            # The left-behind pupil nobody cares for is named as a problem.
            assert "孙未分" in str(home.query_one("#problems", Static).render())
        elif role == "teacher":
            table = home.query_one("#week-table", DataTable)  # a teacher's home is their week
            assert sorted(table.get_row_at(n)[1].plain for n in range(table.row_count)) == ["张小三", "李思思",
                                                                                              "陈一鸣"]
            assert not home.query("#problems")
        else:
            assert not home.query("#problems")
            assert t("home.read_only") in text


async def test_a_teacher_cannot_reach_admin_by_key_or_palette(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert app.current_mode == "home"
        assert t("nav.admin") not in screen_text(pilot)  # not offered in the footer either

        await app.run_action("area('admin')")
        await settle(pilot)
        assert app.current_mode == "home"

        await pilot.press("ctrl+p")
        await pilot.press(*"admin")
        await pilot.pause(0.8)  # past the palette's half-second wait before it says nothing matched
        offered = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        assert offered and not any(t("nav.admin") in text for text in offered)


async def test_the_palette_opens_areas_for_a_coordinator(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"admin")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("area", [a for a in AREAS if not a.county], ids=[a.mode for a in AREAS if not a.county])
async def test_every_area_opens_for_a_coordinator_with_no_missing_text(app_for, school, lang, area):
    app = app_for(school.coordinator, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(area.key)
        await settle(pilot)
        assert app.current_mode == area.mode
        text = screen_text(pilot)
        assert t(area.title) in text
        assert MISSING_KEY not in text, f"a missing i18n key on the {area.mode} screen"
        await pilot.press("f1")  # and its help
        await settle(pilot)
        assert MISSING_KEY not in screen_text(pilot)


async def test_switching_language_redraws_the_areas(app_for, school):
    app = app_for(school.coordinator, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "学生档案" in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(pilot)
        assert app.current_mode == "pupils"
        assert "Pupils" in text and "学生档案" not in text
        assert "Student no." in text and "Log out" in text  # table headings and footer too


async def test_help_lists_the_keys_of_the_screen_and_the_global_ones(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Add user" in text and "Reset password" in text and "Switch language" in text
        assert f"Database: SQLite {app.database.version}" in text  # what a support call needs to know
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)


async def test_logging_out_returns_to_login_and_forgets_the_user(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await app.run_action("log_out")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.session is None
        await log_in(pilot, "zheng", PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.actor == school.teacher  # a fresh home, not the coordinator's


async def test_ctrl_q_quits(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_the_header_names_the_term_or_says_it_is_the_holidays(app_for, school, monkeypatch):
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "吴校长（校长）" in screen_text(pilot) and "2026年秋季学期" in screen_text(pilot)
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-08-01")  # summer holidays
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "假期中（上学期：2026年春季学期）" in screen_text(pilot)


async def test_switching_language_on_the_login_screen(app_for, school):
    app = app_for(demo_accounts=DEMO_ACCOUNTS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Log in with your login and password" in text and "Demo school accounts" in text
        assert isinstance(app.focused, Input)  # ready to type again
        await log_in(pilot, "head", PASSWORD)
        assert isinstance(app.screen, HomeScreen) and "principal" in screen_text(pilot)
