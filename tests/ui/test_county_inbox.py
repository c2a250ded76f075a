"""The county's inbox and ledgers on screen: the education bureau opens a school's mandatory report (audited),
marks it received with a note, and the school's coordinator sees 县里（教育局）：已接收 on the incident; a county
ledger is exported from its tab."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select

from schoolcare.store.models import AuditEntry, InboxStatus
from schoolcare.ui.county.area import CountyScreen
from schoolcare.ui.county.inbox import InboxItemScreen, MarkDialog
from schoolcare.ui.county.ledgers import CountyExportDialog
from schoolcare.ui.protection.incidents import IncidentScreen
from tests.county_factories import build_county, reported_dropout, reported_incident
from tests.ui.conftest import SIZE
from tests.ui.helpers import screen_text, settle


@pytest.fixture
def county(database):
    return build_county()


async def open_tab(pilot, tab: str) -> CountyScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CountyScreen)
    screen.show(tab)
    await settle(pilot)
    return screen


async def test_the_bureau_marks_a_report_received_and_the_school_sees_it(app_for, county, settings):
    school = county.schools[0]
    incident, report = reported_incident(settings, school, "education_bureau")
    reported_dropout(school, "township")  # the township's, not the bureau's
    key = f"incident_report:{report}"

    app = app_for(county.bureau, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        area = await open_tab(pilot, "inbox")
        table = area.query_one("#inbox-table", DataTable)
        assert table.row_count == 1 and "new" in screen_text(pilot)
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxItemScreen)
        assert "张小三" in screen_text(pilot) and "JY-2026-118" in screen_text(pilot)
        assert "reported by: Phone; no written text" in screen_text(pilot)
        assert AuditEntry.select().where((AuditEntry.entity == "incident") & (AuditEntry.action == "read")
                                         & (AuditEntry.actor == county.bureau.staff_id)).count() == 1
        await pilot.press("escape")
        await settle(pilot)
        area.query_one("#inbox-table", DataTable).focus()
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MarkDialog)
        assert dialog.query_one("#inbox_status", Select).value == "received"  # the next step is offered
        dialog.query_one("#inbox_note", Input).value = "已转县妇联"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CountyScreen)
        assert "received" in screen_text(pilot)
    mark = InboxStatus.get()
    assert (mark.kind, mark.ref_id, mark.status, mark.note) == ("incident_report", report, "received", "已转县妇联")
    assert [key in e.changes for e in AuditEntry.select().where(AuditEntry.entity == "inbox_item")] == [True]

    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(IncidentScreen(incident))
        await settle(pilot)
        assert "县里（教育局）：已接收" in screen_text(pilot)


async def test_a_report_made_in_writing_is_not_called_a_phone_call(app_for, county, settings):
    reported_incident(settings, county.schools[0], "education_bureau", method="written")
    app = app_for(county.bureau)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_tab(pilot, "inbox")
        area.query_one("#inbox-table", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxItemScreen)
        assert "书面报告已另行送达" in screen_text(pilot) and "没有书面报告正文" not in screen_text(pilot)


async def test_a_school_account_has_no_county_area(app_for, county):
    app = app_for(county.schools[0].coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, CountyScreen)


async def test_a_county_ledger_is_exported_from_its_tab(app_for, county, tmp_path):
    app = app_for(county.township, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        area = await open_tab(pilot, "ledgers")
        assert "2 schools in reach" in screen_text(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CountyExportDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "county.xlsx")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is area, str(app.screen.query_one("#dialog-error").render())
    assert (tmp_path / "county.xlsx").is_file()
    assert AuditEntry.select().where((AuditEntry.entity == "county_ledger")
                                     & (AuditEntry.actor == county.township.staff_id)).count() == 2



async def test_the_school_sees_each_offices_handling_of_its_written_report(app_for, county, settings):
    from schoolcare.services.county import inbox
    from schoolcare.ui.protection.area import ProtectionScreen

    school = county.schools[0]
    case = reported_dropout(school, "education_bureau,township")
    inbox.mark(county.township, settings, f"dropout_report:{case}", "acted_on", "村委会已上门")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, ProtectionScreen)
        app.screen.show("dropouts")
        await settle(pilot)
        text = screen_text(pilot)
        assert "县里（乡镇）：已处理" in text and "县里（教育局）：尚未接收" in text


async def test_an_account_of_no_office_is_told_it_has_no_inbox(app_for, county):
    from schoolcare.store.models import Staff

    Staff.update(office="").where(Staff.id == county.bureau.staff_id).execute()
    app = app_for(county.bureau, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "inbox")
        assert "has no office" in screen_text(pilot)
