"""A roster's layout as schools make it: title rows above the header, cells merged down or across, a totals line below."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from schoolcare.domain import validation
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry.roster_columns import STUDENT_NO_FALLBACK, column_key, header_key
from schoolcare.services.tabular_read import first_sheet

HEADER_SCAN = 20  # title rows a school puts above the header
# A line under the pupils that is not one: totals, signatures, notes.
FOOTER = ("合计", "总计", "小计", "共计", "总人数", "total", "填表人", "填报人", "制表人", "审核人", "负责人", "备注", "说明", "注")
MERGE_RE = re.compile(r'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_NEVER_BLANK = frozenset({int, float, bool, dt.date, dt.datetime, dt.time})


def blank(value: object) -> bool:
    """Whether a cell says nothing: empty once normalised (validation.normalise_text)."""
    if value is None:
        return True
    if type(value) in _NEVER_BLANK:  # a number or date cell always says something
        return False
    if type(value) is str and value.isprintable():
        # Called for every cell of a roster: a printable text normalises to "" only when it is plain spaces (every
        # other space and every hidden character is unprintable; tests/services/test_roster_bulk.py checks it).
        return not value.strip(" ")
    return validation.normalise_text(value) == ""


def find_header(rows: list[list[object]]) -> tuple[int, list[tuple[int, str, str]], list[str]]:
    for index, row in enumerate(rows[:HEADER_SCAN]):
        keys = [column_key(cell) for cell in row]
        if "student_no" not in keys:
            keys = ["student_no" if header_key(cell) in STUDENT_NO_FALLBACK else key for cell, key in zip(row, keys, strict=True)]
        if "student_no" not in keys or "name" not in keys:
            continue
        above = _carried(rows[index - 1]) if index else []
        columns: list[tuple[int, str, str]] = []
        ignored: list[str] = []
        taken: set[str] = set()
        for col, cell in enumerate(row):
            if blank(cell):
                continue
            header = validation.normalise_text(cell)
            key = keys[col]
            group_label = above[col] if col < len(above) else ""
            combined = column_key(group_label + header) if group_label else None
            if combined and "." in combined:  # 父亲 over 姓名 → father.name
                key, header = combined, f"{group_label}{header}"
            if key is None or key in taken:
                ignored.append(header)
                continue
            taken.add(key)
            columns.append((col, key, header))
        return index, columns, ignored
    raise ValidationError("registry.no_header", "file", rows=HEADER_SCAN)


def _carried(row: list[object]) -> list[str]:
    # A group label merged across several columns reads as the label then blanks: carry it right.
    labels, last = [], ""
    for cell in row:
        text = validation.normalise_text(cell)
        if text:
            last = text if column_key(text + "姓名") and "." in (column_key(text + "姓名") or "") else ""
        labels.append(last)
    return labels



def is_footer(cells: list[object], columns: list[tuple[int, str, str]]) -> bool:
    """A 合计 / 总计 line (or a 填表人 signature, a 备注) under the pupils: not a pupil, and not a row problem either."""
    keyed = {key: cells[col] for col, key, _h in columns if col < len(cells)}
    if not blank(keyed.get("student_no")) and not blank(keyed.get("name")) and not blank(keyed.get("birth_date")):
        return False
    first = [validation.normalise_text(c).replace(" ", "") for c in cells[:4] if not blank(c)]
    return any(text.lower().startswith(FOOTER) for text in first)


def fill_merged(path: Path, rows: list[list[object]], below: int) -> None:
    """Give every cell of a range merged below the header row its top-left value (a 班级 merged down a class's pupils,
    one 父亲务工地点 for two siblings); openpyxl's streaming reader reads them as blanks."""
    for top, left, bottom, right in merged_ranges(path):
        if top <= below or top > len(rows):
            continue
        value = rows[top - 1][left - 1] if left - 1 < len(rows[top - 1]) else None
        for r in range(top, min(bottom, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < right:
                row.extend([None] * (right - len(row)))
            for c in range(left, right + 1):
                if (r, c) != (top, left) and blank(row[c - 1]):
                    row[c - 1] = value


def merged_ranges(path: Path) -> list[tuple[int, int, int, int]]:
    """(top, left, bottom, right), 1-based, of the first sheet's merged cells, read from the .xlsx's own XML."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(first_sheet(archive)).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    # The merged cells follow the rows: the pattern is run from the first of them, not over every row's XML.
    first = xml.find("mergeCell")
    if first < 0:
        return []
    found = MERGE_RE.findall(xml, max(0, xml.rfind("<", 0, first)))
    return [(int(r1), _column(c1), int(r2), _column(c2)) for c1, r1, c2, r2 in found]


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
