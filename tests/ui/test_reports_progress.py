"""The principal's term progress as people use it: log in, read the progress, open the weakest class, export;
the coordinator picks a past term, exports the quarterly ledger and records it, and the home reminder goes."""
from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from schoolcare.i18n import t
from schoolcare.services.reports import quarterly
from schoolcare.store.models import FamilyCall, QuarterlySubmission, TeacherTalk
from schoolcare.ui.kit.charts import ProgressBars, WeekChart
from schoolcare.ui.reports.export import ReportExportDialog
from schoolcare.ui.reports.progress import ReportsScreen, TermProgressView
from schoolcare.ui.reports.standings import StandingsScreen
from schoolcare.ui.shell.home import HomeScreen
from tests.factories import PASSWORD
from tests.services.sheet_files import table
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, fill, screen_text, settle


def care_records(school) -> None:
    """Class 1's pupils phoned home and talked with their teacher every week of November; class 2's did not."""
    for pid in school.pupil_ids[:3]:
        for day in (dt.date(2026, 11, 3), dt.date(2026, 11, 10), dt.date(2026, 11, 17), dt.date(2026, 11, 24)):
            FamilyCall.create(school=school.school_id, pupil=pid, date=day)
            TeacherTalk.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=day)


def rows(table: DataTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_principal_reads_the_term_opens_the_weakest_class_and_exports(app_for, school, tmp_path):
    care_records(school)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, login="head", password=PASSWORD)
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, HomeScreen)  # the principal's home is the term progress
        view = app.screen.query_one(TermProgressView)
        progress = view.progress
        text = screen_text(pilot)
        assert t("reports.coverage") in text and "83.3%" in text and "5/6" in text
        bars = {bar.key: bar for bar in app.screen.query_one(ProgressBars).bars}
        assert bars["family_call"].value == progress.rule("family_call").rate
        chart = app.screen.query_one(WeekChart)
        assert [s.name for s in chart.series] == ["亲情电话", "谈心谈话"] and chart.labels[-1] == "48"

        classes = app.screen.query_one("#rp-classes", DataTable)
        assert app.focused is classes  # ready for Enter on the weakest class
        assert [row[0] for row in rows(classes)] == ["四年级(2)班", "三年级(1)班"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StandingsScreen)
        behind = rows(app.screen.query_one(DataTable))
        assert {row[1] for row in behind} == {"刘洋洋", "黄丽丽", "孙未分"}
        assert t("reports.status_overdue") in {row[5] for row in behind}
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReportExportDialog)
        assert not app.screen.query(Checkbox)  # the principal records nothing
        target = tmp_path / "term.xlsx"
        await fill(pilot, path=str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReportExportDialog)
    summary = {row[0]: row[1] for row in table(load_workbook(target)["学期汇总"])[1:]}
    assert summary["亲情电话 完成率（%）"] == round(progress.rule("family_call").rate, 1)
    assert summary["关爱责任人覆盖率（%）"] == 83.3


async def test_sorting_switching_to_teachers_and_a_past_term(app_for, school):
    care_records(school)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot, 5)
        assert isinstance(app.screen, ReportsScreen)
        view = app.screen.query_one(TermProgressView)
        await pilot.press("s")  # most overdue first
        assert view.sort == "overdue"
        await pilot.press("v")
        teachers = app.screen.query_one("#rp-teachers", DataTable)
        assert app.focused is teachers
        overdue = [int(row[4]) for row in rows(teachers)]
        assert overdue == sorted(overdue, reverse=True) and "郑老师" in {row[0] for row in rows(teachers)}

        app.screen.query_one("#rp-term", Select).value = "2026-spring"
        await settle(pilot, 5)
        assert view.progress.term.id == "2026-spring" and not view.progress.current
        assert t("reports.as_of_past", date="2026-07-03") in str(app.screen.query_one("#rp-as-of", Static).render())


async def test_the_coordinator_records_the_quarterly_update_and_the_reminder_goes(app_for, school, monkeypatch,
                                                                                  tmp_path):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-03")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "2026Q4 季度台账需在 2026-12-15 前报送民政局" in problems

        await pilot.press("6")
        await settle(pilot, 5)
        await app.screen.query_one(TermProgressView).run_action("export('quarterly')")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportExportDialog) and dialog.query_one("#quarter", Input).value == "2026Q4"
        dialog.query_one("#record", Checkbox).value = True
        await fill(pilot, path=str(tmp_path / "q4.xlsx"))
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReportExportDialog)
        assert (tmp_path / "q4.xlsx").exists()

        await pilot.press("1")
        await settle(pilot)
        assert "2026Q4" not in str(app.screen.query_one("#problems", Static).render())
    [submission] = QuarterlySubmission.select()
    assert (submission.quarter, submission.submitted_on) == ("2026Q4", dt.date(2026, 12, 3))
    assert quarterly.ledger(school.coordinator, "2026Q4", today=dt.date(2026, 12, 3)).changed == ()


async def test_the_term_progress_in_english_has_every_word(app_for, school):
    care_records(school)
    app = app_for(school.principal, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 5)
        text = screen_text(pilot)
        assert "Care-teacher coverage" in text and "By class" in text and MISSING_KEY not in text
        await pilot.press("enter")
        await settle(pilot)
        assert "pupils behind" in screen_text(pilot) and MISSING_KEY not in screen_text(pilot)


async def test_a_teacher_has_no_term_report(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert app.current_mode == "home" and t("nav.reports") not in screen_text(pilot)


async def test_in_january_the_export_offers_the_overdue_quarter(app_for, school, monkeypatch):
    from schoolcare.store.models import School

    School.update(created_at=dt.datetime(2026, 9, 1)).execute()
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2027-01-10")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2026Q4 季度台账逾期 26 天未报送" in str(app.screen.query_one("#problems", Static).render())
        await pilot.press("6")
        await settle(pilot, 5)
        await app.screen.query_one(TermProgressView).run_action("export('quarterly')")
        await settle(pilot)
        assert app.screen.query_one("#quarter", Input).value == "2026Q4"


async def test_a_mistyped_quarter_is_refused_on_its_field_in_chinese(app_for, school, monkeypatch, tmp_path):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-03")
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot, 5)
        await app.screen.query_one(TermProgressView).run_action("export('quarterly')")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportExportDialog)
        await fill(pilot, quarter="2026-4", path=str(tmp_path / "q.xlsx"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # kept open, with what was typed
        error = str(dialog.query_one("#field-quarter .field-error", Static).render())
        assert error == "“2026-4”不是季度：请写成“年份Q季度”，如 2026Q4"
        assert dialog.query_one("#quarter", Input).value == "2026-4"
    assert not (tmp_path / "q.xlsx").exists() and QuarterlySubmission.select().count() == 0
