"""`schoolcare export quarterly|term-report` and `report term`: files and printouts act as a user, bad input is one line."""
from __future__ import annotations

import pytest

from schoolcare.cli import main
from schoolcare.services.tabular import read_rows
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil, QuarterlySubmission
from tests.factories import PASSWORD


@pytest.fixture
def as_user(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-03")


def test_quarterly_export_records_then_marks_the_next_one(school, db_url, as_user, tmp_path, capsys):
    first = tmp_path / "q4.xlsx"
    assert main(["export", "quarterly", "-o", str(first), "--record-submission", "--db", db_url, "--user", "coord"]) == 0
    out = capsys.readouterr().out
    assert str(first) in out and "2026Q4: 6 pupils" in out and "recorded as submitted on 2026-12-03" in out
    store_db.open_database(db_url)
    assert QuarterlySubmission.select().count() == 1
    Pupil.update(status="transferred").where(Pupil.id == school.pupil_ids[0]).execute()

    again = tmp_path / "again.csv"
    assert main(["export", "quarterly", "--quarter", "2026Q4", "--format", "csv", "-o", str(again),
                 "--db", db_url, "--user", "head"]) == 0
    assert "left 1" in capsys.readouterr().out
    rows = read_rows(tmp_path / "again-留守困境儿童台账.csv")
    assert [row[3] for row in rows[1:] if row[1]] == ["S001"]


def test_the_principal_may_not_record_a_submission(school, db_url, as_user, tmp_path, capsys):
    code = main(["export", "quarterly", "-o", str(tmp_path / "q.xlsx"), "--record-submission",
                 "--db", db_url, "--user", "head"])
    assert code == 1 and "may not" in capsys.readouterr().err
    store_db.open_database(db_url)
    assert QuarterlySubmission.select().count() == 0


def test_a_bad_quarter_is_one_line_and_exit_2(school, db_url, as_user, tmp_path, capsys):
    code = main(["export", "quarterly", "--quarter", "2026-4", "-o", str(tmp_path / "q.xlsx"),
                 "--db", db_url, "--user", "coord"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "2026Q4" in err
