"""The pupil list as a coordinator and a teacher use it: search as you type, filters, sort, the home screen's link, find from anywhere."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, OptionList, Select

from schoolcare.i18n import t
from schoolcare.store.models import Pupil
from schoolcare.ui.registry.find_pupil import FindPupilScreen
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from schoolcare.ui.registry.pupils import PupilsScreen
from schoolcare.ui.shell.home import HomeScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, screen_text, settle


def names(app) -> list[str]:
    table = app.screen.query_one("#pupil-list", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_pupils(pilot) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PupilsScreen)


async def test_search_as_you_type_by_initials_pinyin_and_number(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupils(pilot)
        assert len(names(app)) == 6
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#pupil-search", Input)
        for key in "lss":
            await pilot.press(key)
            await settle(pilot, 1)
        assert names(app) == ["李思思"]
        await pilot.press("ctrl+u", *"chenyi")
        await settle(pilot)
        assert names(app) == ["陈一鸣"]
        await pilot.press("ctrl+u", *"S00")
        await settle(pilot)
        assert len(names(app)) == 5
        await pilot.press("enter")  # back to the list, Enter there opens the highlighted file
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)


async def test_no_care_teacher_filter_and_sorting(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupils(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert names(app) == ["孙未分"]
        await pilot.press("u")
        await settle(pilot)
        assert len(names(app)) == 6
        await pilot.press("s")  # from class to name, in pinyin order
        await settle(pilot)
        assert "按姓名升序" in screen_text(pilot)
        assert names(app) == ["陈一鸣", "黄丽丽", "李思思", "刘洋洋", "孙未分", "张小三"]
        await pilot.press("d")
        await settle(pilot)
        assert names(app)[0] == "张小三"


async def test_home_links_unassigned_pupils_to_the_filtered_list(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, PupilsScreen)
        assert names(app) == ["孙未分"]


async def test_find_a_pupil_from_any_screen_in_at_most_five_keystrokes(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")  # the care centre: any screen will do
        await settle(pilot)
        await pilot.press("ctrl+f")  # the search key itself is not counted
        assert isinstance(app.screen, FindPupilScreen)
        keystrokes = ["l", "y", "y", "enter"]  # 刘洋洋's initials are unique in the school
        assert len(keystrokes) <= 5
        for key in keystrokes:
            await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert app.screen.pupil_id == school.pupil_ids[3]
        assert "刘洋洋" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PupilFileScreen)


async def test_a_teacher_lists_and_finds_only_their_own_pupils(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupils(pilot)
        assert sorted(names(app)) == ["张小三", "李思思", "陈一鸣"]
        await pilot.press("slash", *"lyy")
        await settle(pilot)
        assert names(app) == []
        await pilot.press("escape")
        await pilot.press("ctrl+f", *"lyy", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FindPupilScreen)  # nothing found, nothing opened
        assert "刘洋洋" not in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        # Even a file opened by id (a stale link) shows nothing of another teacher's pupil.
        app.push_screen(PupilFileScreen(school.pupil_ids[3]))
        await settle(pilot)
        assert "刘洋洋" not in screen_text(pilot)
        assert app.screen.file is None
        assert app.screen.query_one("#file-guardians", DataTable).row_count == 0


async def test_the_palette_finds_pupils_and_the_list_reads_in_english(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_pupils(pilot)
        text = screen_text(pilot)
        assert "Student no." in text and "Care teacher" in text and MISSING_KEY not in text
        await pilot.press("ctrl+p", *"S005")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert app.screen.pupil_id == school.pupil_ids[4]
        text = screen_text(pilot)
        assert "Left-behind (from family and age)" in text and MISSING_KEY not in text


async def test_a_search_that_matches_nobody_says_so_and_escape_clears_it(app_for, school):
    for lang in ("zh-CN", "en"):
        app = app_for(school.coordinator, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await open_pupils(pilot)
            await pilot.press("slash", *"zzzq")
            await settle(pilot)
            count = str(app.screen.query_one("#pupil-count").render())
            assert names(app) == [] and count == t("pupils.count_none")  # not "共 0 人": the school has pupils
            assert "Esc" in count
            await pilot.press("escape")  # out of the search box, as everywhere
            await settle(pilot)
            assert isinstance(app.focused, DataTable) and app.screen.query_one("#pupil-search", Input).value == "zzzq"
            await pilot.press("escape")  # from the list: the search and filters go
            await settle(pilot)
            assert app.screen.query_one("#pupil-search", Input).value == "" and len(names(app)) == 6
            assert str(app.screen.query_one("#pupil-count").render()) != t("pupils.count_none")


async def test_a_filter_that_matches_nobody_says_so_too(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupils(pilot)
        app.screen.query_one("#filter-status", Select).value = "graduated"
        await settle(pilot)
        assert names(app) == [] and str(app.screen.query_one("#pupil-count").render()) == t("pupils.count_none")
        await pilot.press("escape")
        await settle(pilot)
        assert len(names(app)) == 6 and app.screen.query_one("#filter-status", Select).value == "enrolled"


async def test_a_pupil_who_has_left_needs_no_care_teacher(app_for, school):
    Pupil.update(status="transferred", left_on=dt.date(2026, 10, 8)).where(
        Pupil.id == school.unassigned_pupil_id).execute()
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"swf")
        await settle(pilot)
        options = app.screen.query_one("#find-results", OptionList)
        line = str(options.get_option_at_index(0).prompt)
        assert "孙未分" in line and t("pupils.no_teacher") not in line
        assert "2026-10-08" in line and t("pupils.status.transferred") in line
        await pilot.press("escape", "2")
        await settle(pilot)
        app.screen.query_one("#filter-status", Select).value = "all"
        await settle(pilot)
        table = app.screen.query_one("#pupil-list", DataTable)
        row = table.get_row(str(school.unassigned_pupil_id))
        assert str(row[6]) == "" and t("pupils.status.transferred") in str(row[7])
