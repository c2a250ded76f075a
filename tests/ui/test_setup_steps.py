"""The empty school's home lists the next steps with their keys, ticks each when done, and the keys open the places."""
from __future__ import annotations

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from schoolcare.i18n import t
from schoolcare.services.accounts.auth import actor_for, hash_password
from schoolcare.store.models import School, SchoolClass, Staff
from schoolcare.ui.accounts.admin import AdminScreen
from schoolcare.ui.centre.rooms import RoomDialog
from schoolcare.ui.registry.classes import AddClassDialog
from schoolcare.ui.registry.roster_import import ImportScreen
from tests.factories import add_pupil
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, screen_text, settle


@pytest.fixture
def empty_school(database):
    school = School.create(name="新建小学")
    staff = Staff.create(school=school, name="周协调", login="coord", role="coordinator",
                         password_hash=hash_password("secret-pw"))
    return school, actor_for(staff)


def step_line(name: str, n: int, done: bool, keys: str) -> str:
    return t("home.setup.step", mark="✓" if done else "☐", n=n, what=t(f"home.setup.{name}"), keys=keys)


def roster_line(done: bool) -> str:
    return t("home.setup.step_roster", mark="✓" if done else "☐", n=1, import_keys="2 再按 i",
             class_keys="7 再按 → 再按 n")


async def test_an_empty_schools_home_walks_the_set_up(app_for, empty_school):
    school, coordinator = empty_school
    app = app_for(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert t("home.setup.heading") in text and MISSING_KEY not in text
        assert roster_line(False) in text
        assert "☐ 1. 导入花名册（按 2 再按 i）或添加班级（按 7 再按 → 再按 n）" in text
        assert step_line("staff", 2, False, "7") in text
        assert step_line("rooms", 3, False, "5 再按 a") in text
        assert step_line("care_teachers", 4, False, "2 再按 a") in text

        await pilot.press("7", "right", "n")  # the first step's other way: a class added by hand
        await settle(pilot)
        assert isinstance(app.screen, AddClassDialog)
        app.screen.query_one("#name", Input).value = "一年级（1）班"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        class1 = SchoolClass.get(SchoolClass.school == school)
        await pilot.press("1")  # home: ticked by the class alone, before any pupil
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(pilot)
        assert roster_line(True) in text and step_line("staff", 2, False, "7") in text
        add_pupil(school.id, class1.id, "S1", "张三")

        await pilot.press("2", "i")  # each step's keys open its place
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape", "7")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        await pilot.press("5")
        await settle(pilot)
        shown = {(k.key, k.description) for k in app.screen.query(FooterKey)}
        assert ("a", t("centre.add_room")) in shown  # in the footer, not only in help
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RoomDialog)


async def test_the_steps_read_in_english(app_for, empty_school):
    _, coordinator = empty_school
    app = app_for(coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Getting started" in text and "☐ 3. Set up the care-centre rooms (press 5 then a)" in text
        assert "☐ 1. Import a roster (2 then i) or add classes (7 then → then" in text  # wraps before n)


async def test_a_running_school_shows_no_steps(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert t("home.setup.heading") not in screen_text(pilot)
