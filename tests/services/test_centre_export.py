"""The care centre on the command line: `export readiness|hazards` hold the screen's figures and are audited; `config check` names a bad centre template by file, line and key."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from schoolcare.cli import main
from schoolcare.config import load_settings
from schoolcare.domain import readiness as rd
from schoolcare.services.centre import inspections
from schoolcare.services.centre import rooms as centre
from schoolcare.services.tabular_read import read_rows
from schoolcare.store import database as store_db
from schoolcare.store.models import AuditEntry
from tests.factories import PASSWORD
from tests.services.sheet_files import table

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def centre_with_broken_printer(school, monkeypatch):
    """A counselling room (all held) inspected with its printer broken: one open hazard."""
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    settings = load_settings()
    coordinator = school.coordinator
    room = centre.add_room(coordinator, settings, "counselling", "心理咨询室", 20)
    for line in centre.inventory(coordinator, settings, room):
        centre.set_held(coordinator, settings, room, line.item, line.need)
    inspection = inspections.start_inspection(coordinator, settings, rd.ROOM, room)
    for line in inspections.sheet(coordinator, settings, inspection).lines:
        state = rd.BROKEN if line.key == "printer" else rd.OK
        inspections.set_item(coordinator, inspection, line.key, state=state, note="卡纸" if state == rd.BROKEN else "")
    inspections.sign_off(coordinator, settings, inspection)
    return settings


def test_readiness_workbook_holds_the_screens_figures(school, db_url, centre_with_broken_printer, tmp_path, capsys):
    settings = centre_with_broken_printer
    expected = centre.readiness(school.principal, settings)
    target = tmp_path / "readiness.xlsx"
    assert main(["export", "readiness", "--format", "xlsx", "-o", str(target), "--db", db_url, "--user", "head"]) == 0
    assert str(target) in capsys.readouterr().out
    book = load_workbook(target)
    assert book.sheetnames == ["中心达标情况", "功能室", "缺项明细"]
    summary = {row[0]: row[1] for row in table(book["中心达标情况"])[1:]}
    assert summary["中心达标率（%）"] == round(expected.percent, 1)
    assert summary["面积达标"] == "否" and summary["未整改隐患"] == 1
    rooms = table(book["功能室"])[1:]
    assert rooms[0][0] == "心理咨询室" and rooms[0][5] == round(100 * 12 / 13, 1)
    assert [r[0] for r in rooms[1:]] == ["亲情接待室", "保健室", "室内活动室"]  # required, not set up: 0%
    [shortfall] = table(book["缺项明细"])[1:]
    assert shortfall[:3] == ("心理咨询室", "打印机", "损坏") and shortfall[5] == "卡纸"
    store_db.open_database(db_url)
    [entry] = AuditEntry.select().where(AuditEntry.action == "export")
    assert (entry.entity, entry.actor_id) == ("readiness", school.principal.staff_id)


def test_hazard_ledger_csv_in_english(school, db_url, centre_with_broken_printer, tmp_path):
    target = tmp_path / "hazards.csv"
    assert main(["export", "hazards", "--format", "csv", "-o", str(target), "--lang", "en",
                 "--db", db_url, "--user", "coord"]) == 0
    header, row = read_rows(target)
    assert header[:4] == ["No.", "Found on", "Where", "Item"]
    record = dict(zip(header, row, strict=True))
    assert (record["Where"], record["Item"], record["Severity"], record["Status"]) == (
        "心理咨询室", "Printer", "low", "open")
    assert record["Deadline"] == (TODAY + dt.timedelta(days=30)).isoformat()


def test_unknown_term_is_one_line_and_exit_2(school, db_url, centre_with_broken_printer, tmp_path, capsys):
    code = main(["export", "hazards", "--term", "2031-spring", "-o", str(tmp_path / "h.xlsx"),
                 "--db", db_url, "--user", "coord"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "2031-spring" in err and "2026-autumn" in err


def test_hazards_found_in_another_term_are_left_out(school, db_url, centre_with_broken_printer, tmp_path):
    target = tmp_path / "spring.csv"
    assert main(["export", "hazards", "--term", "2026-spring", "--format", "csv", "-o", str(target),
                 "--db", db_url, "--user", "coord"]) == 0
    assert len(read_rows(target)) == 1  # the header only



def test_config_check_names_file_line_and_key_of_a_bad_centre_template(tmp_path, capsys):
    import shutil

    from schoolcare.config import default_config_dir

    broken = tmp_path / "config"
    shutil.copytree(default_config_dir(), broken)
    centre_yaml = broken / "centre.yaml"
    text = centre_yaml.read_text(encoding="utf-8")
    text = text.replace("required_rooms: [counselling,", "required_rooms: [counseling,")
    text = text.replace("{id: printer, name: {zh: 打印机, en: Printer}, count: 1}",
                        "{id: printer, name: {zh: 打印机, en: Printer}, count: -1}")
    centre_yaml.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    kind_line = next(n for n, line in enumerate(lines, 1) if line.startswith("required_rooms:"))
    count_line = next(n for n, line in enumerate(lines, 1) if "id: printer" in line)
    assert main(["config", "check", str(broken), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"centre.yaml:{kind_line}: required_rooms[0]: unknown room kind 'counseling'")
    assert out[1] == f"centre.yaml:{count_line}: room_kinds[0].equipment[4].count: equipment count must be 1 or more, got -1"
    assert main(["config", "check", str(broken)]) == 1  # zh-CN, the default
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"centre.yaml:{kind_line}: required_rooms[0]: 没有这种功能室类型：“counseling”（是不是“counselling”？")
    assert out[1] == f"centre.yaml:{count_line}: room_kinds[0].equipment[4].count: 设备数量至少为 1，实为 -1"
