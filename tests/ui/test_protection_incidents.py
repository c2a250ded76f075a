"""Incidents on screen (R8): a teacher records one from the pupil file; the coordinator opens it in the child-
protection area, sees the clock, logs the report to the police, adds an assessment and closes it; another teacher
cannot open it, the pupil's care teacher sees only that it exists; each opening is in the audit."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Select, TextArea

from schoolcare.domain.protection import IncidentDraft
from schoolcare.services.protection import incidents
from schoolcare.store.models import AuditEntry, Incident, IncidentFollowUp, IncidentReport
from schoolcare.ui.protection.area import ProtectionScreen
from schoolcare.ui.protection.incident_forms import CloseDialog, FollowUpDialog, IncidentDialog, ReportDialog
from schoolcare.ui.protection.incidents import IncidentScreen
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import screen_text, settle, settle_until


async def open_incidents(pilot) -> ProtectionScreen:
    await settle(pilot)
    await pilot.press("8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProtectionScreen)
    pilot.app.screen.show("incidents")  # a teacher's area opens on the register; the tab strip or palette leads here
    await settle(pilot)
    return pilot.app.screen


async def test_a_teacher_records_one_and_the_coordinator_reports_follows_up_and_closes(app_for, school):
    pupil = school.pupil_ids[0]
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PupilFileScreen(pupil))
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, IncidentDialog)
        assert dialog.query_one("#found_at", Input).value  # now, to begin with
        dialog.query_one("#incident_kind", Select).value = "missing"
        dialog.query_one("#what_seen", TextArea).text = "午饭后未回教室，校园内找不到"
        dialog.query_one("#place", Input).value = "学校"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
    incident = Incident.get(Incident.pupil == pupil)
    assert incident.recorded_by_id == school.teacher.staff_id and incident.report_due_at is not None

    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        area = await open_incidents(pilot)
        table = area.query_one("#incidents-table", DataTable)
        assert table.row_count == 1 and table.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert "report within 2 h" in screen_text(pilot) or "overdue" in screen_text(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReportDialog)
        assert app.screen.query_one("#to_whom", Select).value == "police"
        app.screen.query_one("#receipt", Input).value = "JJ-0001"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpDialog)
        app.screen.query_one("#follow_up_action", Input).value = "会同派出所评估"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CloseDialog)
        assert "These follow-ups are still open: closing marks them done" in screen_text(pilot)
        assert "会同派出所评估" in screen_text(pilot)  # the open follow-up, named before closing
        await pilot.press("ctrl+s")  # no outcome: refused on its field, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, CloseDialog) and "required" in screen_text(pilot)
        app.screen.query_one("#incident_outcome", Input).value = "已找到，由家长接回"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and "Closed" in screen_text(pilot)
    assert IncidentReport.get(IncidentReport.incident == incident.id).receipt == "JJ-0001"
    follow_up = IncidentFollowUp.get(IncidentFollowUp.incident == incident.id)
    assert follow_up.kind == "assessment" and follow_up.done_note == "已找到，由家长接回"  # done by the closing
    assert Incident.get_by_id(incident.id).status == "closed"
    assert AuditEntry.select().where((AuditEntry.entity_id == incident.id) & (AuditEntry.action == "follow_up_done")
                                     ).count() == 1
    # One opening, three changes made from it: one read.
    assert reads(incident.id, school.coordinator) == 1


def reads(incident_id: int, actor) -> int:
    return AuditEntry.select().where((AuditEntry.entity_id == incident_id) & (AuditEntry.action == "read")
                                     & (AuditEntry.actor == actor.staff_id)).count()


async def test_each_opening_is_one_read_however_often_the_screen_shows_ones_own_changes(app_for, school, settings):
    new = incidents.record_incident(school.coordinator, settings, IncidentDraft(
        school.pupil_ids[0], "missing", "2026-11-28 08:00", description="未回家"))
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_incidents(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and reads(new, school.coordinator) == 1
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#receipt", Input).value = "JJ-0002"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#follow_up_action", Input).value = "联系家长"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and "JJ-0002" in screen_text(pilot)
        assert "联系家长" in screen_text(pilot)  # shown again after each change...
        assert reads(new, school.coordinator) == 1  # ...without a new reading
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProtectionScreen)
        await pilot.press("enter")  # opened again: a reading of its own
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
    assert reads(new, school.coordinator) == 2


async def test_the_palette_offers_recording_an_incident_once_in_the_area(app_for, school):
    from schoolcare.ui.palette import SchoolcareCommands

    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_incidents(pilot)
        titles = [c.title for c in SchoolcareCommands(area).commands()]
        assert titles.count("登记事件") == 1


async def test_the_report_clock_shows_at_80_columns_in_both_languages(app_for, school, settings):
    incidents.record_incident(school.coordinator, settings, IncidentDraft(
        school.pupil_ids[0], "domestic_violence", "2026-11-25 08:00", description="淤青"))
    for lang, words in (("en", ("Mandatory report", "h overdue")), ("zh-CN", ("强制报告", "小时未报告"))):
        app = app_for(school.coordinator, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_incidents(pilot)
            text = screen_text(pilot)
            assert all(w in text for w in words), (lang, words)


async def test_a_teacher_who_leads_no_class_lands_on_incidents(app_for, school):
    app = app_for(school.other_teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle_until(pilot, lambda: getattr(app.screen, "landed", False))  # the register's answer came
        await settle(pilot)
        area = app.screen
        assert isinstance(area, ProtectionScreen) and area.active_pane().__class__.__name__ == "IncidentsPane"


async def test_another_teacher_cannot_open_it_and_the_care_teacher_is_told_whom_to_ask(app_for, school, settings):
    pupil = school.pupil_ids[0]  # school.teacher's pupil
    incidents.record_incident(school.coordinator, settings, IncidentDraft(pupil, "domestic_violence",
                                                                          "2026-11-02 08:00", description="淤青"))
    app = app_for(school.other_teacher)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_incidents(pilot)
        assert area.query_one("#incidents-table", DataTable).row_count == 0
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_incidents(pilot)
        assert area.query_one("#incidents-table", DataTable).row_count == 1
        text = screen_text(pilot)
        assert "周协调" in text and "淤青" not in text and "受限" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProtectionScreen)  # not opened
    assert AuditEntry.select().where(AuditEntry.action == "read").count() == 0


async def test_the_coordinator_exports_the_incidents_and_a_teacher_cannot(app_for, school, settings, tmp_path):
    from pathlib import Path

    from openpyxl import load_workbook

    incidents.record_incident(school.coordinator, settings, IncidentDraft(school.pupil_ids[0], "domestic_violence",
                                                                          "2026-11-02 08:00", description="淤青"))
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_incidents(pilot)
        await pilot.press("x")
        await settle(pilot)
        typed = pilot.app.screen.query_one("#path").value
        await pilot.press("enter")  # the file field is focused; Enter saves
        await settle(pilot)
    written = Path(typed)
    assert written.parent == Path.home() and written.suffix == ".xlsx"
    assert "淤青" in [cell for row in load_workbook(written).worksheets[0].iter_rows(values_only=True) for cell in row]
    assert AuditEntry.select().where((AuditEntry.action == "export") & (AuditEntry.entity == "incident")).count() == 1
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        area = await open_incidents(pilot)
        pane = area.active_pane()
        assert pane.check_action("export", ()) is False
