"""Assignments in the TUI: coverage always shown, bulk assign with Space, a caseload handed over; ledgers exported from the list."""
from __future__ import annotations

from openpyxl import load_workbook
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from schoolcare.store.models import AuditEntry, CareAssignment
from schoolcare.ui.registry.assignments import AssignDialog, AssignmentScreen, HandoverDialog
from schoolcare.ui.registry.ledger_export import LedgerDialog
from tests.factories import add_pupil
from tests.services.sheet_files import table
from tests.ui.conftest import SIZE
from tests.ui.helpers import screen_text, settle


async def open_assignments(pilot) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssignmentScreen)


def coverage_line(app) -> str:
    return str(app.screen.query_one("#coverage", Static).render())


async def test_bulk_assign_brings_coverage_to_full(app_for, school):
    for n in range(3):
        add_pupil(school.school_id, school.class_ids[1], f"S3{n}", f"新生{n}")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignments(pilot)
        assert "覆盖率 55.6%" in coverage_line(app) and "未落实 4 人" in coverage_line(app)
        await pilot.press("space", "space", "space", "space")  # four pupils without a teacher, one by one
        await settle(pilot)
        assert "已选 4 人" in screen_text(pilot)
        loads = app.screen.query_one("#loads", DataTable)
        loads.move_cursor(row=0)  # 王老师
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignDialog)
        assert app.screen.query_one("#teacher", Select).value == school.other_teacher.staff_id
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, AssignmentScreen)
        assert "覆盖率 100.0%" in coverage_line(app)
        assert not app.screen.query_one("#coverage", Static).has_class("problem")
    assert CareAssignment.select().where(CareAssignment.teacher == school.other_teacher.staff_id).count() == 6


async def test_moving_a_pupil_asks_for_a_reason(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignments(pilot)
        await pilot.press("u")  # scope: all left-behind
        await settle(pilot)
        await pilot.press("space")  # 张小三, now with 郑老师
        app.screen.query_one("#loads", DataTable).move_cursor(row=0)  # 王老师
        await pilot.press("a")
        await settle(pilot)
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, AssignDialog)
        # The service's refusal, in Chinese, under the field it names.
        assert str(app.screen.query_one("#field-reason .field-error", Static).render()) == (
            "学生已有关爱责任人，更换时请写明原因")
        app.screen.query_one("#reason", Input).value = "郑老师外出培训一学期"
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, AssignmentScreen)
    moved = CareAssignment.get((CareAssignment.pupil == school.pupil_ids[0]) & CareAssignment.end_on.is_null(False))
    assert moved.end_reason == "郑老师外出培训一学期"


async def test_handover_of_a_departing_teachers_caseload(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_assignments(pilot)
        loads = app.screen.query_one("#loads", DataTable)
        loads.move_cursor(row=1)  # 郑老师, who holds three
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HandoverDialog)
        app.screen.query_one("#to", SelectionList).select(school.other_teacher.staff_id)
        app.screen.query_one("#reason", Input).value = "transferred to another school"
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, AssignmentScreen)
        rows = {str(loads.get_row_at(i)[0]): str(loads.get_row_at(i)[2]) for i in range(loads.row_count)}
        assert rows == {"王老师": "5", "郑老师": "0"}
        assert "Coverage 83.3%" in coverage_line(app)


async def test_a_teacher_cannot_reach_the_assignment_keys(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentScreen)


async def test_export_the_class_detail_from_the_list(app_for, school, tmp_path):
    app = app_for(school.coordinator)
    target = tmp_path / "明细.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, LedgerDialog)
        app.screen.query_one("#kind", Select).value = "class"
        await settle(pilot)
        app.screen.query_one("#class", Select).value = school.class_ids[1]
        app.screen.query_one("#path", Input).value = str(target)
        app.screen.save()
        await settle(pilot)
        assert not isinstance(app.screen, LedgerDialog)
    sheet = load_workbook(target).worksheets[0]
    assert sorted(row[1] for row in table(sheet)[1:]) == ["S004", "S005", "S099"]
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 1


async def test_a_teacher_exports_only_their_own_care_record(app_for, school, tmp_path):
    app = app_for(school.teacher)
    target = tmp_path / "mine.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#kind", Select).value = "teacher"
        await settle(pilot)
        teacher = app.screen.query_one("#teacher", Select)
        assert [value for _label, value in teacher._options if value != Select.NULL] == [school.teacher.staff_id]
        app.screen.query_one("#path", Input).value = str(target)
        app.screen.save()
        await settle(pilot)
    pupils = load_workbook(target)["帮扶对象"]
    assert sorted(row[1] for row in table(pupils)[1:]) == ["S001", "S002", "S003"]
