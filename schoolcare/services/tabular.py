"""Tables in and out of .xlsx and .csv: every export and import goes through here.

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
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

from schoolcare.domain.settings import ImportLimits
from schoolcare.domain.shorten import shorten
from schoolcare.domain.validation import hidden_char
from schoolcare.services.errors import ValidationError

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


def read_rows(path: Path | str, limits: ImportLimits | None = None) -> list[list[object]]:
    """The cells of a file's first sheet (.xlsx, .xlsm or .csv), top to bottom (merged cells read as blanks).

    Within `limits` (default: the config's import: section), checked before anything is loaded: the file's
    size, an .xlsx's unzipped size and its sheet's stated dimensions; then rows and columns as they stream,
    stopping at the limit. Every way a file can fail — missing, unreadable, not UTF-8 or GBK, not a
    spreadsheet, over a limit — is a ValidationError (registry.*) naming the file, never another exception.
    """
    path = Path(path)
    if limits is None:
        from schoolcare.config.imports import import_limits

        limits = import_limits()
    try:
        return _read(path, limits)
    except ValidationError:
        raise
    except FileNotFoundError:
        raise ValidationError("registry.no_such_file", "file", file=path.name) from None
    except OSError as error:  # a folder, a file we may not read …
        raise ValidationError("registry.file_unreadable", "file", file=path.name,
                              detail=error.strerror or type(error).__name__) from None
    except Exception as error:  # openpyxl's, zipfile's or lxml's own words for a damaged or non-Excel file
        raise unreadable(path, error) from None


# Why a file could not be read as a table, by the library's error: a code in both languages for each kind
# people meet (a CSV cell past the csv module's limit, a broken or cut-short .xlsx, a checksum that fails, a
# sheet missing or damaged). The library's English words stay out of the Chinese sentence: they travel as
# `detail`, which those texts do not show (a log or traceback prints it, Refusal.__str__); only a failure of
# no known kind shows them, as its technical detail.
CSV_CELL_TOO_LONG = "registry.csv_cell_too_long"
CSV_MALFORMED = "registry.csv_malformed"
XLSX_BROKEN = "registry.xlsx_broken"
XLSX_CRC = "registry.xlsx_crc"
SHEET_UNREADABLE = "registry.sheet_unreadable"
UNKNOWN = "registry.not_a_spreadsheet"


def unreadable_kind(error: BaseException) -> str:
    """The refusal code for a library's error while reading a table (UNKNOWN when it is none of the known)."""
    text = str(error)
    if isinstance(error, csv.Error):
        return CSV_CELL_TOO_LONG if "field larger than field limit" in text else CSV_MALFORMED
    if isinstance(error, zipfile.BadZipFile) and "CRC" in text:
        return XLSX_CRC
    # A zip that is not one, cut short or with a part that does not inflate; openpyxl's InvalidFileException
    # is a file of another kind named .xlsx.
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)) or (
            type(error).__name__ == "InvalidFileException"):
        return XLSX_BROKEN
    # No sheet (openpyxl's worksheets[0]), a part the workbook names missing, XML that does not parse.
    if isinstance(error, (IndexError, KeyError)) or type(error).__name__ in ("ParseError", "XMLSyntaxError"):
        return SHEET_UNREADABLE
    return UNKNOWN


def unreadable(path: Path, error: BaseException) -> ValidationError:
    """The refusal for a file the libraries could not read as a table, naming the file and the kind of failure."""
    code = unreadable_kind(error)
    detail = shorten(" ".join((str(error) or type(error).__name__).split()), 200)
    params: dict[str, object] = {"file": path.name, "detail": detail}
    if code == CSV_CELL_TOO_LONG:
        params["limit"] = csv.field_size_limit()
    return ValidationError(code, "file", **params)


def _read(path: Path, limits: ImportLimits) -> list[list[object]]:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise ValidationError("registry.file_type", "file", file=path.name)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ValidationError("registry.file_too_big", "file", file=path.name, size=_size(size),
                              limit=_size(limits.max_file_bytes))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, limits)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("registry.file_encoding", "file", file=path.name)
    try:
        rows = _bounded(path, csv.reader(io.StringIO(text, newline="")), limits)
    except csv.Error as error:  # a field longer than the csv module takes, a stray quote …
        raise unreadable(path, error) from None
    # The tab csv_cell ends misreadable text with (00123⇥) is the exporter's, not the value's.
    return [[c[:-1] if isinstance(c, str) and c.endswith("\t") else c for c in row] for row in rows]


DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
HEAD_ROOM = 50  # title rows, the header and a totals line besides the pupils


def _row_cap(limits: ImportLimits) -> int:
    # Rows read in all, blank ones included: a few blanks between classes are normal, 20,000 of them are not.
    return 2 * limits.max_rows + 1000


def _read_xlsx(path: Path, limits: ImportLimits) -> list[list[object]]:
    _check_archive(path, limits)
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # else rows are padded out to the stated dimension, however large
        rows = _bounded(path, sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()
    # As wide as the widest row (checked against max_columns), as openpyxl would pad them to the sheet's
    # stated width: a group label merged across a header's last columns is read through the blanks.
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows


def _check_archive(path: Path, limits: ImportLimits) -> None:
    """Refuse an .xlsx whose parts unzip past the limit (a zip bomb), or whose first sheet says it is larger
    than any roster, from the archive's directory and the first bytes of the sheet: nothing is unpacked."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: openpyxl says so in its own words
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_unpacked_bytes:
            raise ValidationError("registry.unpacked_too_big", "file", file=path.name, size=_size(unpacked),
                                  limit=_size(limits.max_unpacked_bytes))
        try:
            name = first_sheet(archive)
            with archive.open(name) as handle:
                head = handle.read(16384)  # the <dimension> comes before any row
                found = DIMENSION_RE.search(head)
                if found is None:
                    # Without one openpyxl reads the whole sheet to size it: count its rows first, in bytes.
                    rows = _count_rows(head, handle, _row_cap(limits))
                    if rows > _row_cap(limits):
                        raise ValidationError("registry.too_many_rows", "file", file=path.name, rows=rows,
                                              limit=limits.max_rows)
                    return
        except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
            return  # a damaged archive: openpyxl says so in its own words
    rows, columns = int(found.group(2)), _column_number(found.group(1).decode())
    if rows > _row_cap(limits):
        raise ValidationError("registry.too_many_rows", "file", file=path.name, rows=rows, limit=limits.max_rows)
    if columns > 4 * limits.max_columns:  # formatting may stretch the stated width a little past the data
        raise ValidationError("registry.too_many_columns", "file", file=path.name, columns=columns,
                              limit=limits.max_columns)


def first_sheet(archive: zipfile.ZipFile) -> str:
    """The path inside an .xlsx of its first sheet's XML."""
    # The first <sheet> of the workbook, through its relationship id (it is not always sheet1.xml).
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    rid = re.search(r'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"', workbook)
    if rid:
        for tag in re.findall(r"<Relationship\b[^>]*>", rels):
            if f'Id="{rid.group(1)}"' in tag:
                target = re.search(r'Target="([^"]+)"', tag)
                if target:
                    name = target.group(1)
                    return name.lstrip("/") if name.startswith("/") else str(PurePosixPath("xl") / name)
    return "xl/worksheets/sheet1.xml"


def _count_rows(head: bytes, handle, cap: int) -> int:
    """<row> elements in a sheet's XML, read in chunks (at most the archive's stated size); stops past `cap`."""
    count, tail, chunk = 0, b"", head
    while chunk:
        data = tail + chunk
        count += data.count(b"<row ") + data.count(b"<row>")
        if count > cap:
            return count
        tail = data[-5:]  # a tag split across two chunks is counted once, in the next
        count -= tail.count(b"<row ") + tail.count(b"<row>")
        chunk = handle.read(1 << 22)
    return count


def _bounded(path: Path, rows: Iterable[Sequence[object]], limits: ImportLimits) -> list[list[object]]:
    """Rows as lists without their trailing blank cells; stops with a refusal as soon as a limit is passed."""
    out: list[list[object]] = []
    filled = 0
    cap = _row_cap(limits)
    for row in rows:
        cells = list(row)
        width = len(cells)
        while width and (cells[width - 1] is None or cells[width - 1] == ""):
            width -= 1  # styled but empty cells at the end of a row are no columns
        if width > limits.max_columns:
            raise ValidationError("registry.too_many_columns", "file", file=path.name, columns=width,
                                  limit=limits.max_columns)
        if width:
            filled += 1
        if filled > limits.max_rows + HEAD_ROOM or len(out) >= cap:
            raise ValidationError("registry.too_many_rows", "file", file=path.name, rows=len(out) + 1,
                                  limit=limits.max_rows)
        out.append(cells[:width])  # a styled cell at XFD would otherwise make every row 16,384 wide
    return out


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _size(n: int) -> str:
    """Bytes as people read them: 1.5 MB, 2.1 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"
