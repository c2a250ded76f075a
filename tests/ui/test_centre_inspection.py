"""The care centre as a coordinator and a principal use it: inspect a room with the keyboard, sign off, re-check."""
from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input, Static

from schoolcare.domain import readiness as rd
from schoolcare.services.centre import hazards, inspections, rooms
from schoolcare.ui.centre.area import CentreScreen
from schoolcare.ui.centre.export import CentreExportDialog
from schoolcare.ui.centre.hazards import RecheckDialog
from schoolcare.ui.centre.inspection import ConfirmDialog, HistoryScreen, InspectionScreen
from schoolcare.ui.shell.home import HomeScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, screen_text, settle

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def room(school, settings) -> int:
    """The counselling room, everything held, inspected and found in order: 100%."""
    coordinator = school.coordinator
    room_id = rooms.add_room(coordinator, settings, "counselling", "心理咨询室", 20,
                              person_in_charge_id=school.teacher.staff_id)
    for line in rooms.inventory(coordinator, settings, room_id):
        rooms.set_held(coordinator, settings, room_id, line.item, line.need)
    inspection = inspections.start_inspection(coordinator, settings, rd.ROOM, room_id)
    for line in inspections.sheet(coordinator, settings, inspection).lines:
        inspections.set_item(coordinator, inspection, line.key, state=rd.OK)
    inspections.sign_off(coordinator, settings, inspection)
    return room_id


def cell(pilot, table_id: str, row: int, column: int) -> str:
    return str(pilot.app.screen.query_one(table_id, DataTable).get_row_at(row)[column])


async def open_centre(pilot) -> CentreScreen:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CentreScreen)
    return pilot.app.screen


async def test_broken_printer_lowers_readiness_opens_a_hazard_and_a_recheck_closes_it(app_for, school, room,
                                                                                     settings):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        assert cell(pilot, "#centre-rooms", 0, 5) == "100%"
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InspectionScreen)
        items = app.screen.query_one("#inspection-items", DataTable)
        keys = [row.value for row in items.rows]
        assert keys.index("printer") == 4
        await pilot.press("o", "o", "o", "o", "b")  # the fifth line, the printer, is broken
        await pilot.press("up", "e")
        note = app.screen.query_one("#inspection-note", Input)
        assert app.focused is note
        await pilot.press(*"jam", "enter")
        await pilot.press("down", *"o" * 8)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)

        assert isinstance(app.screen, CentreScreen)
        assert cell(pilot, "#centre-rooms", 0, 5) == f"{100 * 12 / 13:.0f}%"
        assert "打印机" in str(app.screen.query_one("#centre-shortfalls", Static).render())
        assert cell(pilot, "#centre-hazards", 0, 3) == "打印机"
        deadline = TODAY + dt.timedelta(days=settings.safety.deadline_days["low"])
        assert cell(pilot, "#centre-hazards", 0, 6) == deadline.isoformat()
        [hazard] = hazards.list_hazards(school.coordinator, settings, "open")
        assert hazard.note == "jam" and hazard.owner == "郑老师"

        await pilot.press("c")  # re-check the highlighted hazard: found ok
        await settle(pilot)
        assert isinstance(app.screen, RecheckDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
        assert cell(pilot, "#centre-rooms", 0, 5) == "100%"
        assert hazards.list_hazards(school.coordinator, settings, "open") == []


async def test_an_unfinished_inspection_is_resumed(app_for, school, room):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("o", "m")
        await settle(pilot)
        await pilot.press("escape")  # finish later
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InspectionScreen)
        assert "2/13" in str(app.screen.query_one("#inspection-summary", Static).render())
        assert [line.state for line in app.screen.lines[:3]] == [rd.OK, rd.MISSING, None]


async def test_sign_off_with_items_left_unchecked_says_so_and_stays(app_for, school, room):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("o", "s")
        await settle(pilot)
        assert isinstance(app.screen, InspectionScreen)
        assert app.screen.query_one("#inspection-items", DataTable).cursor_row == 1  # the first unchecked


async def test_principal_sees_the_overdue_hazard_flagged_and_can_change_nothing(app_for, school, room, settings,
                                                                                monkeypatch):
    inspection = inspections.start_inspection(school.coordinator, settings, rd.SAFETY)
    for line in inspections.sheet(school.coordinator, settings, inspection).lines:
        inspections.set_item(school.coordinator, inspection, line.key,
                             state=rd.BROKEN if line.key == "wiring" else rd.OK, severity="high")
    inspections.sign_off(school.coordinator, settings, inspection)
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-05")  # four days past the three-day deadline
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # the principal's home: the term progress
        counts = app.screen.query_one("#rp-counts", Static).content
        risks = counts.plain.splitlines()[-1]
        assert "逾期 1" in risks
        assert any(span.style and "red" in str(span.style) for span in counts.spans)  # and it stands out
        screen = await open_centre(pilot)
        summary = app.screen.query_one("#centre-summary", Static)
        assert summary.has_class("problem") and "逾期 1 项" in str(summary.render())
        assert cell(pilot, "#centre-hazards", 0, 0).endswith("逾期")
        assert cell(pilot, "#centre-hazards", 0, 7) == "逾期 4 天"
        for action in ("inspect_room", "inspect_safety", "add_room", "recheck", "owner", "deadline"):
            assert screen.check_action(action, ()) is False
        await pilot.press("i", "s", "c")
        await settle(pilot)
        assert app.screen is screen  # nothing opened
        assert inspections.history(school.principal, unfinished_only=True) == []


async def test_export_from_the_screen(app_for, school, room, tmp_path):
    app = app_for(school.principal)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, CentreExportDialog)
        target = tmp_path / "readiness.xlsx"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
    assert target.exists()


async def test_centre_and_inspection_in_english_have_every_string(app_for, school, room):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        text = screen_text(pilot)
        assert "Centre readiness" in text and "Hazard ledger" in text and MISSING_KEY not in text
        await pilot.press("i")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Printer" in text and "Six haves" in text and MISSING_KEY not in text


async def test_history_opens_a_signed_inspection_read_only_and_returns(app_for, school, room):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_centre(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectionScreen)
        assert app.screen.sheet.summary.signed
        assert app.screen.check_action("set_state", ("ok",)) is False
        assert not app.screen.query_one("#inspection-note-row").display
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # history closes with the inspection it opened


async def test_inventory_dialog_saves_what_the_room_holds(app_for, school, room, settings):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#held-sofa", Input)
        app.screen.query_one("#held-archive_boxes", Input).value = "6"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
        assert cell(pilot, "#centre-rooms", 0, 5) == f"{100 * (12 + 0.6) / 13:.0f}%"
    held = {line.item: line.held for line in rooms.inventory(school.coordinator, settings, room)}
    assert held["archive_boxes"] == 6


async def test_add_room_marks_a_bad_area_and_keeps_what_was_typed(app_for, school, room, settings):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#kind").value = "reading"
        await settle(pilot)
        assert dialog.query_one("#name", Input).value == "阅览室"  # follows the kind until typed over
        dialog.query_one("#area", Input).value = "-30"
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#field-area_m2").has_class("-invalid")
        dialog.query_one("#area", Input).value = "32.5"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
        assert [cell(pilot, "#centre-rooms", row, 0) for row in range(2)] == ["心理咨询室", "阅览室"]
    assert rooms.total_area(school.principal) == 52.5


async def test_edit_room_shows_its_values_and_saves_a_new_area(app_for, school, room, settings):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_centre(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#name", Input).value == "心理咨询室"
        assert dialog.query_one("#person").value == str(school.teacher.staff_id)
        dialog.query_one("#area", Input).value = "24"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, CentreScreen)
        assert cell(pilot, "#centre-rooms", 0, 2) == "24"
