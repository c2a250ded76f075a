"""The empty school's home lists the next steps with their keys, ticks each when done, and the keys open the places."""
from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from schoolcare.i18n import t
from schoolcare.services.accounts.auth import actor_for, hash_password
from schoolcare.store.models import School, SchoolClass, Staff
from schoolcare.ui.accounts.admin import AdminScreen
from schoolcare.ui.centre.rooms import RoomDialog
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


async def test_an_empty_schools_home_walks_the_set_up(app_for, empty_school):
    school, coordinator = empty_school
    app = app_for(coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert t("home.setup.heading") in text and MISSING_KEY not in text
        assert step_line("roster", 1, False, "2 再按 i") in text
        assert step_line("staff", 2, False, "7") in text
        assert step_line("rooms", 3, False, "5 再按 a") in text
        assert step_line("care_teachers", 4, False, "2 再按 a") in text

        class1 = SchoolClass.create(school=school, grade=1, number=1, name="一年级(1)班")  # a roster imported
        add_pupil(school.id, class1.id, "S1", "张三")
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(pilot)
        assert step_line("roster", 1, True, "2 再按 i") in text and step_line("staff", 2, False, "7") in text

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


async def test_a_running_school_shows_no_steps(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert t("home.setup.heading") not in screen_text(pilot)
