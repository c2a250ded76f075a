"""Roster import in the TUI: the preview explains each broken row, nothing is written until the user confirms."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from schoolcare.store.models import Pupil
from schoolcare.ui.registry.roster_import import ImportScreen
from tests.services.test_roster_import import good, roster_workbook
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, screen_text, settle


async def open_import(pilot) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)


async def test_preview_then_confirm(app_for, school, tmp_path):
    path = roster_workbook(tmp_path / "花名册.xlsx")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        await pilot.press("y")  # nothing previewed: nothing to confirm
        await settle(pilot)
        assert Pupil.select().count() == 6
        app.screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.screen.query_one("#import-summary", Static).render())
        assert "新建 3 人，更新 1 人，0 人无变化，4 行有问题不导入" in summary
        rejected = app.screen.query_one("#import-rejected", DataTable)
        rows = [[str(c) for c in rejected.get_row_at(i)] for i in range(rejected.row_count)]
        assert ["10", "父亲电话", "手机号应为 1 开头的 11 位数字（第二位 3–9）", "1381234"] in rows
        assert ["11", "学号", "学号与第 4 行重复", "2026001"] in rows
        assert Pupil.select().count() == 6  # a preview writes nothing
        await pilot.press("y")
        await settle(pilot)
        assert "已导入：新建 3 人，更新 1 人" in str(app.screen.query_one("#import-summary", Static).render())
    assert Pupil.select().count() == 9


async def test_a_file_that_cannot_be_read_is_said_plainly(app_for, school, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        app.screen.query_one("#import-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert "no header row" in str(app.screen.query_one("#import-summary", Static).render())
        assert MISSING_KEY not in screen_text(pilot)
        assert app.screen.query_one("#confirm").disabled


async def test_a_student_number_over_40_characters_reads_as_a_limit(app_for, school, tmp_path):
    too_long = "2026" + "0" * 37
    path = roster_workbook(tmp_path / "long.xlsx", extra_rows=[good(too_long, "周长号", "2015-04-04")])
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        app.screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        rejected = app.screen.query_one("#import-rejected", DataTable)
        rows = [[str(c) for c in rejected.get_row_at(i)] for i in range(rejected.row_count)]
        assert ["13", "学号", "最多 40 个字", too_long[:40] + "…"] in rows


async def test_the_preview_shows_how_each_parent_was_read(app_for, school, tmp_path):
    from tests.services.test_roster_families import save_typical

    path = save_typical(tmp_path / "留守儿童花名册.xlsx")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        app.screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.screen.query_one("#import-summary", Static).render())
        assert "其中留守儿童 3 人" in summary and "将设定班主任：四年级(2)班 郑老师、五年级(1)班 王老师" in summary
        creates = app.screen.query_one("#import-creates", DataTable)
        rows = [[str(c) for c in creates.get_row_at(i)] for i in range(creates.row_count)]
        assert rows[0] == ["4", "2026301", "何小燕", "五年级(1)班", "父：外出（广东省东莞市）；母：外出（浙江义乌）", "留守",
                           "2026-11-28（导入日）", "王老师"]
        assert rows[2][4:6] == ["父：外出（在外务工）；母：在家（在家务农）", ""]
        await pilot.press("y")
        await settle(pilot)
        assert "已设定 2 个班级的班主任" in str(app.screen.query_one("#import-summary", Static).render())
    assert Pupil.select().where(Pupil.left_behind & Pupil.student_no.startswith("20263")).count() == 3
