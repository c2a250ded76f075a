"""Reading an imported table (a roster, an attendance sheet): the first sheet of an .xlsx or a .csv, bounded by
the config's import limits before anything is loaded, and every way a file can fail a coded refusal naming it.
Writing exports is tabular.py's."""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from schoolcare.domain.settings import ImportLimits
from schoolcare.domain.shorten import shorten
from schoolcare.services.errors import ValidationError


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
    extent = _check_archive(path, limits)
    rows = _calamine_rows(path, limits) if extent is not None and _dense_enough(extent, limits) else None
    if rows is None:  # what calamine cannot read (or should not: see _dense_enough), openpyxl reads as it streams
        rows = _openpyxl_rows(path, limits)
    # As wide as the widest row (checked against max_columns), as openpyxl would pad them to the sheet's
    # stated width: a group label merged across a header's last columns is read through the blanks.
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows


def _calamine_rows(path: Path, limits: ImportLimits) -> list[list[object]] | None:
    """The first sheet through calamine (Rust: a tenth of openpyxl's time on a 2,000-row roster), its cells as
    openpyxl gives them (a blank None, a whole number an int); None when calamine cannot read the file, so
    that openpyxl reads it or names what is wrong with it in the words the refusals know."""
    try:
        from python_calamine import CalamineWorkbook

        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # its errors, and a Rust panic, which pyo3 raises as a BaseException
        return None
    return _bounded(path, ([None if c == "" else int(c) if type(c) is float and c.is_integer() else c
                            for c in row] for row in grid), limits)


def _dense_enough(extent: tuple[int, int], limits: ImportLimits) -> bool:
    """Whether the sheet's cells span a grid calamine may lay out whole: it makes every cell between A1 and the
    last one, so one cell at XFD1048576 would be 17 billion of them. Past the caps openpyxl streams the rows
    instead and refuses at the limit, as it always has."""
    rows, columns = extent
    return rows <= _row_cap(limits) and columns <= 4 * limits.max_columns


def _openpyxl_rows(path: Path, limits: ImportLimits) -> list[list[object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # else rows are padded out to the stated dimension, however large
        return _bounded(path, sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()


def _check_archive(path: Path, limits: ImportLimits) -> tuple[int, int] | None:
    """Refuse an .xlsx whose parts unzip past the limit (a zip bomb), or whose first sheet says it is larger
    than any roster, from the archive's directory and the first bytes of the sheet. Returns the grid its cells
    really span (last row, last column), or None where that cannot be told (a damaged archive, cells without
    their address): openpyxl then reads it, streaming."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None  # not a zip at all: openpyxl says so in its own words
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
            if found is not None:
                rows, columns = int(found.group(2)), _column_number(found.group(1).decode())
                if rows > _row_cap(limits):
                    raise ValidationError("registry.too_many_rows", "file", file=path.name, rows=rows,
                                          limit=limits.max_rows)
                if columns > 4 * limits.max_columns:  # formatting may stretch the stated width past the data
                    raise ValidationError("registry.too_many_columns", "file", file=path.name, columns=columns,
                                          limit=limits.max_columns)
            xml = _sheet_xml(archive, name, limits.max_unpacked_bytes)
            return None if xml is None else _extent(xml)
        except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
            return None  # a damaged archive: openpyxl says so in its own words


def _sheet_xml(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """The sheet's XML, inflated a piece at a time; None past `limit` bytes (the archive's directory may lie
    about the size: inflating it whole could take gigabytes before anything is checked)."""
    pieces, size = [], 0
    with archive.open(name) as handle:
        while piece := handle.read(1 << 22):
            size += len(piece)
            if size > limit:
                return None
            pieces.append(piece)
    return b"".join(pieces)


CELL_REF_RE = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"')


def _extent(xml: bytes) -> tuple[int, int] | None:
    """(last row, last column) of the cells in a sheet's XML, from their addresses (a stated <dimension> may say
    anything); None when some cell has none (its place is then only known by counting), the XML uses a prefix
    (x:c) or there are no cells."""
    refs = CELL_REF_RE.findall(xml)
    if not refs or len(refs) != xml.count(b"<c ") + xml.count(b"<c>"):
        return None  # (an empty sheet too: openpyxl reads nothing as fast)
    by_size = lambda text: (len(text), text)  # noqa: E731 — A < Z < AA, 9 < 10, without converting each
    last_row = max({number for _letters, number in refs}, key=by_size)
    last_column = max({letters for letters, _number in refs}, key=by_size)
    return int(last_row), _column_number(last_column.decode())


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
