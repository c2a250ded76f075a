"""`attendance record`, `import attendance`, `report dropouts` and `export dropout-report`, headless and scoped."""
from __future__ import annotations

import csv
import io

import pytest

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import Absence
from tests.databases import open_sqlite
from tests.factories import PASSWORD, build_small_school


@pytest.fixture
def school_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-18")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    build_small_school()
    store_db.close_database()
    yield url
    store_db.close_database()


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def record(url, day, *extra, user="zheng"):
    return main(["attendance", "record", "--class", "三年级(1)班", "--date", day, *extra, "--db", url,
                 "--user", user, "--lang", "en"])


def test_three_unexcused_days_make_a_case_at_registration_and_its_written_report(school_db, capsys, tmp_path):
    url = school_db
    # Friday, then Monday and Tuesday: the weekend between does not break the run.
    assert record(url, "2026-11-13", "--absent", "S001", "--excused", "S002", "--reason", "家中有事") == 0
    assert record(url, "2026-11-16", "--absent", "S001") == 0
    assert record(url, "2026-11-17", "--absent", "S001") == 0
    out = capsys.readouterr().out
    assert "dropout case #1 opened: 张小三" in out
    assert main(["report", "dropouts", "--format", "csv", "--db", url, "--user", "coord", "--lang", "en"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert rows[0][:3] == ["case", "student number", "name"]
    assert [(r[0], r[1], r[2], r[7], r[8]) for r in rows[1:]] == [
        ("1", "S001", "张小三", "registration", "2026-11-18")]
    assert main(["report", "dropouts", "--db", url, "--user", "wang"]) == 0  # another teacher: nothing
    assert "没有辍学个案" in capsys.readouterr().out
    target = tmp_path / "case1.docx"
    export = ["export", "dropout-report", "--case", "1", "-o", str(target), "--db", url, "--user", "coord"]
    # No persuasion tried yet: the written report (劝返无效的，应书面报告) is refused, saying why.
    assert main(export) == 1
    assert capsys.readouterr().err.strip() == "schoolcare: 个案: 还没有劝返记录：书面报告是劝返无效后才写的，请先记录劝返"
    assert not target.exists()
    _persuade(url, "家中农忙，不愿上学")
    assert main(export) == 0
    from docx import Document

    text = "\n".join(c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells)
    assert "张小三" in text and "2026年11月16日" in text
    assert "家中农忙，不愿上学" in text and "祖母答应周一送回，仍未到校" in text  # the attempt, its "，" kept


def _persuade(url, reason):
    """Register case 1 and log one persuasion attempt, as 郑老师 does on the 控辍保学 screen."""
    from schoolcare.services.accounts.auth import actor_for
    from schoolcare.services.protection import dropouts
    from schoolcare.store.models import Staff

    store_db.open_database(url)
    teacher = actor_for(Staff.get(Staff.login == "zheng"))
    dropouts.register(teacher, 1, reason)
    dropouts.add_attempt(teacher, 1, date="2026-11-18", by_whom="郑老师", with_whom="祖母", method="home_visit",
                         outcome="祖母答应周一送回，仍未到校")
    store_db.close_database()


def test_a_holiday_or_a_pupil_of_another_class_is_refused_with_the_reason(school_db, capsys):
    url = school_db
    assert record(url, "2026-10-02", "--absent", "S001") == 1
    assert "is a holiday" in capsys.readouterr().err
    assert record(url, "2026-11-16", "--absent", "S004", user="coord") == 1
    err = capsys.readouterr().err
    assert err.startswith("schoolcare: --absent:") and "not in 三年级(1)班" in err


def test_import_previews_names_bad_rows_and_writes_with_yes(school_db, capsys, tmp_path):
    url = school_db
    source = tmp_path / "absences.csv"
    source.write_text("日期,学号,类别,备注\n2026-11-16,S001,病假,发烧，在家\n2026-11-14,S002,事假,\n"
                      "2026-11-16,S777,事假,\n2026-11-17,S003,逃学,\n", encoding="utf-8")
    args = ["import", "attendance", str(source), "--db", url, "--user", "coord", "--lang", "en"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "row 3, column 'date'" in out and "row 4, column 'student number'" in out
    assert "row 5, column 'kind'" in out and "1 new" in out
    store_db.open_database(url)
    assert Absence.select().count() == 0
    store_db.close_database()
    assert main([*args, "--yes"]) == 0
    assert "written: 1 new" in capsys.readouterr().out
    store_db.open_database(url)
    assert [(a.kind, a.note) for a in Absence.select()] == [("sick", "发烧，在家")]  # its "，" kept
