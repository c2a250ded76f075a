"""`schoolcare export quarterly|term-report` and `report term`: they act as a user; bad input is one line."""
from __future__ import annotations

import pytest

from schoolcare.cli import main
from schoolcare.services.tabular_read import read_rows
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil, QuarterlySubmission
from tests.factories import PASSWORD


@pytest.fixture
def as_user(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-03")


def test_quarterly_export_records_then_marks_the_next_one(school, db_url, as_user, tmp_path, capsys):
    first = tmp_path / "q4.xlsx"
    assert main(["export", "quarterly", "-o", str(first), "--record-submission",
                 "--db", db_url, "--user", "coord", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert str(first) in out and "2026Q4: 6 pupils" in out and "recorded as submitted on 2026-12-03" in out
    store_db.open_database(db_url)
    assert QuarterlySubmission.select().count() == 1
    Pupil.update(status="transferred").where(Pupil.id == school.pupil_ids[0]).execute()

    again = tmp_path / "again.csv"
    assert main(["export", "quarterly", "--quarter", "2026Q4", "--format", "csv", "-o", str(again),
                 "--db", db_url, "--user", "head"]) == 0
    assert "离开 1" in capsys.readouterr().out
    rows = read_rows(tmp_path / "again-留守困境儿童台账.csv")
    assert [row[3] for row in rows[1:] if row[1]] == ["S001"]


def test_the_principal_may_not_record_a_submission(school, db_url, as_user, tmp_path, capsys):
    code = main(["export", "quarterly", "-o", str(tmp_path / "q.xlsx"), "--record-submission", "--lang", "en",
                 "--db", db_url, "--user", "head"])
    assert code == 1 and "may not" in capsys.readouterr().err
    # In the school's language by default.
    assert main(["export", "quarterly", "-o", str(tmp_path / "q.xlsx"), "--record-submission",
                 "--db", db_url, "--user", "head"]) == 1
    assert capsys.readouterr().err == "schoolcare: 您的账号不能登记上报\n"
    store_db.open_database(db_url)
    assert QuarterlySubmission.select().count() == 0


def test_a_bad_quarter_is_one_line_and_exit_2(school, db_url, as_user, tmp_path, capsys):
    code = main(["export", "quarterly", "--quarter", "2026-4", "-o", str(tmp_path / "q.xlsx"), "--lang", "en",
                 "--db", db_url, "--user", "coord"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "2026Q4" in err
    assert err == "schoolcare: --quarter: '2026-4' is not a quarter: write it as YEARQn, e.g. 2026Q4"
    assert main(["export", "quarterly", "--quarter", "2026-4", "-o", str(tmp_path / "q.xlsx"),
                 "--db", db_url, "--user", "coord"]) == 2
    assert "“2026-4”不是季度" in capsys.readouterr().err


def test_report_term_prints_the_summary_as_text_or_csv(school, db_url, as_user, capsys):
    assert main(["report", "term", "--db", db_url, "--user", "head"]) == 0
    out = capsys.readouterr().out
    assert "关爱责任人覆盖率（%）" in out and "83.3" in out and "四年级(2)班" in out
    assert main(["report", "term", "--format", "csv", "--lang", "en", "--db", db_url, "--user", "coord"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Item,This term,Previous term,Change"
    assert "Care-teacher coverage (%),83.3,0.0,83.3" in lines


def test_report_term_is_not_for_teachers_and_knows_its_terms(school, db_url, as_user, capsys):
    assert main(["report", "term", "--lang", "en", "--db", db_url, "--user", "zheng"]) == 1
    assert "may not view reports" in capsys.readouterr().err
    assert main(["report", "term", "--db", db_url, "--user", "zheng"]) == 1
    assert "您的账号不能查看统计报表" in capsys.readouterr().err
    assert main(["report", "term", "--term", "2031-spring", "--db", db_url, "--user", "head"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "2026-autumn" in err


def test_export_term_report_as_a_csv_set(school, db_url, as_user, tmp_path, capsys):
    target = tmp_path / "term.csv"
    assert main(["export", "term-report", "--term", "2026-autumn", "--format", "csv", "-o", str(target),
                 "--db", db_url, "--user", "head"]) == 0
    names = sorted(p.name for p in tmp_path.glob("term-*.csv"))
    assert names == sorted(f"term-{s}.csv" for s in ("学期汇总", "每周趋势", "班级", "教师", "学生", "家访", "活动",
                                                     "中心达标", "隐患"))
    header, *classes = read_rows(tmp_path / "term-班级.csv")
    completion = header.index("综合完成率（%）")
    assert sorted(row[0] for row in classes) == ["三年级(1)班", "四年级(2)班"]
    assert [float(row[completion]) for row in classes] == sorted(float(row[completion]) for row in classes)
