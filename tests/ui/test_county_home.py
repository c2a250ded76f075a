"""A county account logs in to the county home: every school side by side, weakest first; Enter reads one
school's term progress read-only; no school area is there, and no key crashes with no school of its own."""
from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from schoolcare.services.accounts.auth import actor_for
from schoolcare.store.models import FamilyCall, School, Staff
from schoolcare.ui.county.area import CountyScreen
from schoolcare.ui.county.school_progress import SchoolProgressScreen
from schoolcare.ui.reports.progress import TermProgressView
from schoolcare.ui.shell.areas import AREAS
from tests.factories import _HASH, PASSWORD, build_small_school
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, fill, press_settled, screen_text, settle


@pytest.fixture
def county(school):
    """Two schools with codes (the first phones home, the second does not) and an education-bureau account."""
    other = build_small_school("白河镇小学", "b")
    School.update(code="QS01").where(School.id == school.school_id).execute()
    School.update(code="BH02").where(School.id == other.school_id).execute()
    for pid in school.pupil_ids:
        for day in (dt.date(2026, 11, 17), dt.date(2026, 11, 23)):
            FamilyCall.create(school=school.school_id, pupil=pid, date=day)
    staff = Staff.create(school=None, name="县教育局", login="edu", role="county", office="education_bureau",
                         password_hash=_HASH)
    return actor_for(staff), school, other


async def test_a_county_login_lands_on_the_county_home_and_opens_a_school(app_for, county):
    actor, school, other = county
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, login="edu", password=PASSWORD)
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, CountyScreen)
        table = app.screen.query_one("#cy-schools", DataTable)
        assert table.row_count == 2
        weakest = table.coordinate_to_cell_key((0, 0)).row_key.value
        assert weakest == str(other.school_id)  # nobody phoned there
        text = screen_text(pilot)
        assert "白河镇小学" in text and "青石镇中心小学" in text and "教育局" in text and MISSING_KEY not in text
        await press_settled(pilot, "enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, SchoolProgressScreen)
        view = app.screen.query_one(TermProgressView)
        assert view.actor.school_id == other.school_id and view.actor.is_county
        assert view.progress is not None and view.progress.coverage.left_behind == 6
        assert "白河镇小学（只读）" in screen_text(pilot)
        for key in ("s", "v", "enter", "escape", "x", "escape", "f1", "escape"):  # its keys work as the reports'
            await press_settled(pilot, key)
            assert MISSING_KEY not in screen_text(pilot)
        assert isinstance(app.screen, SchoolProgressScreen)
        await press_settled(pilot, "escape")
        assert isinstance(app.screen, CountyScreen)


async def test_no_school_area_and_no_key_crashes_for_a_county_account(app_for, county):
    actor, _, _ = county
    app = app_for(actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 5)
        assert isinstance(app.screen, CountyScreen)
        strip = str(app.screen.query_one("#area-strip").render())
        assert [a.mode for a in AREAS if a.open_to(actor)] == ["county"]
        assert "学生档案" not in strip and "儿童保护" not in strip
        keys = set(app.active_bindings)  # every key live on the county home
        for key in sorted(keys | {"1", "2", "3", "4", "5", "6", "7", "8", "9", "ctrl+f", "r", "enter", "s", "v",
                                  "t", "x", "escape"}):
            if key in ("ctrl+q", "ctrl+l", "f2"):
                continue  # quitting, logging out and the language are walked below
            await press_settled(pilot, key)
            while len(app.screen_stack) > 1:  # a dialog, the help, a school's progress: close it again
                await press_settled(pilot, "escape")
            assert MISSING_KEY not in screen_text(pilot)
        await press_settled(pilot, "ctrl+p")
        await pilot.press(*"学生")
        await settle(pilot)
        await press_settled(pilot, "escape")
        await press_settled(pilot, "f2")  # English, rebuilt
        assert isinstance(app.screen, CountyScreen) and "Schools" in screen_text(pilot)
        await press_settled(pilot, "ctrl+l")
        assert app.session is None


async def test_a_school_account_has_no_county_area(app_for, county):
    _, school, _ = county
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 5)
        assert not isinstance(app.screen, CountyScreen)
        assert "全县" not in str(app.screen.query_one("#area-strip").render())


async def test_the_help_lists_every_key_of_the_county_area(app_for, county):
    """F1 names Enter (a school's term progress) and the keys of the tabs, as well as each tab's own keys."""
    from schoolcare.i18n import t
    from schoolcare.ui.shell.help import HelpScreen
    from tests.ui.test_languages import screen_text as plain_text

    actor, _, _ = county
    app = app_for(actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 5)

        async def helped() -> dict[str, str]:
            await press_settled(pilot, "f1")
            assert isinstance(app.screen, HelpScreen)
            rows = {does: key for key, does in app.screen.local}
            await press_settled(pilot, "escape")
            return rows

        tabs = {"s": t("county.key.tab_schools"), "i": t("county.key.tab_inbox"), "x": t("county.key.tab_ledgers")}
        home = await helped()
        assert home.get(t("county.home.key.open")) == "⏎" and home.get(t("common.reload")) == "r"
        assert {home.get(words) for words in tabs.values()} == set(tabs), home
        await press_settled(pilot, "x")  # the ledgers tab, by its key
        ledgers = await helped()
        assert {ledgers.get(t(f"county_ledger.key.{k}")) for k in ("ledger", "quarterly", "term")} == {"l", "q", "t"}
        await press_settled(pilot, "i")
        inbox = await helped()
        assert inbox.get(t("inbox.key.mark")) == "m" and t("county.key.tab_schools") in inbox
        await press_settled(pilot, "s", "enter")  # back on the schools, Enter still opens the weakest school
        assert isinstance(app.screen, SchoolProgressScreen)
        await press_settled(pilot, "escape")
        assert "s 各校对比  i 收件箱  x 台账" in plain_text(app)  # each tab's key on its label
