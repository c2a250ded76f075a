"""A roster import as plain values: what would be created, updated and rejected (row, column, reason), and what was done."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    """Why one row cannot be imported: the spreadsheet row number, the column as headed in the file, a reason's code."""

    row: int
    column: str
    field: str
    code: str  # the reason's error code (i18n.reason renders it): required, phone_mobile, registry.duplicate …
    value: str = ""  # the cell as found
    params: tuple[tuple[str, object], ...] = ()  # the values the reason's words name


@dataclass(frozen=True)
class ParentReading:
    """How the import read one parent of a row, so the coordinator can check it before writing."""

    relation: str  # father | mother
    away: bool | None  # None: no such parent in the file nor on record
    source: str  # column (是否外出), place (务工地点), blank (nothing said: at home), kept (as on record), missing
    value: str = ""  # the cell it was read from


@dataclass(frozen=True)
class RowPlan:
    """One valid row: a pupil to create (pupil_id None) or to update, with the fields that change."""

    row: int
    student_no: str
    name: str
    pupil_id: int | None
    class_name: str
    changes: tuple[tuple[str, object, object], ...] = ()  # (field, old, new) for an update
    parents: tuple[ParentReading, ...] = ()
    left_behind: bool = False  # as the import will derive it
    enrolled_on: str = ""  # ISO date the pupil will be enrolled from (a create)
    enrolled_default: bool = False  # no 入学日期 in the row: the import day
    homeroom: str = ""  # the 班主任 named in the row


@dataclass(frozen=True)
class RosterPreview:
    file: str
    header_row: int
    columns: tuple[tuple[str, str], ...]  # (header as written, field it fills)
    ignored: tuple[str, ...]  # headers the import does not know (序号, 备注 …)
    creates: tuple[RowPlan, ...]
    updates: tuple[RowPlan, ...]
    unchanged: int
    rejected: tuple[RowProblem, ...]  # every problem; a row may have several
    new_classes: tuple[str, ...] = field(default_factory=tuple)
    left_behind: int = 0  # valid rows (created, updated or unchanged) that will count as left-behind
    homerooms: tuple[tuple[str, str], ...] = ()  # (class, teacher) the import will set

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.rejected}))

    @property
    def writes_anything(self) -> bool:
        return bool(self.creates or self.updates or self.homerooms)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected_rows: int
    new_classes: int
    homerooms: int = 0  # classes whose 班主任 the import set
