"""The hazard ledger on the centre screen: moving a deadline (refused in the user's words on the field at fault),
changing the owner, and the ledger with closed hazards shown."""
from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input, Select, Static

from schoolcare.domain import readiness as rd
from schoolcare.services.centre import hazards, inspections, rooms
from schoolcare.ui.centre.area import CentreScreen
from schoolcare.ui.centre.hazards import DeadlineDialog, HazardLedger, OwnerDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, fill, screen_text, settle
from tests.ui.screen_data import on_day

FOUND = dt.date(2026, 11, 6)  # the printer was found broken three weeks before today (2026-11-28)


@pytest.fixture
def hazard(school, settings) -> int:
    """The counselling room inspected on FOUND with its printer broken: one open hazard, due in 30 days."""
    coordinator = school.coordinator
    room_id = rooms.add_room(coordinator, settings, "counselling", "心理咨询室", 20,
                             person_in_charge_id=school.teacher.staff_id)
    with on_day(FOUND):
        inspection = inspections.start_inspection(coordinator, settings, rd.ROOM, room_id)
        for line in inspections.sheet(coordinator, settings, inspection).lines:
            inspections.set_item(coordinator, inspection, line.key, state=rd.BROKEN if line.key == "printer" else rd.OK)
        [hazard_id] = inspections.sign_off(coordinator, settings, inspection).opened
    return hazard_id


async def open_ledger(pilot) -> CentreScreen:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CentreScreen)
    return pilot.app.screen


def field_error(dialog, name: str) -> str:
    return str(dialog.query_one(f"#field-{name} .field-error", Static).render())


@pytest.mark.parametrize(("lang", "refused"), [
    ("zh-CN", "整改期限不能早于发现隐患的日期（2026-11-06）"),
    ("en", "before the day it was found (2026-11-06)"),
])
async def test_a_deadline_before_the_day_found_is_refused_on_its_field_in_the_users_words(
        app_for, school, settings, hazard, lang, refused):
    app = app_for(school.coordinator, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_ledger(pilot)
        await pilot.press("d")  # the highlighted hazard: the only one
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DeadlineDialog)
        await fill(pilot, deadline="2026-11-01", reason="等配件")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog  # refused: the dialog stays, with what was typed
        assert field_error(dialog, "deadline") == refused
        assert dialog.query_one("#field-deadline").has_class("-invalid")
        assert dialog.query_one("#deadline", Input).value == "2026-11-01"
        assert MISSING_KEY not in screen_text(pilot)
    assert hazards.get_hazard(school.coordinator, settings, hazard).deadline == FOUND + dt.timedelta(days=30)


async def test_a_deadline_moved_without_a_reason_is_refused_then_saved_with_one(app_for, school, settings, hazard):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        await fill(pilot, deadline="2026年12月20日")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog
        assert field_error(dialog, "reason") == "请写明调整整改期限的原因"
        await fill(pilot, reason="等配件到货")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is screen
        ledger = screen.query_one(HazardLedger)
        assert str(ledger.query_one("#centre-hazards", DataTable).get_row_at(0)[6]) == "2026-12-20"
        assert "期限调整原因：等配件到货" in str(ledger.query_one("#centre-hazard-detail", Static).render())
    moved = hazards.get_hazard(school.coordinator, settings, hazard)
    assert (moved.deadline, moved.deadline_reason) == (dt.date(2026, 12, 20), "等配件到货")


async def test_a_deadline_that_is_no_date_is_marked_before_anything_is_sent(app_for, school, hazard):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_ledger(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        await fill(pilot, deadline="下周一", reason="等配件")
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog
        assert field_error(dialog, "deadline") == "日期写成 2026-12-20 或 2026年12月20日"


async def test_owner_changes_and_the_closed_hazard_shows_in_the_whole_ledger(app_for, school, settings, hazard):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot)
        await pilot.press("o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OwnerDialog)
        owner = dialog.query_one("#owner", Select)
        assert owner.value == str(school.teacher.staff_id)  # the room's person in charge
        owner.value = str(school.other_teacher.staff_id)
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is screen
        ledger = screen.query_one(HazardLedger)
        assert str(ledger.query_one("#centre-hazards", DataTable).get_row_at(0)[5]) == "王老师"

        hazards.recheck(school.coordinator, settings, hazard, rd.OK)  # fixed, seen at another desk
        await pilot.press("f")  # closed ones too
        await settle(pilot)
        assert str(ledger.query_one("#centre-ledger-title", Static).render()) == "隐患整改台账（全部，含已整改）"
        assert str(ledger.query_one("#centre-hazards", DataTable).get_row_at(0)[0]) == "已整改"
        assert "复查合格，已整改" in str(ledger.query_one("#centre-hazard-detail", Static).render())
        await pilot.press("o")  # a closed hazard is history: nothing opens
        await settle(pilot)
        assert app.screen is screen
