"""Exports open cleanly in Excel: header, widths, dates, BOM, and no formula injection."""
from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from schoolcare.services.tabular import Sheet, read_rows, write_tables

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
