"""The pupil list holds a screenful: typing finds the right pupils, and moving down brings the next ones, whether
the school is searched in memory or (beyond INDEX_LIMIT) in SQL and then in its search keys."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable

from schoolcare.domain.registry import PupilQuery
from schoolcare.services.registry import pupil_list
from schoolcare.ui.registry import pupil_pages
from schoolcare.ui.registry.pupils import PupilsScreen
from tests.factories import add_pupil
from tests.ui.conftest import SIZE
from tests.ui.helpers import screen_text, settle

SURNAMES = [("张", "zhang", "z"), ("李", "li", "l"), ("王", "wang", "w"), ("赵", "zhao", "z")]
GIVEN = [("一", "yi", "y"), ("子涵", "zihan", "zh"), ("晓", "xiao", "x"), ("明", "ming", "m"), ("雨", "yu", "y"),
         ("思", "si", "s"), ("浩", "hao", "h"), ("欣", "xin", "x"), ("宇", "yu", "y")]
ROWS = 4  # rows the test's table shows at a time


@pytest.fixture
def bigger_school(school):
    n = 0
    for surname, s_pinyin, s_initial in SURNAMES:
        for given, g_pinyin, g_initials in GIVEN:
            add_pupil(school.school_id, school.class_ids[n % 2], f"T{n:03d}", surname + given,
                      pinyin=s_pinyin + g_pinyin, initials=s_initial + g_initials)
            n += 1
    return school


def names(app) -> list[str]:
    table = app.screen.query_one("#pupil-list", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def expected(actor, typed: str, limit: int) -> list[str]:
    return [row.name for row in pupil_list.list_pupils(actor, PupilQuery(search=typed, limit=limit)).rows]


@pytest.mark.parametrize("index_limit", [pupil_pages.INDEX_LIMIT, 10], ids=["in memory", "beyond INDEX_LIMIT"])
async def test_typing_and_moving_down_show_the_right_pupils_page_by_page(app_for, bigger_school, monkeypatch,
                                                                         index_limit):
    monkeypatch.setattr(pupil_pages, "INDEX_LIMIT", index_limit)
    monkeypatch.setattr(PupilsScreen, "page_size", lambda self: ROWS)
    actor = bigger_school.coordinator
    app = app_for(actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PupilsScreen)
        for typed in ("z", "zh", "zha", "zh"):  # past the in-memory reach the search keys arrive meanwhile
            await pilot.press("slash", "ctrl+u", *typed)
            await settle(pilot)
            assert names(app) == expected(actor, typed, ROWS)
        assert (screen.keys is not None) == (index_limit == 10)
        total = pupil_list.list_pupils(actor, PupilQuery(search="zh")).total
        assert total > 2 * ROWS
        assert f"显示 {ROWS} 人 / 共 {total} 人" in screen_text(pilot)
        await pilot.press("enter")  # back to the list, then down to its last rows: the next page comes
        for _ in range(ROWS - 1):
            await pilot.press("down")
        await settle(pilot)
        assert names(app) == expected(actor, "zh", 2 * ROWS)
        assert app.screen.query_one("#pupil-list", DataTable).cursor_row == ROWS - 1  # the cursor stayed put
        await pilot.press("slash", "ctrl+u", *"zhangzihan")
        await settle(pilot)
        assert names(app) == ["张子涵"]
