"""Reading an imported .xlsx (services/tabular_read.py): calamine reads it, its cells given as openpyxl gives them;
a sheet whose cells span a grid past the limits never reaches calamine (it would lay out every cell between A1
and the last), and what calamine cannot read openpyxl reads."""
from __future__ import annotations

import datetime as dt

import pytest
import python_calamine
from openpyxl import Workbook

from schoolcare.domain.settings import ImportLimits
from schoolcare.services import tabular_read
from schoolcare.services.tabular_read import read_rows
from tests.services.sheet_files import xlsx_with_sheet
from tests.services.test_import_limits import read_in_bounded_child


@pytest.fixture
def roster(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["石桥乡中心小学 留守儿童花名册"])
    sheet.merge_cells("A1:F1")
    sheet.append(["学号", "姓名", "出生日期", "电话", "在校", "到校时间"])
    sheet.append([20260001, "王小明", dt.date(2016, 3, 5), 13812345678, True, dt.time(7, 50)])
    sheet.append(["S2", " 李 华 ", "2016年4月1日", None, False, None])
    sheet.append([None, None, None, None, None, None])
    sheet.append([3.5, "=1+1", dt.datetime(2016, 5, 6, 8, 30), "0851-1234567", None, None])
    sheet["H6"].number_format = "0.00"  # a styled blank past the data is no column
    path = tmp_path / "roster.xlsx"
    book.save(path)
    return path


EXPECTED = [
    ["石桥乡中心小学 留守儿童花名册", None, None, None, None, None],
    ["学号", "姓名", "出生日期", "电话", "在校", "到校时间"],
    [20260001, "王小明", dt.date(2016, 3, 5), 13812345678, True, dt.time(7, 50)],
    ["S2", " 李 华 ", "2016年4月1日", None, False, None],
    [None, None, None, None, None, None],
    [3.5, None, dt.datetime(2016, 5, 6, 8, 30), "0851-1234567", None, None],
]


def as_dates(rows):
    # openpyxl gives a date-formatted cell as a midnight datetime, calamine as the date it shows
    return [[c.date() if isinstance(c, dt.datetime) and c.time() == dt.time() else c for c in row] for row in rows]


def test_calamine_reads_the_cells_as_they_are_and_as_openpyxl_would(roster, monkeypatch):
    read = read_rows(roster, ImportLimits())
    assert read == EXPECTED
    assert type(read[2][0]) is int and type(read[2][3]) is int  # a student number, a phone: no 20260001.0
    monkeypatch.setattr(tabular_read, "_calamine_rows", lambda path, limits: None)
    assert as_dates(read_rows(roster, ImportLimits())) == EXPECTED  # openpyxl's reading of the same file


class Panic(BaseException):
    """What pyo3 raises for a panic in Rust code: a BaseException, which `except Exception` lets through."""


@pytest.mark.parametrize("failure", [python_calamine.CalamineError("unsupported"), Panic("index out of bounds")])
def test_what_calamine_cannot_read_openpyxl_reads(roster, monkeypatch, failure):
    def cannot(path):
        raise failure

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", cannot)
    assert as_dates(read_rows(roster, ImportLimits())) == EXPECTED


FAR_CELL = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']


def test_a_cell_at_the_far_corner_never_reaches_calamine(tmp_path, monkeypatch):
    path = xlsx_with_sheet(tmp_path / "far.xlsx", iter(FAR_CELL), dimension="A1:B2")  # a dimension that lies
    assert tabular_read._check_archive(path, ImportLimits()) == (1048576, 16384)

    def not_here(path):
        raise AssertionError("calamine would lay out 17 billion cells")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", not_here)
    with pytest.raises(tabular_read.ValidationError) as refused:
        read_rows(path, ImportLimits())
    assert refused.value.code in ("registry.too_many_rows", "registry.too_many_columns")


def test_the_far_corner_is_refused_in_bounded_memory(tmp_path):
    path = xlsx_with_sheet(tmp_path / "far.xlsx", iter(FAR_CELL), dimension="A1:B2")
    assert read_in_bounded_child(path) in ("registry.too_many_rows", "registry.too_many_columns")


def test_cells_without_their_address_are_read_by_openpyxl(tmp_path):
    rows = [b'<row r="1"><c t="inlineStr"><is><t>\xe5\xad\xa6\xe5\x8f\xb7</t></is></c></row>',
            b'<row r="2"><c t="inlineStr"><is><t>S1</t></is></c></row>']
    path = xlsx_with_sheet(tmp_path / "bare.xlsx", iter(rows))
    assert tabular_read._check_archive(path, ImportLimits()) is None
    assert read_rows(path, ImportLimits()) == [["学号"], ["S1"]]
