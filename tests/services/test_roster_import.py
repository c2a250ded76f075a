"""Importing a roster made by someone else: merged titles, Chinese headers, broken rows explained, one transaction, idempotent."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import Workbook

from schoolcare.i18n import reason
from schoolcare.services.errors import PermissionDenied, ValidationError
from schoolcare.services.registry import roster_import
from schoolcare.store.models import AuditEntry, Guardian, Pupil, SchoolClass

TODAY = dt.date(2026, 11, 28)

HEADERS = ["序号", "学号", "姓名", "性别", "出生日期", "班级", "家庭住址", "是否寄宿",
           "父亲姓名", "父亲电话", "父亲是否外出务工", "父亲务工地点",
           "母亲姓名", "母亲电话", "母亲是否外出务工", "母亲务工地点",
           "监护人姓名", "与学生关系", "监护人电话", "备注"]


def good(no, name, born, klass="三年级(1)班", father_away="是", mother_away="是", phone="13800001111"):
    return [None, no, name, "女", born, klass, "青石镇石桥村3组", "否",
            (name[:1] or "何") + "父亲", phone, father_away, "广东东莞", "母亲" + no, "", mother_away, "浙江宁波",
            "祖母" + no, "奶奶", "0851-2345678", ""]


def roster_workbook(path, extra_rows=()):
    """A workbook as a school office makes it: a merged title, a note row, a header, data with mistakes."""
    wb = Workbook()
    ws = wb.active
    ws.append(["青石镇中心小学 2026年秋季学期 留守儿童花名册"])
    ws.merge_cells("A1:T1")
    ws.append(["填表人：周协调", None, None, None, "填表日期：2026年9月5日"])
    ws.merge_cells("A2:D2")
    ws.append(HEADERS)  # row 3
    rows = [
        good("2026001", "李小梅  ", "2015年3月5日", phone="１３８ ００００ １１１１"),  # row 4: full-width, spaces
        good("2026002", "王大力", 42000),  # row 5: an Excel serial in a General cell (2014-12-27)
        good("2026003", "赵子涵", dt.datetime(2016, 7, 1), klass="五年级(3)班", mother_away="否"),  # row 6
        [None] * 20,  # row 7: blank
        good("2026004", "", "2015.1.1"),  # row 8: no name
        good("2026005", "钱多多", "2015-02-30"),  # row 9: no such day
        good("2026006", "孙悟", "2015/6/6", phone="1381234"),  # row 10: short phone
        good("2026001", "李小梅", "2015-03-05"),  # row 11: duplicate student number
        good("S001", "张小三", "2015-05-01", klass="三年级(1)班"),  # row 12: an existing pupil, new address below
        *extra_rows,
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path):
    return roster_workbook(tmp_path / "花名册.xlsx")


def test_preview_shows_creates_updates_and_every_broken_row(school, workbook):
    before = (Pupil.select().count(), Guardian.select().count(), AuditEntry.select().count())
    preview = roster_import.preview_roster(school.coordinator, workbook, today=TODAY)
    assert preview.header_row == 3
    assert [p.student_no for p in preview.creates] == ["2026001", "2026002", "2026003"]
    assert [p.student_no for p in preview.updates] == ["S001"]
    assert {c[0] for c in preview.updates[0].changes} == {"address", "father.name", "father.phone", "guardian.phone"}
    problems = {(p.row, p.column, p.code) for p in preview.rejected}
    assert problems == {
        (8, "姓名", "required"),
        (9, "出生日期", "date_invalid"),
        (10, "父亲电话", "phone_mobile"),
        (11, "学号", "registry.duplicate"),
    }
    assert next(p for p in preview.rejected if p.row == 11).params == (("row", 4),)
    assert set(preview.ignored) == {"序号", "备注"}
    assert preview.new_classes == ("五年级(3)班",)
    # Nothing is written by a preview.
    assert (Pupil.select().count(), Guardian.select().count(), AuditEntry.select().count()) == before


def test_import_writes_the_valid_rows_and_re_import_changes_nothing(school, workbook):
    preview, result = roster_import.import_roster(school.coordinator, workbook, today=TODAY)
    assert (result.created, result.updated, result.rejected_rows) == (3, 1, 4)
    li = Pupil.get(Pupil.student_no == "2026001")
    assert (li.name, li.birth_date, li.name_initials, li.left_behind) == ("李小梅", dt.date(2015, 3, 5), "lxm", True)
    assert Pupil.get(Pupil.student_no == "2026002").birth_date == dt.date(2014, 12, 27)
    zhao = Pupil.get(Pupil.student_no == "2026003")
    assert not zhao.left_behind  # mother at home with full capacity
    assert SchoolClass.get_by_id(zhao.school_class_id).name == "五年级(3)班"
    family = {g.relation: g for g in Guardian.select().where(Guardian.pupil == li.id)}
    assert family["father"].phone == "13800001111" and family["father"].away
    assert family["grandmother"].entrusted and family["grandmother"].day_to_day
    assert family["grandmother"].phone == "0851-2345678"
    existing = Pupil.get(Pupil.student_no == "S001")
    assert existing.address == "青石镇石桥村3组"
    assert not Pupil.select().where(Pupil.student_no.in_(["2026004", "2026005", "2026006"])).exists()

    counts = (Pupil.select().count(), Guardian.select().count(), AuditEntry.select().count())
    again, second = roster_import.import_roster(school.coordinator, workbook, today=TODAY)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert (Pupil.select().count(), Guardian.select().count(), AuditEntry.select().count()) == counts


def test_import_is_all_or_nothing(school, workbook, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_import, "refresh_left_behind", broken)
    with pytest.raises(RuntimeError):
        roster_import.import_roster(school.coordinator, workbook, today=TODAY)
    assert not Pupil.select().where(Pupil.student_no == "2026001").exists()
    assert Pupil.get(Pupil.student_no == "S001").address == ""


def test_two_level_header_with_english_and_csv_in_gbk(school, tmp_path):
    path = tmp_path / "roster.csv"
    with open(path, "w", newline="", encoding="gbk") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Class roster"])
        writer.writerow([])
        writer.writerow(["Student number", "Name", "Gender", "Date of birth", "Grade", "Class",
                         "Father name", "Father away", "Mother name", "Mother away", "Mother capacity"])
        writer.writerow(["２０２６１０１ ", "周　小雨", "F", "2014/9/1", "三年级", "2", "周父", "yes", "吴母", "no", "无"])
        writer.writerow(["2026102", "冯一", "m", "41640", "5", "(1)班", "冯父", "no", "", "", ""])
    preview, result = roster_import.import_roster(school.coordinator, path, today=TODAY)
    assert result.created == 2 and not preview.rejected
    zhou = Pupil.get(Pupil.student_no == "2026101")
    assert zhou.name == "周 小雨" and zhou.birth_date == dt.date(2014, 9, 1)
    assert zhou.left_behind  # father away, mother without guardianship capacity
    assert SchoolClass.get_by_id(zhou.school_class_id).name == "三年级(2)班"
    feng = Pupil.get(Pupil.student_no == "2026102")
    assert feng.birth_date == dt.date(2014, 1, 1) and not feng.left_behind


def test_grouped_header_under_merged_parent_labels(school, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["学生信息", None, None, None, "父亲", None, "母亲", None])
    ws.merge_cells("E1:F1")
    ws.merge_cells("G1:H1")
    ws.append(["学号", "姓名", "性别", "出生日期", "姓名", "是否外出", "姓名", "是否外出"])
    ws.append(["2026201", "陈晨", "男", "2013-10-10", "陈父", "是", "林母", "是"])
    wb.save(tmp_path / "two-level.xlsx")
    preview, result = roster_import.import_roster(school.coordinator, tmp_path / "two-level.xlsx", today=TODAY)
    assert result.created == 1, preview.rejected
    pupil = Pupil.get(Pupil.student_no == "2026201")
    assert pupil.name == "陈晨" and pupil.left_behind
    assert {g.relation: g.name for g in Guardian.select().where(Guardian.pupil == pupil.id)} == {
        "father": "陈父", "mother": "林母"}


def test_a_file_without_the_needed_header_is_refused_clearly(school, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("编号,名称\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, path)
    assert (caught.value.field, caught.value.code) == ("file", "registry.no_header")
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "前 20 行中没有含“学号”和“姓名”的表头行"
    assert "no header row with 学号 (student number)" in reason(caught.value.code, caught.value.params, "en")
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, tmp_path / "roster.txt")
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "roster.txt：请使用 .xlsx 或 .csv 文件"
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, tmp_path / "gone.csv")
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "gone.csv：没有这个文件"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("学号,姓名\n".encode() + b"\xff\xfe\xfa,\x81\n")
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, latin1)
    assert reason(caught.value.code, caught.value.params, "en") == "latin1.csv: not UTF-8 or GBK text"


def test_a_student_number_over_40_characters_is_a_clear_row_problem(school, tmp_path):
    too_long = "2026" + "0" * 37  # 41 characters
    path = roster_workbook(tmp_path / "long.xlsx", extra_rows=[good(too_long, "周长号", "2015-04-04")])
    preview = roster_import.preview_roster(school.coordinator, path, today=TODAY)
    problem = next(p for p in preview.rejected if p.row == 13)
    assert (problem.column, problem.field, problem.code) == ("学号", "student_no", "too_long")
    assert problem.value == too_long[:40] + "…"  # the cell as found, cut short like every echoed value
    assert reason(problem.code, dict(problem.params), "zh-CN") == "最多 40 个字"
    assert reason(problem.code, dict(problem.params), "en") == "at most 40 characters"


def test_only_the_coordinator_imports(school, workbook):
    with pytest.raises(PermissionDenied):
        roster_import.preview_roster(school.teacher, workbook)
    with pytest.raises(PermissionDenied):
        roster_import.import_roster(school.principal, workbook)


def test_an_import_rederives_the_school_so_pupils_past_16_stop_counting(school, workbook):
    import datetime as dt

    Pupil.update(birth_date=dt.date(2010, 1, 5)).where(Pupil.student_no == "S002").execute()  # 16 since January
    assert Pupil.get(Pupil.student_no == "S002").left_behind
    roster_import.import_roster(school.coordinator, workbook, today=TODAY)
    assert not Pupil.get(Pupil.student_no == "S002").left_behind
