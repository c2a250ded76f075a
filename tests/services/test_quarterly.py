"""The quarterly ledger for the civil-affairs bureau: marks exactly what changed since the recorded submission."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from schoolcare.domain.quarters import (
    DUE,
    GUARDIAN_CHANGED,
    LEFT,
    NEW,
    OVERDUE,
    RECORDED,
    STATUS_CHANGED,
    Quarter,
)
from schoolcare.services.errors import PermissionDenied, ValidationError
from schoolcare.services.reports import quarterly
from schoolcare.services.tabular_read import read_rows
from schoolcare.store.models import AuditEntry, Guardian, Pupil, QuarterlySubmission, School
from tests.factories import add_pupil
from tests.services.sheet_files import workbook_table

DECEMBER = dt.date(2026, 12, 3)
LATER = dt.date(2026, 12, 10)


def marks_in(path) -> dict[str, str]:
    """Student number → the change column, read back from the exported workbook."""
    rows = workbook_table(path)
    header = rows[0]
    no, change = header.index("学号"), header.index("变动")
    return {row[no]: row[change] or "" for row in rows[1:]}


def test_the_first_ledger_lists_every_cared_pupil_and_marks_nothing(school):
    ledger = quarterly.ledger(school.coordinator, "2026Q4", today=DECEMBER)
    assert {row.pupil_id for row in ledger.rows} == {*school.pupil_ids, school.unassigned_pupil_id}
    assert ledger.base is None and ledger.changed == ()
    first = next(row for row in ledger.rows if row.pupil_id == school.pupil_ids[0])
    assert first.care_teacher == "郑老师" and first.class_name == "三年级(1)班"
    assert [g.relation for g in first.guardians] == ["father", "mother", "grandmother"]


def test_exporting_twice_with_changes_in_between_marks_exactly_the_changed_pupils(school, tmp_path):
    coordinator = school.coordinator
    first, files, submission = quarterly.export(coordinator, tmp_path / "q1.xlsx", "xlsx", "2026Q4",
                                                record=True, today=DECEMBER)
    assert files == [tmp_path / "q1.xlsx"] and submission.pupils == 6
    assert set(marks_in(files[0]).values()) == {""}

    p = school.pupil_ids
    Pupil.update(status="transferred").where(Pupil.id == p[0]).execute()  # leaves the ledger
    Pupil.update(status="dropped_out").where(Pupil.id == p[1]).execute()  # stays on it, status changed
    Guardian.update(away=False, day_to_day=True).where(  # the father came home
        (Guardian.pupil == p[2]) & (Guardian.relation == "father")).execute()
    Pupil.update(school_class=school.class_ids[0]).where(Pupil.id == p[3]).execute()  # a new class only
    newcomer = add_pupil(school.school_id, school.class_ids[1], "S200", "赵新来")
    not_cared = add_pupil(school.school_id, school.class_ids[1], "S201", "钱不留", left_behind=False)

    second, files, _ = quarterly.export(coordinator, tmp_path / "q2.xlsx", "xlsx", "2026Q4", today=LATER)
    assert second.base.id == submission.id
    marked = {row.pupil_id: row.marks for row in second.changed}
    assert marked == {p[0]: (LEFT,), p[1]: (STATUS_CHANGED,), p[2]: (GUARDIAN_CHANGED,), newcomer: (NEW,)}
    assert not_cared not in {row.pupil_id for row in second.rows}
    on_file = marks_in(files[0])
    assert {no: mark for no, mark in on_file.items() if mark} == {
        "S001": "离开", "S002": "状态变化", "S003": "监护人变化", "S200": "新增"}
    details = {row[3]: row[2] for row in workbook_table(files[0])[1:]}
    assert details["S002"] == "在校状态：在读→辍学"
    assert "父亲" in details["S003"] and "外出务工" in details["S003"]
    assert details["S001"] == "已不在台账：转出"
    assert "四年级(2)班→三年级(1)班" in details["S004"]


def test_a_recorded_submission_is_the_new_baseline(school):
    quarterly.record_submission(school.coordinator, "2026Q4", today=DECEMBER)
    Pupil.update(in_difficulty=True).where(Pupil.id == school.pupil_ids[4]).execute()
    assert quarterly.ledger(school.coordinator, "2026Q4", today=LATER).count(STATUS_CHANGED) == 1
    quarterly.record_submission(school.coordinator, "2026Q4", today=LATER)
    after = quarterly.ledger(school.coordinator, "2026Q4", today=LATER)
    assert after.changed == () and after.base.submitted_on == LATER
    stored = json.loads(quarterly.QuarterlySubmission.get_by_id(after.base.id).snapshot)
    assert stored[str(school.pupil_ids[4])]["in_difficulty"] is True


def test_recording_is_the_coordinators_and_is_audited(school):
    with pytest.raises(PermissionDenied):
        quarterly.record_submission(school.principal, "2026Q4", today=DECEMBER)
    with pytest.raises(PermissionDenied):
        quarterly.ledger(school.teacher, "2026Q4", today=DECEMBER)
    quarterly.ledger(school.principal, "2026Q4", today=DECEMBER)  # the principal reads and exports
    info = quarterly.record_submission(school.coordinator, "2026Q4", today=DECEMBER)
    entry = AuditEntry.get((AuditEntry.entity == "quarterly_submission") & (AuditEntry.entity_id == info.id))
    assert entry.actor_id == school.coordinator.staff_id and json.loads(entry.changes)["pupils"] == 6


def test_a_submission_cannot_be_dated_in_the_future_or_before_its_quarter(school):
    with pytest.raises(ValidationError) as future:
        quarterly.record_submission(school.coordinator, "2026Q4", submitted_on=dt.date(2026, 12, 20), today=DECEMBER)
    assert (future.value.code, future.value.field) == ("reports.submitted_future", "submitted_on")
    with pytest.raises(ValidationError) as before:
        quarterly.record_submission(school.coordinator, "2026Q4", submitted_on=dt.date(2026, 9, 30), today=DECEMBER)
    assert before.value.code == "reports.submitted_before_quarter"
    assert before.value.params == {"quarter": "2026Q4", "start": "2026-10-01"}
    with pytest.raises(ValidationError) as bad:
        quarterly.ledger(school.coordinator, "2026-Q4", today=DECEMBER)
    assert (bad.value.code, bad.value.field, bad.value.params) == ("reports.quarter_format", "quarter",
                                                                   {"text": "2026-Q4"})
    assert QuarterlySubmission.select().count() == 0


def test_the_reminder_runs_from_the_first_of_the_last_month_until_recorded(school):
    School.update(created_at=dt.datetime(2026, 9, 1)).where(School.id == school.school_id).execute()
    # Q3 was never recorded: until Q4's last month it is the overdue one.
    q3 = quarterly.reminder(school.coordinator, today=dt.date(2026, 11, 28))
    assert (q3.quarter.label, q3.state) == ("2026Q3", OVERDUE)
    quarterly.record_submission(school.coordinator, "2026Q3", today=dt.date(2026, 11, 28))
    assert not quarterly.reminder(school.coordinator, today=dt.date(2026, 11, 28)).shown
    assert quarterly.reminder(school.coordinator, today=DECEMBER).state == DUE
    assert quarterly.reminder(school.coordinator, today=dt.date(2026, 12, 16)).state == OVERDUE
    quarterly.record_submission(school.coordinator, "2026Q4", today=dt.date(2026, 12, 16))
    state = quarterly.reminder(school.coordinator, today=dt.date(2026, 12, 17))
    assert state.state == RECORDED and state.quarter == Quarter(2026, 4)
    assert [s.quarter.label for s in quarterly.submissions(school.principal)] == ["2026Q4", "2026Q3"]


def test_csv_export_is_a_pair_of_files_excel_opens(school, tmp_path):
    _, files, _ = quarterly.export(school.principal, tmp_path / "q.csv", "csv", "2026Q4", lang="en", today=DECEMBER)
    assert [f.name for f in files] == ["q-Ledger.csv", "q-Summary.csv"]
    assert files[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_rows(files[0])[0][:4] == ["No.", "Change", "What changed", "Student no."]


def test_reordering_guardians_is_not_a_guardian_change(school):
    quarterly.record_submission(school.coordinator, "2026Q4", today=DECEMBER)
    for n, guardian in enumerate(Guardian.select().where(Guardian.pupil == school.pupil_ids[0])):
        guardian.position = 10 - n
        guardian.save()
    assert quarterly.ledger(school.coordinator, "2026Q4", today=LATER).changed == ()
