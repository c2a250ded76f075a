"""`schoolcare transfer in`: a preview of who the number finds, a move only when confirmed, one-line refusals."""
from __future__ import annotations

import pytest

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil, Transfer
from tests.databases import open_sqlite
from tests.factories import PASSWORD, build_small_school

NID = "G43052420150305123X"


@pytest.fixture
def county_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    old = build_small_school()
    build_small_school("白云镇中心小学", prefix="b")
    Pupil.update(national_id=NID).where(Pupil.id == old.pupil_ids[0]).execute()
    store_db.close_database()
    yield url
    store_db.close_database()


def moved(url: str) -> list[tuple[str, str, str]]:
    store_db.open_database(url)
    try:
        return [(p.name, p.status, str(p.enrolled_on)) for p in
                Pupil.select().where(Pupil.national_id == NID).order_by(Pupil.id)] if Transfer.select().exists() else []
    finally:
        store_db.close_database()


def test_the_preview_names_the_pupil_and_nothing_moves_without_yes(county_db, capsys):
    argv = ["transfer", "in", "--national-id", NID.lower(), "--class", "三年级(1)班", "--db", county_db,
            "--user", "bcoord"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "张小三  女  出生 2015-05-01  青石镇中心小学  三年级(1)班" in captured.out
    assert "--yes" in captured.err
    assert moved(county_db) == []


def test_yes_moves_the_pupil_on_the_date_given(county_db, capsys):
    argv = ["transfer", "in", "--national-id", NID, "--class", "三年级(1)班", "--date", "2026-11-16", "--yes",
            "--db", county_db, "--user", "bcoord", "--lang", "en"]
    assert main(argv) == 0
    assert "Transferred in: 张小三 from 青石镇中心小学" in capsys.readouterr().out
    assert moved(county_db) == [("张小三", "transferred", "2021-09-01"), ("张小三", "enrolled", "2026-11-16")]


@pytest.mark.parametrize("argv, words", [
    (["--national-id", "L110101201505010001", "--user", "bcoord"], "no pupil of another school holds"),
    (["--national-id", "G43052420150305123", "--user", "bcoord"], "National student number: a national student"),
    (["--national-id", NID, "--user", "bzheng"], "only the receiving school's coordinator"),
    (["--national-id", NID, "--user", "coord"], "is already enrolled here"),
    (["--national-id", NID, "--class", "九年级(9)班", "--user", "bcoord"], "Class:"),
])
def test_refusals_are_one_line(county_db, capsys, argv, words):
    assert main(["transfer", "in", *argv, "--yes", "--db", county_db, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert moved(county_db) == []
