"""The care log's week filters as you type, with the pupil list's test: name, number, pinyin, initials; Escape and
Enter leave the box, so the next keys are keys again."""
from __future__ import annotations

from textual.widgets import DataTable, Input

from schoolcare.ui.care.forms import CallDialog
from schoolcare.ui.care.log import CareLogScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import press_settled, settle


def names(table: DataTable) -> list[str]:
    return [table.get_row_at(n)[1].plain for n in range(table.row_count)]


async def test_the_week_table_filters_as_you_type_and_escape_leaves_the_box(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3")
        assert isinstance(app.screen, CareLogScreen)
        table = app.screen.query_one("#week-table", DataTable)
        everyone = names(table)
        assert "张小三" in everyone and "李思思" in everyone and len(everyone) >= 5

        await press_settled(pilot, "slash")
        box = app.screen.query_one("#week-search", Input)
        assert app.focused is box
        for typed, expected in (("zxs", ["张小三"]), ("lisi", ["李思思"]), ("S005", ["黄丽丽"]), ("陈一", ["陈一鸣"]),
                                ("l", ["李思思", "刘洋洋"])):
            box.value = ""
            await pilot.press(*typed)
            await pilot.pause()
            assert sorted(names(table)) == sorted(expected), typed
        await pilot.press("backspace")
        await pilot.pause()
        assert names(table) == everyone  # an empty box shows the whole week again

        await pilot.press(*"zxs", "escape")
        assert app.focused is table and names(table) == ["张小三"]
        await press_settled(pilot, "c")  # a key again, on the one row left: a call for 张小三
        assert isinstance(app.screen, CallDialog) and app.screen.pupil_name == "张小三"


async def test_enter_in_the_week_search_goes_to_the_rows_and_digits_stay_text(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "3", "slash", "S", "0", "0", "2")  # digits typed in the box never switch areas
        assert isinstance(app.screen, CareLogScreen)
        table = app.screen.query_one("#week-table", DataTable)
        assert names(table) == ["李思思"]
        await press_settled(pilot, "enter")
        assert app.focused is table
