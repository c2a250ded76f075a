"""Exported workbooks laid out for print as a county office expects: title block, page set-up, signature block.

A ledger is printed, signed and stamped before it goes to the education bureau or civil affairs, so every
sheet of an exported ledger or report carries (words in the file's language, i18n/files_print.py):

    row 1   the ledger's name (merged across the table, large, bold)
    row 2   填报单位：<school or county>   学期：<term> / 季度：<quarter> / 截至：<day>   制表日期：<day>
    row 3   the table's header (bold, shaded; repeated on every printed page; the screen freezes below it)
    …       the table, every cell bordered (the auto-filter spans exactly header + rows: tests and tools
            find the table through it)
    +2      填表人：   审核人：   负责人：   单位（盖章）：

and a page set-up fitted to its columns: landscape; A4, or A3 where A4 would shrink the columns past reading
(`paper_for`, decided from the total column width); fit to one page wide, as many pages tall as it takes
(fitToWidth=1, as many pages tall as it takes); centred; page "n of N" in the footer, and the ledger's name and unit in the
header of every page after the first (a loose page still says whose it is).

The API, for any workbook writer (the county ledgers included):

- most writers build `tabular.Sheet`s and pass a heading to `write_tables`:

      from schoolcare.services.print_layout import PrintHeading, term_period
      heading = PrintHeading(title=text(lang, "print.title.ledger"), unit=school_name(actor),
                             period=term_period(lang, term), made_on=clock.today(), lang=lang)
      write_tables(path, fmt, sheets, heading=heading)

  CSV ignores the heading (CSV is for machines: a header line, then rows). Each sheet's printed title is
  the heading's title with the sheet's name (`sheet_title`: 标题（分班汇总）), unless the title ends with it.
- a writer that builds an openpyxl worksheet itself calls `put_title_block(ws, heading, title, columns)` on
  the empty sheet (it fills rows 1..TITLE_ROWS), appends its header and rows, sets its column widths, then
  `lay_out_for_print(ws, heading, header_row=TITLE_ROWS + 1, columns=…)`.
- periods read as the county expects through `term_period`, `quarter_period`, `as_of_period`, `span_period`;
  the unit is whoever signs and stamps: a school's name, or the county office's.

Every exported workbook (laid out or not) is in Arial 10 (FONT), its columns sized by `column_widths` with
long texts wrapped (`wrap_rows`). tests/services/sheet_files.py `table(ws)` reads a sheet's table back;
tests/services/test_print.py prints each export through LibreOffice.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from schoolcare.i18n import text
from schoolcare.services.tabular import display_width

TITLE_ROWS = 2
# Every exported workbook's font: column widths are counted in its digit's width (7 px for Arial 10, as for
# Calibri 11), and Arial has metric twins everywhere (Liberation Sans), so a sheet prints the same width in
# Excel, WPS and LibreOffice. Chinese text falls back to the system's CJK font.
FONT, FONT_SIZE = "Arial", 10
# Printable width of a landscape page at 96 px per inch, inside the 0.4 in margins below: A4 297 mm, A3 420 mm.
A4_PIXELS = 1046
A3_PIXELS = 1511
# Fitted to the page width, a table printed smaller than this is hard to read (10 pt → 7 pt): A3 then.
MIN_SCALE = 0.7
PAPER_A4, PAPER_A3 = 9, 8  # the OOXML paper size codes
SIGNATURES = ("print.sign.filled_by", "print.sign.checked_by", "print.sign.head", "print.sign.seal")
SIGNATURE_SLOT = 26  # width units for one signature: its words and room to sign and stamp
# Text longer than this wraps within its column, so that a ledger's columns fit a printed page's width.
WRAP_WIDTH = 20
LINE_HEIGHT, ROW_PADDING = 15, 3  # points a line of 10 pt text takes, Chinese included (Noto Sans CJK: 14.5)
# What wraps as one piece: a run of spaces, a run of Latin letters, digits and punctuation, or one character.
WRAP_TOKENS = re.compile(r"\s+|[!-~\u00a0-\u024f]+|.")


@dataclass(frozen=True)
class PrintHeading:
    """What the title block says: the ledger's name, who made it, for which period, on which day."""

    title: str  # the ledger's name: 留守儿童和困境儿童关爱台账
    unit: str  # the school, or the county (education bureau, civil-affairs office)
    period: str  # as it should read, with its word: term_period(lang, term) → 学期：2026年秋季学期
    made_on: dt.date  # 制表日期
    lang: str = "zh-CN"


def term_period(lang: str, term) -> str:
    """学期：2026年秋季学期 (a settings Term)."""
    return text(lang, "print.period.term", term=term.name.get(lang))


def quarter_period(lang: str, year: int, number: int) -> str:
    """季度：2026年第4季度."""
    return text(lang, "print.period.quarter", year=year, number=number)


def as_of_period(lang: str, day: dt.date) -> str:
    """截至：2026-12-01 (a ledger of the state on a day, not of a period)."""
    return text(lang, "print.period.as_of", day=day.isoformat())


def span_period(lang: str, start: dt.date, end: dt.date) -> str:
    """期间：2026-09-01 至 2027-01-20."""
    return text(lang, "print.period.span", start=start.isoformat(), end=end.isoformat())


def sheet_title(heading: PrintHeading, name: str) -> str:
    """The printed title of one sheet: the ledger's name with the sheet's (unless the name ends with it:
    安全隐患整改台账 for a sheet 隐患整改台账)."""
    if not name or heading.title.casefold().endswith(name.casefold()):
        return heading.title
    return text(heading.lang, "print.title_with_sheet", title=heading.title, sheet=name)


def column_widths(headings: list[str], rows: Iterable[list[str]]) -> tuple[list[float], set[int]]:
    """Each column's width (in the spreadsheet's units) for its heading and cells as text, and the columns
    whose longer texts wrap within it: no column wider than WRAP_WIDTH, a long heading on two lines."""
    rows = list(rows)
    widths = [0] * len(headings)
    for i in range(len(widths)):
        column = [row[i] for row in rows if i < len(row)]
        longest = max(map(len, column), default=0)
        # A text counts one or two per character, so only those at least half the longest in characters can be
        # the widest: every row is sized (a county ledger's row 10,000 has a five-digit 序号) at little cost.
        widths[i] = max((display_width(value) for value in column if 2 * len(value) >= longest), default=0)
    wrapped = {i for i, w in enumerate(widths) if w > WRAP_WIDTH}
    sized = [max(_heading_width(h), min(WRAP_WIDTH, w) + 1) for h, w in zip(headings, widths, strict=True)]
    return sized, wrapped


def _heading_width(heading: str) -> int:
    """Width a column needs for its heading, which wraps onto two lines when long (Chinese breaks anywhere,
    other text between words)."""
    full = display_width(heading)
    if full <= 10:
        return full + 1
    longest_word = max((display_width(w) for w in heading.split() if w.isascii()), default=0)
    return max(math.ceil(full / 2) + 1, longest_word) + 1


def text_lines(value: str, width: float) -> int:
    """Lines a text takes wrapped in a column of `width` (7w + 5 px, less 3 px of padding; a Chinese
    character of 10 pt is 13.3 px, a little under the two units it counts for), filled as a spreadsheet
    does: a Chinese character breaks anywhere, a word or a number moves whole to the next line."""
    room = max(1.0, (7 * width + 2) / 6.67)
    count = 0
    for part in value.split("\n"):
        count += 1
        used = 0.0
        for token in WRAP_TOKENS.findall(part):
            size = display_width(token)
            if used and used + size > room and not token.isspace():
                count, used = count + 1, 0.0
            used += size
            while used > room:  # a word longer than the column is cut
                count, used = count + 1, used - room
    return count


def wrap_rows(ws, header_row: int, last_row: int, widths: list[float], wrapped: set[int]) -> None:
    """Wrap the long texts of the `wrapped` columns (indexes from 0) and give each row the height of its
    longest cell, the header's included: spreadsheets do not grow a row for its wrapped text on opening
    (LibreOffice not at all)."""
    from openpyxl.styles import Alignment

    wrap = Alignment(vertical="center", wrap_text=True)
    lines = {header_row: max((text_lines(str(c.value or ""), w) for c, w in zip(ws[header_row], widths,
                                                                                 strict=False)), default=1)}
    for i in sorted(wrapped):
        for (cell,) in ws.iter_rows(min_row=header_row + 1, max_row=last_row, min_col=i + 1, max_col=i + 1):
            if isinstance(cell.value, str) and (n := text_lines(cell.value, widths[i])) > 1:
                cell.alignment = wrap
                lines[cell.row] = max(lines.get(cell.row, 1), n)
    for row, n in lines.items():
        if n > 1:
            ws.row_dimensions[row].height = n * LINE_HEIGHT + ROW_PADDING


def table_pixels(widths: list[float]) -> int:
    """A table's width on screen at 100 %: a column of width w is 7w + 5 px (Excel's rule, 7 px digits)."""
    return sum(int(w * 7 + 5) for w in widths)


def paper_for(widths: list[float]) -> int:
    """A4, or A3 when fitting the columns to an A4 page's width would print them smaller than MIN_SCALE."""
    return PAPER_A4 if table_pixels(widths) * MIN_SCALE <= A4_PIXELS else PAPER_A3


def _title_parts(heading: PrintHeading) -> list[str]:
    lang = heading.lang
    return [text(lang, "print.unit", unit=heading.unit), heading.period,
            text(lang, "print.made_on", day=heading.made_on.isoformat())]


def widths_for_title(heading: PrintHeading, title: str, widths: list[float]) -> list[float]:
    """Column widths, widened evenly where the table is narrower than its title block and signature block
    need (a two-column summary would otherwise cut its own title off)."""
    parts = [display_width(p) for p in _title_parts(heading)]
    line = 3 * (max(parts) + 2) if len(widths) >= 3 else sum(parts) + 10
    need = max(display_width(title) * 1.6 + 4, line, SIGNATURE_SLOT * (2 if len(widths) >= 2 else 1))
    total = sum(widths)
    if not widths or total >= need:
        return widths
    return [round(w * need / total, 1) for w in widths]


def put_title_block(ws, heading: PrintHeading, title: str, columns: int, widths: list[float] | None = None) -> None:
    """Rows 1..TITLE_ROWS of an empty sheet: the title, then unit, period and date made across the columns
    (`widths`, to split them in thirds of the table's width; else thirds of its columns)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = get_column_letter(max(columns, 1))
    ws.cell(1, 1, title).font = Font(name=FONT, bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    if columns > 1:
        ws.merge_cells(f"A1:{last}1")
    parts = _title_parts(heading)
    if columns < 3:  # too few columns to spread them: one line
        ws.cell(2, 1, "    ".join(parts)).alignment = Alignment(horizontal="left")
        if columns > 1:
            ws.merge_cells(f"A2:{last}2")
        return
    # Unit on the left, period in the middle, date on the right, each over a third of the table.
    edges = [0, *_thirds(widths if widths and len(widths) == columns else [1.0] * columns), columns]
    for n, (part, align) in enumerate(zip(parts, ("left", "center", "right"), strict=True)):
        first, end = edges[n] + 1, edges[n + 1]
        ws.cell(2, first, part).alignment = Alignment(horizontal=align, vertical="center")
        if end > first:
            ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=end)


def _thirds(widths: list[float]) -> list[int]:
    """The two column counts (of three or more columns) nearest a third and two thirds of the table's width."""
    ends = list(accumulate(widths))
    first = min(range(1, len(widths) - 1), key=lambda n: abs(ends[n - 1] - ends[-1] / 3))
    return [first, min(range(first + 1, len(widths)), key=lambda n: abs(ends[n - 1] - ends[-1] * 2 / 3))]


def lay_out_for_print(ws, heading: PrintHeading, *, header_row: int, columns: int, last_row: int | None = None,
                      widths: list[float] | None = None) -> None:
    """Borders on the table (header_row..last_row), the signature block below it, the page set-up fitted to
    the columns' widths (read from the sheet unless given) and the screen frozen below the header."""
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    last_row = ws.max_row if last_row is None else last_row
    columns = max(columns, 1)
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    middle = Alignment(vertical="center")  # beside a wrapped cell of the row, the others stay level with it
    # Styles by their index in the workbook's tables, set once: assigning a Border to each cell hashes it
    # each time, which made a 20,000-pupil ledger take 2.5 times as long to write.
    book = ws.parent
    border_id, middle_id = book._borders.add(box), book._alignments.add(middle)
    wrapped = {n for n, alignment in enumerate(book._alignments) if alignment.wrap_text}
    for row in ws.iter_rows(min_row=header_row, max_row=last_row, max_col=columns):
        for cell in row:
            style = cell._style
            if style is None:
                style = cell._style = StyleArray()
            style.borderId = border_id
            if style.alignmentId not in wrapped:
                style.alignmentId = middle_id
    if widths is None:
        widths = [ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, columns + 1)]
    _signature_block(ws, heading.lang, last_row + 2, columns, sum(widths))
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = paper_for(widths)
    # As wide as one page, as tall as it takes: "0 pages tall" means that to Excel, but LibreOffice stopped a
    # 20,000-row county ledger short (its last 30 rows and the signature block never printed). A height no
    # table can reach (every page holds a row) keeps the width the only bound in both.
    setup.fitToWidth, setup.fitToHeight = 1, min(32767, max(1, ws.max_row))
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.25
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    pages = text(heading.lang, "print.page", page="&P", pages="&N")
    hf = ws.HeaderFooter
    hf.differentFirst = True  # page 1 has the title block; the later pages say whose ledger they are
    hf.firstFooter.center.text = pages
    hf.oddFooter.center.text = pages
    hf.oddHeader.left.text = _escape(heading.title)
    hf.oddHeader.right.text = _escape(heading.unit)


def _signature_block(ws, lang: str, row: int, columns: int, width: float) -> None:
    """填表人、审核人、负责人、单位（盖章）, spread over the table's width (two to a line on a narrow sheet)."""
    from openpyxl.styles import Alignment

    per_line = next(n for n in (4, 2, 1) if n == 1 or (columns >= n and width >= n * SIGNATURE_SLOT))
    for n, key in enumerate(SIGNATURES):
        line, slot = divmod(n, per_line)
        first = slot * columns // per_line + 1
        end = (slot + 1) * columns // per_line
        cell = ws.cell(row + line, first, text(lang, key))
        cell.alignment = Alignment(horizontal="left", vertical="center")
        ws.row_dimensions[row + line].height = 28  # room to sign
        if end > first:
            ws.merge_cells(start_row=row + line, start_column=first, end_row=row + line, end_column=end)


def _escape(value: str) -> str:
    """A header/footer text shows & as written (a lone & starts a code there)."""
    return value.replace("&", "&&")
