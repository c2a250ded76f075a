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
class RowPlan:
    """One valid row: a pupil to create (pupil_id None) or to update, with the fields that change."""

    row: int
    student_no: str
    name: str
    pupil_id: int | None
    class_name: str
    changes: tuple[tuple[str, object, object], ...] = ()  # (field, old, new) for an update


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

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.rejected}))

    @property
    def writes_anything(self) -> bool:
        return bool(self.creates or self.updates)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected_rows: int
    new_classes: int
