"""The start the CLI takes on a SQLite file it has only glanced at: the first form shows at once (the set-up form
on an empty database), keys typed meanwhile land in it, and the database is opened with the first login."""
from __future__ import annotations

from textual.widgets import Input

from schoolcare.store import database as store_db
from schoolcare.store.probe import glance
from schoolcare.ui.accounts.login import LoginScreen, SetupScreen
from schoolcare.ui.app import make_app
from schoolcare.ui.shell.home import HomeScreen
from tests.factories import PASSWORD
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle
from tests.ui.test_keyboard_typeahead import burst


def glanced_app(settings, database):
    """make_app as commands/app.py prepare_app builds it after a glance: the database is not open yet."""
    info, empty = glance(database.url)
    store_db.close_database()
    store_db.db.initialize(None)  # nothing may reach the database before the app opens it
    opened = []

    def open_database():
        opened.append(store_db.open_database(database.url))

    return make_app(settings, info, empty=empty, open_database=open_database), opened


async def test_keys_typed_while_starting_on_an_empty_database_land_in_the_set_up_form(settings, database):
    app, opened = glanced_app(settings, database)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)  # the first screen, no login before it
        burst(app, "石门小学", "tab", "李主任", "tab", "li", "tab", "abcdef", "tab", "abcdef", "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.actor.name == "李主任" and app.session.school_name == "石门小学"
        assert len(opened) == 1  # opened once, by the set-up


async def test_a_glanced_school_starts_on_the_login_and_opens_the_database_to_log_in(settings, database, school):
    app, opened = glanced_app(settings, database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and not opened  # shown before the database is opened
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(opened) == 1

        await pilot.press("ctrl+l")  # log out: the gate's login, empty again
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.screen.query_one("#login", Input).value == ""
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(opened) == 1  # not opened again


def recalled_app(settings, database, open_database=None):
    """make_app as commands/app.py builds it on a PostgreSQL server it remembers: login first, nothing asked yet."""
    info, _empty = glance(database.url)
    store_db.close_database()
    store_db.db.initialize(None)
    opened = []

    def reopen():
        opened.append(store_db.open_database(database.url))

    return make_app(settings, info, empty=False, open_database=open_database or reopen, recalled=True), opened


async def test_a_remembered_school_opens_the_database_with_the_first_login(settings, database, school):
    app, opened = recalled_app(settings, database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and not opened  # nothing asked of the server before the login
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(opened) == 1


async def test_a_remembered_school_that_is_gone_brings_up_the_set_up_form(settings, database):
    app, opened = recalled_app(settings, database)  # remembered as holding a school; it holds none now
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen) and len(opened) == 1
        burst(app, "石门小学", "tab", "李主任", "tab", "li", "tab", "abcdef", "tab", "abcdef", "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.session.school_name == "石门小学"


async def test_a_remembered_server_that_does_not_answer_says_so_on_the_login(settings, database, school):
    def refuse():
        raise ConnectionRefusedError("connection refused")

    app, _opened = recalled_app(settings, database, open_database=refuse)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "connection refused" in str(app.screen.query_one("#form-error").render())


async def test_ctrl_s_sets_up_the_school_from_any_field(settings, database):
    app, _opened = glanced_app(settings, database)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)
        burst(app, "石门小学", "tab", "李主任", "tab", "li", "tab", "abcdef", "tab", "abcdef", "shift+tab", "ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.session.school_name == "石门小学"
