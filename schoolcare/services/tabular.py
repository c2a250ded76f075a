"""Tables in and out of .xlsx and .csv: every export and import goes through here.

Exports are opened by people in Excel (WPS) at the county office, so: a bold,
frozen header, readable column widths, real dates, CSV with a BOM so Excel
detects UTF-8, and formula injection neutralised (a cell such as "=HYPERLINK(…)"
typed into a pupil's note must stay text).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[object]]
    widths: list[int] | None = None


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def _widths(sheet: Sheet) -> list[int]:
    if sheet.widths:
        return sheet.widths
    widths = [display_width(h) for h in sheet.headers]
    for row in sheet.rows[:500]:  # a sample is enough to size the columns
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], display_width(_cell_text(value)))
    return [min(MAX_WIDTH, w + 2) for w in widths]


def _safe_title(title: str, taken: set[str]) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in title)[:31] or "Sheet"
    candidate, n = cleaned, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _write_xlsx(path: Path, sheets: list[Sheet]) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        ws = workbook.create_sheet(_safe_title(sheet.title, taken))
        ws.append([neutralise(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in sheet.rows:
            ws.append([neutralise(v) for v in row])
        for i, width in enumerate(_widths(sheet), start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = width
            for cell in ws[letter][1:]:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        if sheet.headers:
            ws.auto_filter.ref = ws.dimensions
    workbook.save(path)
    return [path]


def _write_csv(path: Path, sheets: list[Sheet]) -> list[Path]:
    written = []
    for sheet in sheets:
        target = path if len(sheets) == 1 else path.with_name(f"{path.stem}-{sheet.title}{path.suffix or '.csv'}")
        with open(target, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(h) for h in sheet.headers])
            for row in sheet.rows:
                writer.writerow([neutralise(_cell_text(v)) for v in row])
        written.append(target)
    return written


def write_tables(path: Path | str, fmt: str, sheets: list[Sheet]) -> list[Path]:
    """Write `sheets` to `path` as one workbook (xlsx) or a CSV set; returns the files written."""
    path = Path(path)
    if fmt == "xlsx":
        return _write_xlsx(path, sheets)
    if fmt == "csv":
        return _write_csv(path, sheets)
    raise ValueError(f"unknown format {fmt!r}: use xlsx or csv")


def read_rows(path: Path | str) -> list[list[object]]:
    """The cells of a roster file's first sheet, top to bottom (merged cells read as blanks)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError(f"{path.name}: not UTF-8 or GBK text")
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise ValueError(f"{path.name}: expected an .xlsx or .csv file")
