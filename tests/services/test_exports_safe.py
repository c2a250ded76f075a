"""`report week|overdue|term --format csv` put every cell through the one neutraliser, as exports do:
no live formula, numbers (negative ones too) stay numbers, misreadable text stays text."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil
from tests.databases import open_sqlite
from tests.factories import PASSWORD, build_small_school

EVIL = "=cmd|' /C calc'!A0"


@pytest.fixture
def school_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    built = build_small_school()
    # Stored before the checks (or by an import of old): a formula for a name, a number with leading zeros.
    Pupil.update(name=EVIL, student_no="000123").where(Pupil.id == built.pupil_ids[0]).execute()
    Pupil.update(name="@SUM(A1:A9)").where(Pupil.id == built.pupil_ids[1]).execute()
    store_db.close_database()
    yield url, built
    store_db.close_database()


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("report", ["week", "overdue"])
def test_report_csv_never_prints_a_live_formula(school_db, capsys, report):
    url, _ = school_db
    assert main(["report", report, "--format", "csv", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    rows = _rows(capsys.readouterr().out)
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]
    assert "'" + EVIL in cells and "'@SUM(A1:A9)" in cells
    assert "000123\t" in cells  # a spreadsheet keeps the zeros: text, not the number 123
    assert "000123" not in cells


def test_the_term_report_csv_keeps_negative_changes_numbers(school_db, capsys, monkeypatch):
    from schoolcare.services.reports import term_sheets
    from schoolcare.services.tabular import Sheet

    # A school whose coverage fell: the change column holds a real negative number.
    monkeypatch.setattr(term_sheets, "summary_sheet", lambda *_a, **_k: Sheet(
        "s", ["What", "This term", "Last term", "Change"], [["Coverage", 56.4, 57.0, -0.6], ["Hazards", 3, None, -2]]))
    url, _ = school_db
    assert main(["report", "term", "--format", "csv", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    assert _rows(capsys.readouterr().out)[1:] == [["Coverage", "56.4", "57.0", "-0.6"], ["Hazards", "3", "", "-2"]]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_dates_in_report_csv_stay_dates(school_db, capsys):
    url, _ = school_db
    assert main(["report", "overdue", "--format", "csv", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    rows = _rows(capsys.readouterr().out)
    due = {row[9] for row in rows[1:] if row[9]}
    assert due and all(dt.date.fromisoformat(d) for d in due)  # ISO dates, no tab: a spreadsheet reads a date
