"""Tables out to .xlsx and .csv: every export goes through here (imports are read by tabular_read.py).

Exports are opened by people in Excel (WPS) at the county office, so: a bold,
frozen header, readable column widths (long texts wrapped), real dates, a ledger
or report laid out for print (`write_tables(…, heading=…)`, print_layout.py),
CSV with a BOM so Excel detects UTF-8, and every cell through `neutralise`:
- text a spreadsheet would run as a formula ("=HYPERLINK(…)" typed into a note)
  gets a leading apostrophe, so it shows as typed and never runs;
- numbers stay numbers (-0.6 is a number, not a formula);
- characters XML cannot hold (stored before the input checks refused them) and
  hidden bidi / zero-width characters show as U+FFFD rather than stop the export.
Text a spreadsheet would misread as a number, date or time (a student number
0012, 1/14, 3-4, an 18-digit id) stays text: in .xlsx it is a string cell; in
.csv it ends with a tab (`csv_cell`), which Excel, WPS and LibreOffice do not read
as part of a number or date, and which is invisible in the cell; an apostrophe
would show in LibreOffice and ="…" is itself a formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from schoolcare.domain.validation import hidden_char

if TYPE_CHECKING:
    from schoolcare.services.print_layout import PrintHeading

# What Excel, WPS and LibreOffice treat as the start of a formula (OWASP's list, plus the full-width
# forms a Chinese input method types and WPS accepts).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# A text a spreadsheet reads as a plain number: kept as typed, no apostrophe (-0.6, +3).
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Text a spreadsheet would turn into something else: a number (losing leading zeros or digits past 15),
# a percentage, a fraction, a date (1/14, 3-4, 2026.9.1, 3月4日), a time, a boolean.
MISREAD = re.compile(
    r"^\s*(?:[+-]?[$¥￥€£]?\(?[\d,]*\.?\d+(?:[eE][+-]?\d+)?\)?%?"
    r"|\d+\s+\d+/\d+"
    r"|\d{1,4}\s*[-/.年月]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,4})?\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}\s*[-/ ]\s*[A-Za-z]{3,9}(?:\s*[-/ ]\s*\d{2,4})?|[A-Za-z]{3,9}\s*[-/ ]\s*\d{1,4}"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?"
    r"|true|false)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[object]]
    widths: list[int] | None = None


def _visible(text: str) -> str:
    """Controls, bidi overrides and zero-width characters as U+FFFD (tab and line breaks kept)."""
    if hidden_char(text) is None:
        return text
    return "".join("\ufffd" if hidden_char(ch) else ch for ch in text)


def neutralise(value: object) -> object:
    """One cell made safe to open: numbers, dates and booleans as they are; text with hidden characters
    shown as U+FFFD and, when a spreadsheet would run it as a formula, a leading apostrophe."""
    if not isinstance(value, str):
        return value
    text = _visible(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def misread(text: str) -> bool:
    """True when a spreadsheet opening a CSV would read `text` as a number, date, time or boolean."""
    return bool(MISREAD.match(text))


def csv_cell(value: object) -> str:
    """One CSV cell: neutralised; numbers as numbers; text a spreadsheet would misread kept as text."""
    value = neutralise(value)
    if isinstance(value, str):
        return value + "\t" if value and misread(value) else value
    return _cell_text(value)  # a number as Python writes it: -0.6, 83.3, 0.0


def write_csv(handle: TextIO, headers: Sequence[object], rows: Iterable[Sequence[object]]) -> None:
    """A header and rows as CSV on `handle` (a file or stdout), every cell through `csv_cell`."""
    writer = csv.writer(handle)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet or a terminal: CJK characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def _widths(sheet: Sheet) -> tuple[list[float], set[int]]:
    """Each column's width, and the columns whose longer texts wrap (print_layout.column_widths)."""
    from schoolcare.services import print_layout

    if sheet.widths:
        return sheet.widths, set()
    texts = ([_cell_text(v) for v in row] for row in sheet.rows)  # every row: the widest may come last
    return print_layout.column_widths([_cell_text(h) for h in sheet.headers], texts)


def _safe_title(title: str, taken: set[str]) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in _visible(title))[:31] or "Sheet"
    candidate, n = cleaned, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _xlsx_cell(value: object) -> object:
    """A cell for openpyxl: neutralised, so text is always a string cell (openpyxl makes text starting
    with "=" a formula, and refuses XML's illegal characters)."""
    value = neutralise(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _write_xlsx(path: Path, sheets: list[Sheet], heading: PrintHeading | None) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from schoolcare.services import print_layout

    workbook = Workbook()
    workbook.remove(workbook.active)
    # The workbook's default font (openpyxl keeps it as font 0, the Normal style's), which sizes its columns.
    workbook._fonts[0] = workbook._named_styles["Normal"].font = Font(name=print_layout.FONT,
                                                                      size=print_layout.FONT_SIZE)
    taken: set[str] = set()
    bold = Font(name=print_layout.FONT, size=print_layout.FONT_SIZE, bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        ws = workbook.create_sheet(_safe_title(sheet.title, taken))
        columns = len(sheet.headers)
        widths, wrapped = _widths(sheet)
        if heading is not None:
            title = print_layout.sheet_title(heading, sheet.title)
            widths = print_layout.widths_for_title(heading, title, widths)
            print_layout.put_title_block(ws, heading, title, columns, widths)
        top = ws.max_row + 1 if heading is not None else 1
        ws.append([_xlsx_cell(h) for h in sheet.headers])
        for cell in ws[top]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in sheet.rows:
            ws.append([_xlsx_cell(v) for v in row])
        last = ws.max_row
        for i, width in enumerate(widths, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = width
            for (cell,) in ws.iter_rows(min_row=top + 1, max_row=last, min_col=i, max_col=i):
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        print_layout.wrap_rows(ws, top, last, widths, wrapped)
        ws.freeze_panes = f"A{top + 1}"
        if sheet.headers:
            ws.auto_filter.ref = f"A{top}:{get_column_letter(columns)}{last}"
        if heading is not None:
            print_layout.lay_out_for_print(ws, heading, header_row=top, columns=columns, last_row=last,
                                           widths=widths)
    workbook.save(path)
    return [path]


def _write_csv(path: Path, sheets: list[Sheet]) -> list[Path]:
    written = []
    for sheet in sheets:
        target = path if len(sheets) == 1 else path.with_name(f"{path.stem}-{sheet.title}{path.suffix or '.csv'}")
        with open(target, "w", newline="", encoding="utf-8-sig") as handle:
            write_csv(handle, sheet.headers, sheet.rows)
        written.append(target)
    return written


def write_tables(path: Path | str, fmt: str, sheets: list[Sheet], *, heading: PrintHeading | None = None) -> list[Path]:
    """Write `sheets` to `path` as one workbook (xlsx) or a CSV set; returns the files written.

    With a `heading` (a ledger or report), each sheet of the workbook is laid out for print: title block,
    page set-up and signature block (services/print_layout.py); a CSV stays plain, header then rows."""
    path = Path(path)
    if fmt == "xlsx":
        return _write_xlsx(path, sheets, heading)
    if fmt == "csv":
        return _write_csv(path, sheets)
    raise ValueError(f"unknown format {fmt!r}: use xlsx or csv")
