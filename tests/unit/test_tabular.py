"""Exports open cleanly in Excel: header, widths, dates, BOM, and no formula injection."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from schoolcare.services.tabular import Sheet, csv_cell, neutralise, write_csv, write_tables
from schoolcare.services.tabular_read import read_rows

ROWS = [["张小三", dt.date(2015, 3, 5), "=HYPERLINK(\"http://x\")", 3], ["李思思", None, "+86 1380", 0]]
SHEET = Sheet("总账", ["姓名", "出生日期", "备注", "次数"], ROWS)


def test_xlsx_has_frozen_bold_header_dates_and_neutralised_formulas(tmp_path):
    target = tmp_path / "ledger.xlsx"
    assert write_tables(target, "xlsx", [SHEET]) == [target]
    ws = load_workbook(target)["总账"]
    assert [c.value for c in ws[1]] == SHEET.headers
    assert ws[1][0].font.bold and ws.freeze_panes == "A2"
    assert ws["B2"].value == dt.datetime(2015, 3, 5)
    assert ws["C2"].value == "'=HYPERLINK(\"http://x\")"
    assert ws["C3"].value == "'+86 1380"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["D"].width


def test_csv_has_bom_and_one_file_per_sheet(tmp_path):
    one = write_tables(tmp_path / "a.csv", "csv", [SHEET])
    assert one[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_rows(one[0])[1] == ["张小三", "2015-03-05", "'=HYPERLINK(\"http://x\")", "3"]
    many = write_tables(tmp_path / "report.csv", "csv", [SHEET, Sheet("班级", ["班级"], [["一(1)班"]])])
    assert [p.name for p in many] == ["report-总账.csv", "report-班级.csv"]


def test_read_rows_accepts_gbk_csv_from_old_excel(tmp_path):
    target = tmp_path / "roster.csv"
    target.write_bytes("学号,姓名\nS1,王小明\n".encode("gbk"))
    assert read_rows(target) == [["学号", "姓名"], ["S1", "王小明"]]


# -- every cell safe and exact (issue 14, D3 and D6) --------------------------------------------------

TRICKY = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1+1", "00123", "1/14", "3-4",
          "123456789012345678", "2026年9月1日", "12:30", "TRUE", "张\x00三", "\u202eabc", "-0.6", "三年级(2)班"]


@pytest.mark.parametrize("value", [-0.6, -3, 0, 2.5, 10**12, dt.date(2026, 9, 1), True, None])
def test_numbers_dates_and_booleans_are_never_touched(value):
    assert neutralise(value) is value


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "- note"])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text


def test_xlsx_round_trip_keeps_numbers_numbers_and_text_text(tmp_path):
    target = tmp_path / "safe.xlsx"
    rows = [[v, -0.6, 7] for v in TRICKY]
    write_tables(target, "xlsx", [Sheet("总账", ["值", "变化", "n"], rows)])
    ws = load_workbook(target)["总账"]
    for number, text in enumerate(TRICKY, start=2):
        value, change, n = ws.cell(number, 1), ws.cell(number, 2), ws.cell(number, 3)
        assert value.data_type == "s", text  # never a formula, never a number or a date
        assert (change.value, change.data_type, n.value) == (-0.6, "n", 7)
    column = [ws.cell(n, 1).value for n in range(2, len(TRICKY) + 2)]
    assert column[:6] == ["'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'＝1+1"]
    assert column[6:12] == ["00123", "1/14", "3-4", "123456789012345678", "2026年9月1日", "12:30"]
    assert column[13:15] == ["张\ufffd三", "\ufffdabc"]  # stored before the checks: shown, not a crash


def test_xlsx_export_of_illegal_characters_does_not_stop(tmp_path):
    # openpyxl raises IllegalCharacterError on these; rows stored before the input checks may hold them.
    target = tmp_path / "old.xlsx"
    bad = "".join(chr(c) for c in range(32)) + "\ud800\ufffe"
    write_tables(target, "xlsx", [Sheet("表\x01", ["名\x02"], [[bad]])])
    ws = load_workbook(target).worksheets[0]
    assert "\t" in ws["A2"].value and "\x00" not in ws["A2"].value


def test_csv_keeps_misreadable_text_as_text_and_numbers_as_numbers(tmp_path):
    target = tmp_path / "safe.csv"
    write_tables(target, "csv", [Sheet("s", ["值", "变化"], [[v, -0.6] for v in TRICKY])])
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    got = {text: row for text, row in zip(TRICKY, rows[1:], strict=True)}
    assert all(row[1] == "-0.6" for row in rows[1:])  # a number, no apostrophe
    assert got["=cmd|' /C calc'!A0"][0] == "'=cmd|' /C calc'!A0"
    for text in ("00123", "1/14", "3-4", "123456789012345678", "12:30", "TRUE", "2026年9月1日"):
        # a trailing tab: no spreadsheet reads "00123\t" as a number or "1/14\t" as a date
        assert got[text][0] == text + "\t"
    assert got["三年级(2)班"][0] == "三年级(2)班"  # plain text is left exactly as it is
    assert got["张\x00三"][0] == "张\ufffd三"


def test_write_csv_to_a_stream_neutralises_headers_and_rows():
    out = io.StringIO()
    write_csv(out, ["=bad", "n"], [["@x", -1.5], ["0012", 3]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=bad", "n"], ["'@x", "-1.5"], ["0012\t", "3"]]
    assert csv_cell(2.0) == "2.0" and csv_cell(None) == "" and csv_cell(dt.date(2026, 9, 1)) == "2026-09-01"


def test_every_unreadable_file_is_a_refusal_naming_it(tmp_path):
    from schoolcare.services.errors import ValidationError

    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "junk.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "latin.csv").write_bytes(b"\xff\xfe\x00\xd8 bad")
    (tmp_path / "notes.txt").write_text("x")
    cases = {"missing.csv": "registry.no_such_file", "folder.csv": "registry.file_unreadable",
             "junk.xlsx": "registry.xlsx_broken", "latin.csv": "registry.file_encoding",
             "notes.txt": "registry.file_type"}
    for name, code in cases.items():
        with pytest.raises(ValidationError) as caught:
            read_rows(tmp_path / name)
        assert (caught.value.code, caught.value.params["file"]) == (code, name)


def test_a_csv_written_here_reads_back_exactly(tmp_path):
    target = tmp_path / "back.csv"
    write_tables(target, "csv", [Sheet("s", ["学号", "n"], [["00123", 5], ["1/14", -0.6]])])
    assert read_rows(target) == [["学号", "n"], ["00123", "5"], ["1/14", "-0.6"]]


def _rezip(source, target, change=lambda name, data: data, stored=False):
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def _damaged_files(tmp_path):
    """One file of each kind of damage people meet, and the code each must be refused with."""
    import re

    good = tmp_path / "good.xlsx"
    write_tables(good, "xlsx", [Sheet("s", ["学号", "姓名"], [["001", "张三"]])])
    sheet = "xl/worksheets/sheet1.xml"
    _rezip(good, tmp_path / "no_sheet.xlsx",
           lambda name, data: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data) if name == "xl/workbook.xml" else data)
    _rezip(good, tmp_path / "bad_xml.xlsx", lambda name, data: data[: len(data) // 2] if name == sheet else data)
    _rezip(good, tmp_path / "stored.xlsx", stored=True)
    data = bytearray((tmp_path / "stored.xlsx").read_bytes())
    at = data.index(b"<sheetData")
    data[at + 1:at + 2] = b"S"  # one byte changed inside a stored part: it reads, and fails its CRC-32
    (tmp_path / "bad_crc.xlsx").write_bytes(bytes(data))
    (tmp_path / "cut_short.xlsx").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (tmp_path / "huge_cell.csv").write_text("学号,姓名\n001," + "x" * 200_000 + "\n", encoding="utf-8")
    return {"no_sheet.xlsx": "registry.sheet_unreadable", "bad_xml.xlsx": "registry.sheet_unreadable",
            "bad_crc.xlsx": "registry.xlsx_crc", "cut_short.xlsx": "registry.xlsx_broken",
            "huge_cell.csv": "registry.csv_cell_too_long"}


@pytest.mark.filterwarnings("ignore:Defined names")  # openpyxl on the workbook whose sheet was taken out
def test_each_kind_of_damaged_file_is_its_own_coded_reason_without_the_library_words(tmp_path):
    from schoolcare.i18n import reason
    from schoolcare.services.errors import ValidationError

    for name, code in _damaged_files(tmp_path).items():
        with pytest.raises(ValidationError) as caught:
            read_rows(tmp_path / name)
        refusal = caught.value
        assert (refusal.code, refusal.params["file"]) == (code, name)
        assert refusal.params["detail"]  # the library's words are kept, for a log
        for lang in ("zh-CN", "en"):
            said = reason(refusal.code, refusal.params, lang)
            assert name in said and refusal.params["detail"] not in said
            for words in ("field limit", "list index", "CRC-32", "zip file", "token"):
                assert words not in said
    assert "131072" in reason("registry.csv_cell_too_long", {"file": "f", "limit": 131072}, "zh-CN")


def test_a_failure_of_no_known_kind_keeps_its_detail():
    from pathlib import Path

    from schoolcare.services.tabular_read import unreadable

    refusal = unreadable(Path("x.xlsx"), ValueError("odd  \n thing " + "y" * 500))
    assert refusal.code == "registry.not_a_spreadsheet"
    assert refusal.params["detail"].startswith("odd thing y") and len(refusal.params["detail"]) <= 201
