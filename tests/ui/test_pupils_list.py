"""The pupil list as a coordinator and a teacher use it: search as you type, filters, sort, the home screen's link, find from anywhere."""
from __future__ import annotations

from textual.widgets import DataTable, Input

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
        assert "Left-behind (worked out from family and age)" in text and MISSING_KEY not in text
