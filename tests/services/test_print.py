"""Every exported ledger and report prints as a county office expects: a title block (ledger, unit, period, date
made), landscape pages fitted to the columns' width with the header repeated, borders, and a signature block;
checked in the workbook itself, and on paper through LibreOffice (PDF, read back with poppler)."""
from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from schoolcare.services.centre import export as centre_export
from schoolcare.services.centre import rooms as centre
from schoolcare.services.print_layout import PAPER_A3, PAPER_A4, TITLE_ROWS, PrintHeading, paper_for, text_lines
from schoolcare.services.protection import incident_export
from schoolcare.services.registry import ledgers
from schoolcare.services.reports import quarterly, term_sheets
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tabular_read import read_rows
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil
from tests.databases import open_sqlite
from tests.factories import add_pupil
from tests.services.sheet_files import table

TODAY = dt.date(2026, 11, 28)
MORE_PUPILS = 110  # beside the small school's six: the master ledger runs past its first page
SIGNATURES = {"zh-CN": ["填表人：", "审核人：", "负责人：", "单位（盖章）："],
              "en": ["Prepared by:", "Checked by:", "Head of unit:", "Unit seal:"]}
TITLES = {"ledger": "留守儿童和困境儿童关爱台账", "class": "留守儿童和困境儿童关爱台账",
          "teacher": "留守儿童和困境儿童关爱台账", "term-report": "留守儿童关爱工作学期报告",
          "quarterly": "农村留守儿童信息季度更新台账", "readiness": "留守儿童关爱服务中心达标台账",
          "hazards": "关爱服务中心安全隐患整改台账", "incidents": "侵害未成年人事件及强制报告台账"}


@pytest.fixture
def db_url(tmp_path):
    """SQLite only: how a workbook prints does not depend on the database behind it."""
    url = open_sqlite(tmp_path)
    yield url
    store_db.close_database()


@pytest.fixture
def county_school(school, settings, monkeypatch):
    """The small school with a hundred more left-behind pupils (with addresses) and a care-centre room."""
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    with store_db.db.atomic():
        for n in range(MORE_PUPILS):
            pid = add_pupil(school.school_id, school.class_ids[n % 2], f"T{n:03d}", f"测试{n:03d}")
            Pupil.update(address=f"云溪县青山镇{'长岭' if n % 3 else '杨家坪'}村{n % 9 + 1}组").where(
                Pupil.id == pid).execute()
    centre.add_room(school.coordinator, settings, "counselling", "心理咨询室", 20)
    return school


def export_all(school, settings, folder: Path, lang: str = "zh-CN") -> dict[str, Path]:
    """Every workbook `schoolcare export` writes for a school (ledger with its class and teacher forms)."""
    folder.mkdir(exist_ok=True)
    c, term = school.coordinator, settings.calendar.current_or_last(TODAY)
    file = lambda kind: folder / f"{kind}-{lang}.xlsx"  # noqa: E731  (one PDF folder holds both languages)
    return {
        "ledger": ledgers.export_ledger(c, file("ledger"), "xlsx", lang, term, today=TODAY)[0],
        "class": ledgers.export_ledger(c, file("class"), "xlsx", lang, term, class_id=school.class_ids[0],
                                       today=TODAY)[0],
        "teacher": ledgers.export_ledger(c, file("teacher"), "xlsx", lang, term,
                                         teacher_id=school.teacher.staff_id, today=TODAY)[0],
        "term-report": term_sheets.export(c, settings, file("term-report"), "xlsx", lang=lang, today=TODAY)[1][0],
        "quarterly": quarterly.export(c, file("quarterly"), "xlsx", "2026Q4", lang=lang, today=TODAY)[1][0],
        "readiness": centre_export.export_readiness(c, settings, file("readiness"), "xlsx", lang)[0],
        "hazards": centre_export.export_hazards(c, settings, file("hazards"), "xlsx", lang)[0],
        "incidents": incident_export.export_incidents(c, settings, file("incidents"), "xlsx", lang)[0],
    }


def bounds(ws) -> tuple[int, int, int]:
    """The table's header row, last row and last column (the auto-filter spans exactly the table)."""
    _, top, last_col, last = range_boundaries(ws.auto_filter.ref)
    return top, last, last_col


def test_every_sheet_has_its_title_block_print_set_up_borders_and_signatures(county_school, settings, tmp_path):
    for kind, path in export_all(county_school, settings, tmp_path / "zh").items():
        for ws in load_workbook(path).worksheets:
            where = f"{kind} / {ws.title}"
            top, last, last_col = bounds(ws)
            assert top == TITLE_ROWS + 1, where
            assert ws["A1"].value.startswith(TITLES[kind]) and ws["A1"].font.bold, where
            line = " ".join(str(c.value) for c in ws[2] if c.value)
            assert "填报单位：青石镇中心小学" in line and "制表日期：2026-11-28" in line, where
            assert re.search(r"(学期|季度|截至)：\S", line), where
            setup = ws.page_setup
            assert setup.orientation == "landscape" and setup.paperSize in (PAPER_A4, PAPER_A3), where
            assert setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert setup.fitToHeight >= ws.max_row, where  # as many pages tall as it takes, in Excel and LibreOffice
            assert ws.print_title_rows.replace("$", "") == f"{top}:{top}", where
            assert ws.freeze_panes == f"A{top + 1}", where
            assert all(cell.border.left.style and cell.border.bottom.style
                       for row in ws.iter_rows(min_row=top, max_row=last, max_col=last_col) for cell in row), where
            below = [c.value for row in ws.iter_rows(min_row=last + 1) for c in row if c.value]
            assert below == SIGNATURES["zh-CN"], where


def test_paper_follows_the_width_of_the_table(county_school, settings, tmp_path):
    book = load_workbook(export_all(county_school, settings, tmp_path / "zh")["ledger"])
    master, by_class = book["留守儿童总账"], book["分班汇总"]
    assert master.max_column >= 26 and master.page_setup.paperSize == PAPER_A3  # 26 columns: A3
    assert by_class.page_setup.paperSize == PAPER_A4
    assert paper_for([10] * 8) == PAPER_A4 and paper_for([12] * 26) == PAPER_A3


def test_long_texts_wrap_in_rows_tall_enough_and_a_narrow_table_widens_for_its_title(tmp_path):
    note = "祖母 秦秀玉 19500003715 监护能力较弱"  # the number moves whole onto the next line: three lines
    assert text_lines(note, 21) == 3 and text_lines("云溪县青山镇长岭村五组", 21) == 1
    heading = PrintHeading("农村留守儿童信息季度更新台账", "青石镇中心小学", "季度：2026年第4季度", TODAY)
    wide = Sheet("台账", ["父亲", "母亲", "其他监护人", "备注"], [[note] * 4, ["张父", "母亲", "祖母", ""]])
    narrow = Sheet("汇总", ["项目", "值"], [["总数", 3]])
    book = load_workbook(write_tables(tmp_path / "t.xlsx", "xlsx", [wide, narrow], heading=heading)[0])
    ws = book["台账"]
    top, _, _ = bounds(ws)
    assert ws.cell(top + 1, 3).alignment.wrap_text and not ws.cell(top + 2, 3).alignment.wrap_text
    assert ws.row_dimensions[top + 1].height >= 14.5 * text_lines(note, ws.column_dimensions["C"].width) > 14.5
    assert ws.row_dimensions[top + 2].height is None
    # Two short columns would cut off "农村留守儿童信息季度更新台账（汇总）" at 16 pt: widened to hold it.
    ws = book["汇总"]
    assert ws.column_dimensions["A"].width + ws.column_dimensions["B"].width >= 1.6 * 2 * len(ws["A1"].value)


def test_a_county_sized_ledger_is_sized_by_every_row_and_never_squeezed_in_height(tmp_path):
    heading = PrintHeading("留守儿童总账", "云溪县教育局", "学期：2026-autumn", TODAY)
    rows = [[n, "青山镇中心小学", "张三"] for n in range(1, 20_001)]
    rows[-1][1] = "竹溪乡杨家坪村小学（教学点）"  # the longest school name comes last, as in a county's last school
    book = load_workbook(write_tables(tmp_path / "county.xlsx", "xlsx", [Sheet("总账", ["序号", "学校", "姓名"], rows)],
                                      heading=heading)[0])
    ws = book["总账"]
    assert ws.column_dimensions["A"].width >= len("20000") + 1  # not "###" from row 10,000 on
    assert ws.column_dimensions["B"].width >= 2 * len("竹溪乡杨家坪村小学（教学点）")
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight >= ws.max_row


def test_an_english_export_prints_english_words_and_csv_stays_plain(county_school, settings, tmp_path):
    c, term = county_school.coordinator, settings.calendar.current_or_last(TODAY)
    [path] = ledgers.export_ledger(c, tmp_path / "ledger.xlsx", "xlsx", "en", term, today=TODAY)
    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == "Care ledger of left-behind and in-difficulty pupils: Master ledger"
    line = " ".join(str(c.value) for c in ws[2] if c.value)
    assert "Unit: 青石镇中心小学" in line and "Term: " in line and "Made on: 2026-11-28" in line
    _, last, _ = bounds(ws)
    assert [c.value for row in ws.iter_rows(min_row=last + 1) for c in row if c.value] == SIGNATURES["en"]
    csv = ledgers.export_ledger(c, tmp_path / "ledger.csv", "csv", "zh-CN", term, today=TODAY)[0]
    assert read_rows(csv)[0][:2] == ["序号", "学号"]  # CSV is for machines: the header, then the rows


# ---------------------------------------------------------------- on paper, through LibreOffice

def squeezed(value: object) -> str:
    return re.sub(r"\s+", "", str(value))


def to_pdf(files: list[Path], folder: Path) -> None:
    """All the workbooks in one LibreOffice start (each costs seconds), with a profile of its own so that
    parallel runs do not share one."""
    folder.mkdir()
    profile = (folder.parent / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=300)


def pages_of(pdf: Path) -> list[str]:
    """Each page's text in the order it was drawn, whitespace removed: a heading wrapped onto two lines of
    its cell reads whole again."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [squeezed(page) for page in out.split("\f")[:-1]]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)")
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed (Debian: apt-get install poppler-utils)")
def test_each_workbook_prints_every_column_on_its_first_page_and_repeats_the_header(county_school, settings,
                                                                                    tmp_path):
    files = export_all(county_school, settings, tmp_path / "zh")
    files["ledger-en"] = export_all(county_school, settings, tmp_path / "en", "en")["ledger"]
    to_pdf(list(files.values()), tmp_path / "pdf")
    for kind, path in files.items():
        pages = pages_of(tmp_path / "pdf" / f"{path.stem}.pdf")
        book = load_workbook(path)
        # Every column on one page's width, so a page holds 20 rows or more (rows wrap onto two lines).
        assert len(pages) <= sum(math.ceil(ws.max_row / 20) for ws in book.worksheets), kind
        starts = [next(n for n, page in enumerate(pages) if squeezed(ws["A1"].value) in page)
                  for ws in book.worksheets]
        assert starts == sorted(starts) and starts[0] == 0, kind
        signatures = [squeezed(word) for word in SIGNATURES["en" if kind.endswith("-en") else "zh-CN"]]
        for ws, first, end in zip(book.worksheets, starts, [*starts[1:], len(pages)], strict=True):
            missing = [h for h in table(ws)[0] if squeezed(h) not in pages[first]]
            assert not missing, f"{kind} / {ws.title}: page {first + 1} lacks {missing}"
            assert all(word in pages[end - 1] for word in signatures), f"{kind} / {ws.title}: no signatures"
        if kind in ("ledger", "ledger-en"):
            master = table(book.worksheets[0])
            summary_title = squeezed(book.worksheets[1]["A1"].value)
            assert summary_title not in pages[1], f"{kind}: the master ledger fills more than one page"
            missing = [h for h in master[0] if squeezed(h) not in pages[1]]
            assert not missing, f"{kind}: page 2 does not repeat {missing}"
            assert str(master[-1][1]) in "".join(pages[1:]) and len(pages) >= 3
