"""Workbooks for tests: an exported sheet's table read back past its title and signature blocks (`table`,
`workbook_table`); and hostile .xlsx files for the import-limit tests, built in well under a second: a zip bomb
(a sheet that unpacks to 1 GiB from ~1 MB) and sheets of any number of rows, written as raw sheet XML."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import range_boundaries

SHEET = "xl/worksheets/sheet1.xml"


def table(ws) -> list[tuple]:
    """An exported sheet's table, header first, as openpyxl's value tuples: the rows its auto-filter spans
    (the writer sets it to exactly the header and the rows), so not the title block above it (ledger name,
    unit, period, date made) nor the signature block below it. `table(ws)[1:]` is the rows."""
    if not ws.auto_filter.ref:
        return list(ws.iter_rows(values_only=True))
    first_col, first_row, last_col, last_row = range_boundaries(ws.auto_filter.ref)
    return list(ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col,
                             values_only=True))


def workbook_table(path: Path, sheet: str | None = None) -> list[list[object]]:
    """`table` of a workbook's sheet (the first unless named), as lists like tabular_read.read_rows gives."""
    book = load_workbook(path)
    return [list(row) for row in table(book[sheet] if sheet else book.worksheets[0])]
HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _parts() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook (openpyxl's), the sheet to be replaced."""
    workbook = Workbook()
    workbook.active.append(["学号", "姓名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xlsx_with_sheet(path: Path, rows: Iterator[bytes], dimension: str | None = None) -> Path:
    """A workbook whose first sheet's <sheetData> is `rows` (raw <row> XML), compressed by zipfile."""
    parts = _parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, data in parts.items():
            if name != SHEET:
                out.writestr(name, data)
                continue
            with out.open(name, "w", force_zip64=True) as handle:
                handle.write(HEAD)
                if dimension:
                    handle.write(f'<dimension ref="{dimension}"/>'.encode())
                handle.write(b"<sheetData>")
                for row in rows:
                    handle.write(row)
                handle.write(b"</sheetData></worksheet>")
    return path


def pupil_rows(count: int) -> Iterator[bytes]:
    yield (b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xad\xa6\xe5\x8f\xb7</t></is></c>'
           b'<c r="B1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>')
    for n in range(2, count + 2):
        yield f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>S{n}</t></is></c></row>'.encode()


def zip_bomb(path: Path, unpacked: int = 1 << 30, dimension: str = "A1:B2", declared: int | None = None) -> Path:
    """A workbook whose sheet XML is `unpacked` bytes of rows deflated to a few megabytes.

    The deflate stream is one compressed block repeated (full flushes make each copy independent), written
    with a hand-made zip entry, so building it costs no compression of a gigabyte. `declared`: the
    unpacked size the zip's headers claim (a liar's bomb), else the true one."""
    head = HEAD + f'<dimension ref="{dimension}"/><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"
    chunk = b"<row><c><v>1</v></c></row>" * 40_000
    repeats = (unpacked - len(head) - len(tail)) // len(chunk)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + repeats * len(chunk) + len(tail)
    compressed = len(start) + repeats * len(piece) + len(end)
    size = size if declared is None else declared
    parts = {name: data for name, data in _parts().items() if name != SHEET}
    with open(path, "wb") as out:
        central = []
        for name, data in parts.items():  # the small parts stored, uncompressed
            offset = out.tell()
            encoded = name.encode()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, zlib.crc32(data), len(data),
                                  len(data), len(encoded), 0) + encoded + data)
            central.append((encoded, 0, zlib.crc32(data), len(data), len(data), offset))
        offset = out.tell()
        encoded = SHEET.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, compressed, size,
                              len(encoded), 0) + encoded)
        out.write(start)
        for _ in range(repeats):
            out.write(piece)
        out.write(end)
        central.append((encoded, 8, crc, compressed, size, offset))
        directory = out.tell()
        for encoded, method, crc32, packed, full, at in central:
            out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc32, packed, full,
                                  len(encoded), 0, 0, 0, 0, 0, at) + encoded)
        length = out.tell() - directory
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), length, directory, 0))
    return path
