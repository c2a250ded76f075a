"""Generated bad rosters (hypothesis): the import answers with a clear refusal (a Refusal whose code has words
in the catalog) or a preview whose every row problem has words — never another exception — and a refused
or previewed file changes nothing in the database. SQLite only: this is about the reader, not the SQL."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from schoolcare.domain.errors import Refusal
from schoolcare.i18n import catalog
from schoolcare.services.registry import roster_import
from schoolcare.store import database as store_db
from schoolcare.store.models import AuditEntry, Guardian, Pupil, SchoolClass, Staff
from tests.databases import open_sqlite
from tests.factories import build_small_school

TODAY = dt.date(2026, 11, 28)
HEADER = ["学号", "姓名", "性别", "出生日期", "班级", "班主任", "父亲姓名", "父亲电话", "父亲务工地点", "母亲是否外出",
          "监护人姓名", "与学生关系", "监护人年龄", "就读状态", "是否寄宿", "入学日期"]
# SCHOOLCARE_FUZZ_EXAMPLES=500 for a longer hunt; the suite's 40 keep this file under a minute.
FUZZ = settings(max_examples=int(os.environ.get("SCHOOLCARE_FUZZ_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
TRICKY = st.sampled_from([
    "男", "女", "2015-03-05", "2015年3月5日", "20150305", "三年级(2)班", "初一(3)班", "13班", "是", "否", "外出务工",
    "广东省东莞市", "13800001111", "0851-1234567", "+86 138", "=1+1", "@x", "1" * 41, "S001", "S001", "zheng",
    "郑老师", "周协调", "吴校长", "父亲", "其他", "45岁", "-3", "0", "99999999999999999999", "1e400", "\u202e",
    "张\u200b三", "\x00", "　", "", " ", "NaN", "inf", "᧚", "①", "١٣٨٠٠٠٠١١١١", "9" * 5000, "2100-12-31", "1899-12-30", "0000-00-00", "2015-02-30",
])
CELL = st.one_of(
    st.none(), TRICKY, st.text(max_size=30), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.booleans(), st.text(min_size=300, max_size=2000),
)


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    open_sqlite(tmp_path_factory.mktemp("fuzz"))
    yield build_small_school()
    store_db.close_database()


def counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Pupil, Guardian, SchoolClass, Staff, AuditEntry))


def has_words(code: str) -> bool:
    return f"error.{code}" in catalog()


def answer(school, path, *, write: bool = False):
    """The import's answer to `path`: a preview (checked for words) or a Refusal (checked for words)."""
    before = counts()
    try:
        if write:
            preview, _result = roster_import.import_roster(school.coordinator, path, today=TODAY)
        else:
            preview = roster_import.preview_roster(school.coordinator, path, today=TODAY)
    except Refusal as refusal:  # anything else fails the test with its traceback
        assert has_words(refusal.code), refusal.code
        assert counts() == before
        return refusal
    for problem in preview.rejected:
        assert has_words(problem.code), problem.code
        assert problem.row >= 1 and problem.column
    if not write:
        assert counts() == before
    return preview


def _xlsx_value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # no .xlsx can hold these: openpyxl refuses to write them
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return str(value)
    return value


def write(path, rows, fmt):
    if fmt == "xlsx":
        wb = Workbook()
        for row in rows:
            wb.active.append([_xlsx_value(v) for v in row])
        wb.save(path)
    else:
        with open(path, "w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
            csv.writer(handle).writerows([["" if v is None else str(v) for v in row] for row in rows])


@FUZZ
@given(rows=st.lists(st.lists(CELL, max_size=len(HEADER) + 3), min_size=1, max_size=8),
       header=st.permutations(HEADER).map(lambda h: h[: len(h)]), title=st.booleans(),
       fmt=st.sampled_from(["xlsx", "csv"]))
def test_generated_cells_get_a_preview_with_worded_problems(school, tmp_path_factory, rows, header, title, fmt):
    path = tmp_path_factory.mktemp("r") / f"roster.{fmt}"
    write(path, ([["某某学校留守儿童花名册"]] if title else []) + [header, *rows], fmt)
    answer(school, path)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=4, max_size=len(HEADER)), min_size=1, max_size=6),
       fmt=st.sampled_from(["xlsx", "csv"]))
def test_an_import_of_generated_rows_writes_only_what_it_reports(school, tmp_path_factory, rows, fmt):
    path = tmp_path_factory.mktemp("r") / f"roster.{fmt}"
    write(path, [HEADER, *rows], fmt)
    before = Pupil.select().count()
    found = answer(school, path, write=True)
    if not isinstance(found, Refusal):
        assert Pupil.select().count() == before + len(found.creates)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".xlsx", ".xlsm", ".csv", ".xls", ".txt", ""]))
def test_random_bytes_are_refused_and_change_nothing(school, tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("b") / f"roster{suffix}"
    path.write_bytes(data)
    found = answer(school, path, write=True)
    assert isinstance(found, Refusal) or not found.writes_anything


def _valid_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(HEADER[:4])
    wb.active.append(["S901", "林一", "男", "2015-03-05"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


VALID = _valid_xlsx()


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(VALID)),
       flips=st.lists(st.tuples(st.integers(min_value=0, max_value=len(VALID) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_workbooks_are_refused_or_previewed(school, tmp_path_factory, cut, flips):
    data = bytearray(VALID)
    for at, byte in flips:
        data[at] = byte
    path = tmp_path_factory.mktemp("d") / "roster.xlsx"
    path.write_bytes(bytes(data[: cut or len(data)]))
    answer(school, path)


@FUZZ
@given(part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml",
                             "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"]),
       text=st.one_of(st.text(max_size=200).map(str.encode), st.sampled_from([
           b"", b"<worksheet/>", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="99999999999"><c r="ZZZZZZ1"><v>1</v></c></row></sheetData></worksheet>'])))
def test_workbooks_with_a_broken_part_are_refused_or_previewed(school, tmp_path_factory, part, text):
    source = zipfile.ZipFile(io.BytesIO(VALID))
    path = tmp_path_factory.mktemp("p") / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            out.writestr(name, text if name == part else source.read(name))
        if part not in source.namelist():
            out.writestr(part, text)
    answer(school, path)
