"""A roster kept as schools keep them (title rows, merged cells, 务工地点 not 是否外出, a totals line): the 摸底 is right."""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from schoolcare.i18n import reason
from schoolcare.services.registry import roster_import
from schoolcare.services.registry.roster_columns import parents_text
from schoolcare.store.models import AuditEntry, Guardian, HomeroomTerm, Pupil, SchoolClass, Staff

TODAY = dt.date(2026, 11, 28)

HEADERS = ["序号", "学号", "姓名", "性别", "出生日期", "班级", "班主任", "父亲姓名", "父亲电话", "父亲务工地点",
           "母亲姓名", "母亲电话", "母亲务工地点", "监护人姓名", "与儿童关系", "备注"]


def school_workbook(path, rows, headers=HEADERS):
    """Title and 填报单位 lines merged across, the header, pupils (some cells merged down), then 合计."""
    wb = Workbook()
    ws = wb.active
    ws.append(["青石镇中心小学留守儿童花名册"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(["填报单位：青石镇中心小学", None, None, None, None, None, None, None, "填报日期：2026年9月5日"])
    ws.merge_cells("A2:H2")
    ws.append(headers)
    for row in rows:
        ws.append(row)
    return wb, ws


def typical_rows():
    return [
        # 序号 学号 姓名 性别 出生日期 班级 班主任 父 电话 务工地点 母 电话 务工地点 监护人 关系 备注
        [1, "2026301", "何小燕", "女", "2015-04-01", "五年级(1)班", "王老师", "何大山", "13800002001", "广东省东莞市",
         "刘秀英", "13800002002", "浙江义乌", "何奶奶", "奶奶", ""],
        [2, "2026302", "何小兵", "男", "2016-08-08", None, None, None, None, None,  # 何小燕's brother: merged
         None, None, None, "何奶奶", "奶奶", ""],
        [3, "2026303", "邓小军", "男", "2014-06-06", "五年级(1)班", "wang", "邓强", "13800002003", "在外务工",
         "罗梅", "13800002004", "在家务农", "罗梅", "母亲", ""],
        [4, "2026304", "田甜", "女", "2016-01-20", "四年级(2)班", "郑老师", "田勇", "", "浙江杭州",
         "杨花", "", "本村", "", "", ""],
        [5, "2026305", "龙飞", "男", "2015-10-10", "四年级(2)班", "郑老师", "龙海", "", "在家",
         "吴兰", "", "", "", "", ""],
        [6, "2026306", "石磊", "男", "2009-03-03", "四年级(2)班", "", "石父", "", "上海", "石母", "", "江苏苏州",
         "石爷爷", "爷爷", "已满16岁"],
        [7, "2026307", "杨柳", "女", "2017-05-05", "四年级(2)班", "", "杨军", "", "福建厦门", "", "", "", "杨奶奶", "奶奶",
         "母亲离家多年"],
    ]


def save_typical(path):
    wb, ws = school_workbook(path, typical_rows())
    # 何小燕 and her brother share parents, class and teacher: the school merged those cells down two rows.
    for column in ("F", "G", "H", "I", "J", "K", "L", "M"):
        ws.merge_cells(f"{column}4:{column}5")
    ws.append(["合计", None, "7人", None, None, None, None, None, None, None, None, None, None, None, None,
               "留守儿童 4 人"])
    ws.merge_cells(f"A{ws.max_row}:B{ws.max_row}")
    ws.append(["填表人：周协调", None, None, None, "审核人：吴校长"])
    wb.save(path)
    return path


def test_the_preview_reads_each_parent_from_the_work_place_and_counts_the_left_behind(school, tmp_path):
    path = save_typical(tmp_path / "留守儿童花名册.xlsx")
    preview = roster_import.preview_roster(school.coordinator, path, today=TODAY)
    assert preview.header_row == 3
    assert not preview.rejected, preview.rejected  # neither the 合计 line nor the signatures are rows
    assert [p.student_no for p in preview.creates] == [f"202630{i}" for i in range(1, 8)]
    assert preview.left_behind == 3
    plans = {p.student_no: p for p in preview.creates}
    assert parents_text(plans["2026301"].parents, "zh-CN") == "父：外出（广东省东莞市）；母：外出（浙江义乌）"
    assert parents_text(plans["2026302"].parents, "zh-CN") == "父：外出（广东省东莞市）；母：外出（浙江义乌）"
    assert parents_text(plans["2026303"].parents, "zh-CN") == "父：外出（在外务工）；母：在家（在家务农）"
    assert parents_text(plans["2026304"].parents, "en") == "Father: away (浙江杭州); Mother: at home (本村)"
    assert parents_text(plans["2026305"].parents, "zh-CN") == "父：在家；母：在家"
    assert parents_text(plans["2026307"].parents, "zh-CN") == "父：外出（福建厦门）；母：未填"
    # Both away (the brother through the merged cells), or one away and the other not on the roster at all.
    assert [p.student_no for p in preview.creates if p.left_behind] == ["2026301", "2026302", "2026307"]
    assert plans["2026302"].class_name == "五年级(1)班"  # the class merged down reaches the brother
    assert not plans["2026306"].left_behind  # both parents away but 17 years old
    assert Pupil.select().where(Pupil.student_no.startswith("20263")).count() == 0  # a preview writes nothing


def test_the_import_stores_each_parents_reading_and_the_homeroom_teachers(school, tmp_path):
    path = save_typical(tmp_path / "留守儿童花名册.xlsx")
    preview, result = roster_import.import_roster(school.coordinator, path, today=TODAY)
    assert (result.created, result.rejected_rows, result.homerooms) == (7, 0, 2)
    left_behind = {p.student_no for p in Pupil.select().where(Pupil.student_no.startswith("20263") & Pupil.left_behind)}
    assert left_behind == {"2026301", "2026302", "2026307"}
    away = {(g.pupil.student_no, g.relation): g.away for g in Guardian.select().join(Pupil)
            .where(Pupil.student_no.startswith("20263") & Guardian.relation.in_(["father", "mother"]))}
    assert away[("2026301", "father")] and away[("2026301", "mother")]
    assert away[("2026302", "father")] and away[("2026302", "mother")]
    assert away[("2026303", "father")] and not away[("2026303", "mother")]
    assert away[("2026304", "father")] and not away[("2026304", "mother")]
    assert not away[("2026305", "father")] and not away[("2026305", "mother")]
    assert ("2026307", "mother") not in away
    # Nobody is owed care from before they were here: no 入学日期 means the import day.
    assert {p.enrolled_on for p in Pupil.select().where(Pupil.student_no.startswith("20263"))} == {TODAY}
    assert all(p.enrolled_default and p.enrolled_on == TODAY.isoformat() for p in preview.creates)
    # A class the import created, and one that had nobody, get the 班主任 the file names, with dated history.
    wang = Staff.get(Staff.login == "wang")
    zheng = Staff.get(Staff.login == "zheng")
    led = {c.name: c.homeroom_teacher_id for c in SchoolClass.select().where(SchoolClass.school == school.school_id)}
    assert led == {"三年级(1)班": zheng.id, "四年级(2)班": zheng.id, "五年级(1)班": wang.id}
    assert preview.homerooms == (("四年级(2)班", "郑老师"), ("五年级(1)班", "王老师"))
    terms = {(t.school_class.name, t.teacher_id, t.start_on) for t in HomeroomTerm.select()}
    assert {("四年级(2)班", zheng.id, TODAY), ("五年级(1)班", wang.id, TODAY)} <= terms
    assert AuditEntry.select().where((AuditEntry.entity == "class") & (AuditEntry.action == "assign")).count() == 2
    # Importing the same file again changes nothing.
    again, second = roster_import.import_roster(school.coordinator, path, today=TODAY)
    assert (second.created, second.updated, second.homerooms) == (0, 0, 0) and again.left_behind == 3


def test_a_class_already_led_keeps_its_teacher(school, tmp_path):
    wb, _ws = school_workbook(tmp_path / "r.xlsx", [
        [1, "2026401", "马可", "男", "2015-01-01", "三年级(1)班", "王老师", "马父", "", "广东", "马母", "", "广东",
         "", "", ""]])
    wb.save(tmp_path / "r.xlsx")
    preview, result = roster_import.import_roster(school.coordinator, tmp_path / "r.xlsx", today=TODAY)
    assert (result.created, result.homerooms, preview.homerooms) == (1, 0, ())
    assert SchoolClass.get_by_id(school.class_ids[0]).homeroom_teacher_id == school.teacher.staff_id


def test_an_unknown_or_ambiguous_teacher_is_a_row_problem_naming_row_and_column(school, tmp_path):
    Staff.create(school=school.school_id, name="王老师", login="wang2", role="teacher")  # a second 王老师
    row = [None, "", "", "男", "2015-01-01", "六年级(1)班", "", "父", "", "广东", "母", "", "在家", "", "", ""]

    def pupil(no, name, teacher, klass="六年级(1)班"):
        return [*row[:1], no, name, *row[3:5], klass, teacher, *row[7:]]

    wb, _ws = school_workbook(tmp_path / "t.xlsx", [
        pupil("2026501", "甲", "李老师"),  # row 4: nobody of that name
        pupil("2026502", "乙", "王老师"),  # row 5: two of them
        pupil("2026503", "丙", "wang2"),  # row 6: the login says which
        pupil("2026504", "丁", "zheng"),  # row 7: the class's first row named wang2
        pupil("2026505", "戊", "head"),  # row 8: a principal does not lead a class
        pupil("2026506", "己", "zheng", klass=""),  # row 9: a teacher but no class
    ])
    wb.save(tmp_path / "t.xlsx")
    preview = roster_import.preview_roster(school.coordinator, tmp_path / "t.xlsx", today=TODAY)
    problems = {(p.row, p.column, p.code) for p in preview.rejected}
    assert problems == {
        (4, "班主任", "registry.teacher_unknown"), (5, "班主任", "registry.teacher_ambiguous"),
        (7, "班主任", "registry.homeroom_conflict"), (8, "班主任", "registry.homeroom_role"),
        (9, "班主任", "registry.homeroom_no_class"),
    }
    said = {p.row: reason(p.code, dict(p.params), "zh-CN") for p in preview.rejected}
    assert said[4] == "本校在职教职工中没有姓名或登录名为“李老师”的人"
    assert said[5] == "本校有 2 位教职工叫“王老师”，请填写登录名"
    assert said[7] == "同一班级第 6 行填的班主任是 王老师"
    assert [p.student_no for p in preview.creates] == ["2026503"]
    assert preview.homerooms == (("六年级(1)班", "王老师"),)


def test_an_explicit_away_column_wins_over_the_work_place(school, tmp_path):
    headers = ["学号", "姓名", "性别", "出生日期", "父亲姓名", "父亲是否外出", "父亲务工地点", "母亲姓名", "母亲外出务工",
               "母亲务工地点"]
    wb, _ws = school_workbook(tmp_path / "x.xlsx", [
        ["2026601", "一", "男", "2015-01-01", "父", "否", "广东东莞", "母", "外出务工", ""],
        ["2026602", "二", "男", "2015-01-01", "父", "", "广东东莞", "母", "是", "在家"],
        ["2026603", "三", "男", "2015-01-01", "父", "也许", "", "母", "", ""],
    ], headers=headers)
    wb.save(tmp_path / "x.xlsx")
    preview = roster_import.preview_roster(school.coordinator, tmp_path / "x.xlsx", today=TODAY)
    plans = {p.student_no: p for p in preview.creates}
    assert [(r.away, r.source) for r in plans["2026601"].parents] == [(False, "column"), (True, "column")]
    assert [(r.away, r.source) for r in plans["2026602"].parents] == [(True, "place"), (True, "column")]
    assert plans["2026602"].left_behind and not plans["2026601"].left_behind
    assert {(p.row, p.column, p.code) for p in preview.rejected} == {(6, "父亲是否外出", "choice")}


def test_a_parent_back_home_on_a_re_import_stops_the_pupil_counting(school, tmp_path):
    wb, _ws = school_workbook(tmp_path / "back.xlsx", [
        [1, "S001", "张小三", "女", "2015-05-01", "三年级(1)班", "", "张父", "", "在家务农", "母亲S001", "",
         "浙江宁波", "", "", ""]])
    wb.save(tmp_path / "back.xlsx")
    preview = roster_import.preview_roster(school.coordinator, tmp_path / "back.xlsx", today=TODAY)
    assert [c[0] for c in preview.updates[0].changes] == ["father.work_place", "father.away"]
    assert parents_text(preview.updates[0].parents, "zh-CN") == "父：在家（在家务农）；母：外出（浙江宁波）"
    assert not preview.updates[0].left_behind and preview.left_behind == 0
    roster_import.import_roster(school.coordinator, tmp_path / "back.xlsx", today=TODAY)
    pupil = Pupil.get(Pupil.student_no == "S001")
    assert not pupil.left_behind and pupil.enrolled_on == dt.date(2021, 9, 1)  # an enrolment on record is kept


def test_a_row_for_a_retired_class_is_a_row_problem(school, tmp_path):
    SchoolClass.update(retired_on=dt.date(2026, 9, 1)).where(SchoolClass.id == school.class_ids[1]).execute()
    wb, _ws = school_workbook(tmp_path / "old.xlsx", [
        [1, "2026701", "旧班生", "男", "2015-01-01", "四年级(2)班", "", "父", "", "广东", "母", "", "广东", "", "", ""]])
    wb.save(tmp_path / "old.xlsx")
    preview = roster_import.preview_roster(school.coordinator, tmp_path / "old.xlsx", today=TODAY)
    assert [(p.row, p.column, p.code) for p in preview.rejected] == [(4, "班级", "registry.class_retired")]
    assert not preview.creates and not preview.new_classes
