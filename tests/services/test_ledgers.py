"""The three ledgers as the county opens them: read back with openpyxl / csv and compared with the database; scoped and audited."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from schoolcare.domain.settings import Label, Term
from schoolcare.i18n import reason
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.registry import ledgers
from schoolcare.store.models import AuditEntry, FamilyCall, HomeVisit, Pupil, SchoolClass, Staff, TeacherTalk
from tests.services.sheet_files import table

TODAY = dt.date(2026, 11, 28)
TERM = Term("2026-autumn", Label("2026年秋季学期", "Autumn term 2026"), dt.date(2026, 9, 1), dt.date(2027, 1, 22))


def sheet_rows(path, title):
    wb = load_workbook(path)
    ws = wb[title]
    return [list(r) for r in table(ws)], ws


def care(school):
    pid = school.pupil_ids[0]
    FamilyCall.create(school=school.school_id, pupil=pid, date=dt.date(2026, 11, 2), channel="video",
                      with_whom="mother", duration_min=12, recorded_by=school.teacher.staff_id)
    FamilyCall.create(school=school.school_id, pupil=pid, date=dt.date(2026, 6, 2), with_whom="father")  # last term
    FamilyCall.create(school=school.school_id, pupil=pid, date=dt.date(2026, 11, 9), connected=False)  # not counted
    TeacherTalk.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=dt.date(2026, 10, 8),
                       topic="=HYPERLINK(\"http://x\")", recorded_by=school.teacher.staff_id)
    HomeVisit.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=dt.date(2026, 10, 15),
                     met_whom="祖母", family_findings="家中整洁", recorded_by=school.teacher.staff_id)
    HomeVisit.create(school=school.school_id, pupil=school.pupil_ids[3], teacher=school.other_teacher.staff_id,
                     date=dt.date(2026, 10, 16), family_findings="他班家访")


def test_master_ledger_xlsx_matches_the_database(school, tmp_path):
    care(school)
    Pupil.update(address="=1+1").where(Pupil.id == school.pupil_ids[1]).execute()
    files = ledgers.export_ledger(school.coordinator, tmp_path / "总账.xlsx", "xlsx", "zh-CN", TERM, today=TODAY)
    rows, ws = sheet_rows(files[0], "留守儿童总账")
    assert ws.freeze_panes == "A4" and ws.column_dimensions["C"].width >= 6
    header, body = rows[0], rows[1:]
    assert header[:4] == ["序号", "学号", "姓名", "性别"] and "关爱责任人" in header
    enrolled_lb = Pupil.select().where((Pupil.left_behind == True) & (Pupil.status == "enrolled"))  # noqa: E712
    assert sorted(r[1] for r in body) == sorted(p.student_no for p in enrolled_lb)
    first = dict(zip(header, next(r for r in body if r[1] == "S001"), strict=True))
    assert first["姓名"] == "张小三" and first["班级"] == "三年级(1)班" and first["关爱责任人"] == "郑老师"
    assert first["父亲务工地点"] == "广东东莞" and first["委托监护人"] == "祖母S001"
    assert (first["本学期亲情电话"], first["本学期谈心"], first["本学期家访"]) == (1, 1, 1)
    assert first["出生日期"] == dt.datetime(2015, 5, 1)  # a real date cell, not text
    lisi = dict(zip(header, next(r for r in body if r[1] == "S002"), strict=True))
    assert lisi["家庭住址"] == "'=1+1"  # neutralised, stays text
    unassigned = dict(zip(header, next(r for r in body if r[1] == "S099"), strict=True))
    assert unassigned["关爱责任人"] is None or unassigned["关爱责任人"] == ""
    summary, _ = sheet_rows(files[0], "分班汇总")
    assert summary[1:] == [["三年级(1)班", 3, 3, 3, 100], ["四年级(2)班", 3, 3, 2, 66.7]]
    entry = AuditEntry.select().where(AuditEntry.action == "export").get()
    assert entry.actor_id == school.coordinator.staff_id and '"school"' in entry.changes


def test_class_detail_csv_has_a_bom_and_only_that_class(school, tmp_path):
    files = ledgers.export_ledger(school.coordinator, tmp_path / "明细.csv", "csv", "en", TERM,
                                  class_id=school.class_ids[1], today=TODAY)
    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["No.", "Student number", "Name"]
    assert sorted(r[1] for r in rows[1:]) == ["S004", "S005", "S099"]


def test_teacher_care_record_lists_pupils_and_every_record_of_the_term(school, tmp_path):
    care(school)
    Staff.update(phone="13900001234", age=38).where(Staff.id == school.teacher.staff_id).execute()
    files = ledgers.export_ledger(school.teacher, tmp_path / "帮扶记录.xlsx", "xlsx", "zh-CN", TERM,
                                  teacher_id=school.teacher.staff_id, today=TODAY)
    details, _ = sheet_rows(files[0], "关爱责任人")
    assert ["联系电话", "13900001234"] in details and ["年龄", 38] in details
    pupils, _ = sheet_rows(files[0], "帮扶对象")
    assert sorted(r[1] for r in pupils[1:]) == ["S001", "S002", "S003"]
    records, _ = sheet_rows(files[0], "帮扶记录")
    kinds = [(r[0].date(), r[3]) for r in records[1:]]
    assert kinds == [(dt.date(2026, 10, 8), "谈心"), (dt.date(2026, 10, 15), "家访"), (dt.date(2026, 11, 2), "亲情电话")]
    assert records[1][5].startswith("'=")  # a talk topic that looks like a formula stays text


def test_a_teacher_exports_only_their_own_pupils(school, tmp_path):
    care(school)
    files = ledgers.export_ledger(school.teacher, tmp_path / "mine.xlsx", "xlsx", "zh-CN", TERM, today=TODAY)
    rows, _ = sheet_rows(files[0], "留守儿童总账")
    assert sorted(r[1] for r in rows[1:]) == ["S001", "S002", "S003"]
    with pytest.raises(PermissionDenied) as denied:
        ledgers.export_ledger(school.teacher, tmp_path / "x.xlsx", "xlsx", "zh-CN", TERM,
                              teacher_id=school.other_teacher.staff_id)
    assert reason(denied.value.code, lang="zh-CN") == "教师只能导出自己的帮扶记录"
    assert reason(denied.value.code, lang="en") == "a teacher exports only their own care record"
    with pytest.raises(NotFound):
        ledgers.export_ledger(school.teacher, tmp_path / "x.xlsx", "xlsx", "zh-CN", TERM, class_id=school.class_ids[1])
    assert not (tmp_path / "x.xlsx").exists()
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 1


def test_principal_exports_any_teachers_record(school, tmp_path):
    files = ledgers.export_ledger(school.principal, tmp_path / "w.csv", "csv", "zh-CN", TERM,
                                  teacher_id=school.other_teacher.staff_id, today=TODAY)
    assert len(files) == 3  # one CSV per sheet
    assert any("帮扶对象" in f.name for f in files)


def test_class_and_teacher_by_the_names_people_type(school):
    assert ledgers.class_by_name(school.coordinator, "四年级(2)班") == school.class_ids[1]
    assert ledgers.class_by_name(school.coordinator, "3.1") == school.class_ids[0]
    assert ledgers.staff_by_login(school.coordinator, "WANG") == school.other_teacher.staff_id
    with pytest.raises(ValidationError) as caught:
        ledgers.class_by_name(school.coordinator, "九年级(9)班")
    assert (caught.value.field, reason(caught.value.code, caught.value.params, "zh-CN")) == (
        "class", "本校没有班级“九年级(9)班”")
    assert reason(caught.value.code, caught.value.params, "en") == "no class '九年级(9)班' in this school"
    with pytest.raises(NotFound) as missing:
        ledgers.teacher_ledger(school.coordinator, 9999, TERM, "zh-CN")
    assert reason(missing.value.code, missing.value.params, "en") == "no staff #9999"
    assert SchoolClass.select().count() == 2
