"""`schoolcare report overdue|week`: the engine's figures headless, scoped to the user like the screens."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import FamilyCall
from tests.databases import open_sqlite
from tests.factories import PASSWORD, build_small_school


@pytest.fixture
def school_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    built = build_small_school()
    FamilyCall.create(school=built.school_id, pupil=built.pupil_ids[0], date=dt.date(2026, 11, 25))
    store_db.close_database()
    yield url, built
    store_db.close_database()


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_overdue_csv_for_the_coordinator_lists_every_overdue_pupil(school_db, capsys):
    url, built = school_db
    assert main(["report", "overdue", "--format", "csv", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert rows[0][:4] == ["Rule", "For", "Student no.", "Name"]
    calls = [r for r in rows[1:] if r[0] == "Family call"]
    assert sorted(r[2] for r in calls) == ["S002", "S003", "S004", "S005", "S099"]  # S001 called this week
    assert {r[5] for r in calls} >= {"郑老师", "王老师", ""}


def test_a_teacher_gets_only_their_pupils(school_db, capsys):
    url, _ = school_db
    assert main(["report", "overdue", "--format", "csv", "--db", url, "--user", "zheng"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert {r[2] for r in rows[1:] if r[0] == "亲情电话"} == {"S002", "S003"}
    assert {r[2] for r in rows[1:] if r[1] == "学生"} == {"S001", "S002", "S003"}  # no talks yet
    assert not [r for r in rows[1:] if r[1] == "学校"]  # the school's own rule is the coordinator's


def test_overdue_text_groups_by_class_and_teacher(school_db, capsys):
    url, _ = school_db
    assert main(["report", "overdue", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Overdue Autumn term 2026, as of 2026-11-28" in out
    assert "Family call: 5 overdue" in out
    assert "By class" in out and "By teacher" in out and "(unassigned)" in out


def test_week_text_and_csv(school_db, capsys):
    url, _ = school_db
    assert main(["report", "week", "--db", url, "--user", "zheng", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2026-W48 (2026-11-23 to 2026-11-29)" in out
    assert "Next due" in out
    assert main(["report", "week", "--format", "csv", "--db", url, "--user", "zheng", "--lang", "en"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert rows[0] == ["Student no.", "Name", "Class", "Family call", "Teacher talk", "Home visit"]
    assert [r[:1] + r[3:4] for r in rows[1:]] == [["S001", "done"], ["S002", "overdue"], ["S003", "overdue"]]


def test_an_unknown_term_is_a_one_line_error(school_db, capsys):
    url, _ = school_db
    assert main(["report", "week", "--term", "1999-spring", "--db", url, "--user", "coord"]) == 2
    assert "1999-spring" in capsys.readouterr().err
