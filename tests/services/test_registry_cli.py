"""`schoolcare import roster`, `export ledger`, `export roster-template`: preview, confirm, one-line errors, scoped exports."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import AuditEntry, Pupil
from tests.databases import open_sqlite
from tests.factories import PASSWORD, build_small_school
from tests.services.test_roster_import import good, roster_workbook


@pytest.fixture
def school_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    built = build_small_school()
    store_db.close_database()
    yield url, built
    store_db.close_database()


def count_pupils(url: str) -> int:
    store_db.open_database(url)
    try:
        return Pupil.select().count()
    finally:
        store_db.close_database()


def test_dry_run_previews_every_broken_row_and_writes_nothing(school_db, tmp_path, capsys):
    url, _ = school_db
    path = roster_workbook(tmp_path / "花名册.xlsx")
    assert main(["import", "roster", str(path), "--dry-run", "--db", url, "--user", "coord"]) == 0
    out = capsys.readouterr().out
    assert "第 10 行「父亲电话」：手机号应为 1 开头的 11 位数字" in out
    assert "第 11 行「学号」：学号与第 4 行重复" in out
    assert "新建 3 人，更新 1 人，0 人无变化，4 行有问题不导入" in out
    assert count_pupils(url) == 6


def test_without_yes_and_without_a_terminal_nothing_is_written(school_db, tmp_path, capsys):
    url, _ = school_db
    path = roster_workbook(tmp_path / "r.xlsx")
    assert main(["import", "roster", str(path), "--db", url, "--user", "coord", "--lang", "en"]) == 1
    assert "nothing written: pass --yes" in capsys.readouterr().err
    assert count_pupils(url) == 6


def test_yes_imports_and_the_second_run_changes_nothing(school_db, tmp_path, capsys):
    url, _ = school_db
    path = roster_workbook(tmp_path / "r.xlsx")
    assert main(["import", "roster", str(path), "--yes", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    assert "Imported — created: 3, updated: 1, unchanged: 0, rows not imported: 4" in capsys.readouterr().out
    assert count_pupils(url) == 9
    assert main(["import", "roster", str(path), "--yes", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    assert "nothing to import" in capsys.readouterr().out


def test_a_teacher_cannot_import_and_a_missing_file_is_one_line(school_db, tmp_path, capsys):
    url, _ = school_db
    path = roster_workbook(tmp_path / "r.xlsx")
    assert main(["import", "roster", str(path), "--yes", "--db", url, "--user", "zheng"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["import", "roster", str(tmp_path / "none.xlsx"), "--db", url, "--user", "coord"]) == 2
    assert capsys.readouterr().err == f"schoolcare: {tmp_path / 'none.xlsx'}：没有这个文件\n"
    assert main(["import", "roster", str(tmp_path / "none.xlsx"), "--db", url, "--user", "coord", "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"schoolcare: {tmp_path / 'none.xlsx'}: no such file\n"
    notes = tmp_path / "notes.txt"
    notes.write_text("学号,姓名\n", encoding="utf-8")
    assert main(["import", "roster", str(notes), "--db", url, "--user", "coord", "--lang", "en"]) == 2
    assert "expected an .xlsx or .csv file" in capsys.readouterr().err


def test_a_student_number_over_40_characters_is_named_in_the_preview(school_db, tmp_path, capsys):
    url, _ = school_db
    too_long = "2026" + "0" * 37
    path = roster_workbook(tmp_path / "r.xlsx", extra_rows=[good(too_long, "周长号", "2015-04-04")])
    assert main(["import", "roster", str(path), "--dry-run", "--db", url, "--user", "coord"]) == 0
    assert f"第 13 行「学号」：最多 40 个字（填的是“{too_long[:40]}…”）" in capsys.readouterr().out
    assert main(["import", "roster", str(path), "--dry-run", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    assert f"row 13, 学号: at most 40 characters (found “{too_long[:40]}…”)" in capsys.readouterr().out


def test_template_round_trips_through_the_import(school_db, tmp_path, capsys):
    url, _ = school_db
    template = tmp_path / "template.xlsx"
    assert main(["export", "roster-template", "--format", "xlsx", "-o", str(template)]) == 0
    wb = load_workbook(template)
    ws = wb["花名册"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["学号", "姓名", "性别", "出生日期"] and "委托监护人电话" in headers
    assert wb["填写说明"].max_row == len(headers) + 1
    row = {"学号": "2026900", "姓名": "模板生", "性别": "男", "出生日期": "2015.9.1", "班级": "三年级(1)班",
           "父亲姓名": "模父", "父亲是否外出务工": "是", "母亲姓名": "模母", "母亲是否外出务工": "是",
           "委托监护人姓名": "模奶奶", "委托监护人与学生关系": "奶奶"}
    ws.append([row.get(h) for h in headers])
    wb.save(template)
    assert main(["import", "roster", str(template), "--yes", "--db", url, "--user", "coord"]) == 0
    assert "新建 1 人" in capsys.readouterr().out


def test_export_ledgers_by_class_and_teacher(school_db, tmp_path, capsys):
    url, _ = school_db
    assert main(["export", "ledger", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx"),
                 "--db", url, "--user", "coord"]) == 0
    assert main(["export", "ledger", "--class", "四年级(2)班", "--format", "csv", "-o", str(tmp_path / "c.csv"),
                 "--db", url, "--user", "head"]) == 0
    assert main(["export", "ledger", "--teacher", "zheng", "--format", "xlsx", "-o", str(tmp_path / "t.xlsx"),
                 "--db", url, "--user", "zheng", "--term", "2026-autumn"]) == 0
    assert "t.xlsx" in capsys.readouterr().out
    # A teacher asking for another teacher's record gets a one-line refusal and no file.
    assert main(["export", "ledger", "--teacher", "wang", "--format", "xlsx", "-o", str(tmp_path / "w.xlsx"),
                 "--db", url, "--user", "zheng"]) == 1
    assert capsys.readouterr().err == "schoolcare: 教师只能导出自己的帮扶记录\n"
    assert not (tmp_path / "w.xlsx").exists()
    assert main(["export", "ledger", "--teacher", "nobody", "--format", "xlsx", "-o", str(tmp_path / "n.xlsx"),
                 "--db", url, "--user", "coord", "--lang", "en"]) == 1
    assert "no staff with login 'nobody' in this school" in capsys.readouterr().err
    assert main(["export", "ledger", "--class", "3.1", "--teacher", "zheng", "--format", "xlsx",
                 "-o", str(tmp_path / "b.xlsx"), "--db", url, "--user", "coord", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "schoolcare: --class and --teacher: choose one ledger\n"
    assert main(["export", "ledger", "--term", "1999-x", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"),
                 "--db", url, "--user", "coord"]) == 2
    store_db.open_database(url)
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 3


def test_a_refusal_names_its_field_in_the_users_language(school_db, tmp_path, capsys):
    url, _ = school_db
    target = tmp_path / "明细.xlsx"
    assert main(["export", "ledger", "--class", "九年级(9)班", "-o", str(target), "--db", url, "--user", "coord"]) == 1
    assert capsys.readouterr().err.strip() == "schoolcare: 班级: 本校没有班级“九年级(9)班”"
    assert main(["export", "ledger", "--class", "九年级(9)班", "-o", str(target), "--db", url, "--user", "coord",
                 "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip().startswith("schoolcare: Class: ")
    assert not target.exists()


def test_dry_run_shows_how_each_parent_was_read_and_the_left_behind_found(school_db, tmp_path, capsys):
    from tests.services.test_roster_families import save_typical

    url, _ = school_db
    path = save_typical(tmp_path / "留守儿童花名册.xlsx")
    assert main(["import", "roster", str(path), "--dry-run", "--db", url, "--user", "coord"]) == 0
    out = capsys.readouterr().out
    assert "父：外出（广东省东莞市）；母：外出（浙江义乌）；留守；入学 2026-11-28（导入日）" in out
    assert "父：外出（在外务工）；母：在家（在家务农）；入学 2026-11-28（导入日）" in out
    assert "将设定班主任：四年级(2)班 郑老师、五年级(1)班 王老师" in out
    assert "其中留守儿童 3 人" in out
    assert "合计" not in out and "有问题" not in out.replace("0 行有问题", "")
    assert main(["import", "roster", str(path), "--dry-run", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    assert "Father: away (广东省东莞市); Mother: away (浙江义乌); left-behind" in capsys.readouterr().out
    assert count_pupils(url) == 6


def test_the_template_has_a_homeroom_column_with_its_hint(tmp_path):
    template = tmp_path / "t.xlsx"
    assert main(["export", "roster-template", "--format", "xlsx", "-o", str(template)]) == 0
    wb = load_workbook(template)
    assert "班主任" in [c.value for c in wb["花名册"][1]]
    hints = {row[0]: row[2] for row in wb["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert "姓名或登录名" in hints["班主任"] and "广东省东莞市" in hints["父亲务工地点"]
