"""`import attendance`: absences kept elsewhere, from a CSV (date, student number, kind, note), previewed then
written; each bad row named by row and column. An import adds or corrects the absences it lists and never removes
one (the file is not a register: a pupil it leaves out may have been recorded on the screen)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from schoolcare.domain import validation
from schoolcare.domain.dropouts import absence_kind
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services.access import require, scoped_pupils
from schoolcare.services.errors import ValidationError
from schoolcare.services.protection import attendance
from schoolcare.services.protection.attendance import AbsenceEntry
from schoolcare.services.tabular_read import read_rows
from schoolcare.services.tx import writing
from schoolcare.store.models import Pupil, SchoolClass

COLUMNS = ("date", "student_no", "kind", "note")
# Header words accepted for each column, either language.
HEADERS = {
    "date": ("date", "日期"),
    "student_no": ("student number", "student_no", "学号"),
    "kind": ("kind", "类别", "缺勤类别"),
    "note": ("note", "备注", "原因"),
}


@dataclass(frozen=True)
class ImportLine:
    row: int
    date: dt.date
    pupil_id: int
    student_no: str
    name: str
    kind: str
    note: str
    action: str  # created | updated | unchanged


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str  # one of COLUMNS, or "" for the whole row
    code: str
    params: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class ImportPreview:
    lines: tuple[ImportLine, ...]
    rejected: tuple[ImportProblem, ...]

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def rejected_rows(self) -> int:
        return len({problem.row for problem in self.rejected})


def _header(cells: list[object]) -> bool:
    words = [validation.normalise_text(c).lower() for c in cells[:4]]
    return len(words) >= 3 and all(any(w == h for h in HEADERS[col]) for w, col in zip(words, COLUMNS, strict=False))


def preview(actor: Actor, settings: Settings, path: Path | str, today: dt.date) -> ImportPreview:
    """What the file would write, row by row, and every rejected cell with its reason."""
    require(actor, Permission.LOG_CARE)
    rows = read_rows(path)
    if not rows or not _header(rows[0]):
        raise ValidationError("attendance.columns", "file")
    query = scoped_pupils(actor).where(Pupil.status == attendance.ENROLLED)
    if not actor.can(Permission.VIEW_ALL_PUPILS):  # a teacher keeps the register of the class they lead only
        query = query.where(Pupil.school_class.in_(
            SchoolClass.select(SchoolClass.id).where(SchoolClass.homeroom_teacher == actor.staff_id)))
    pupils = {p.student_no: p for p in query}
    lines: list[ImportLine] = []
    rejected: list[ImportProblem] = []
    seen: set[tuple[int, dt.date]] = set()
    for number, cells in enumerate(rows[1:], start=2):
        cells = [*cells, "", "", "", ""][:4]
        if not any(validation.normalise_text(c) for c in cells):
            continue
        try:
            line = _line(actor, settings, pupils, number, cells, today)
        except ValidationError as error:
            rejected.append(ImportProblem(number, error.field, error.code, tuple(error.params.items())))
            continue
        key = (line.pupil_id, line.date)
        if key in seen:
            rejected.append(ImportProblem(number, "student_no", "attendance.twice", ()))
            continue
        seen.add(key)
        lines.append(line)
    return ImportPreview(tuple(lines), tuple(rejected))


def _line(actor, settings, pupils, number, cells, today) -> ImportLine:
    raw_date, raw_no, raw_kind, raw_note = cells
    try:
        day = validation.date(raw_date, "date", needed=True)
    except validation.InvalidField as error:
        raise ValidationError(error.code, "date", **error.params) from None
    assert day is not None
    if day > today:
        raise ValidationError("attendance.future", "date", date=day.isoformat())
    attendance.check_school_day(settings, day)
    student_no = validation.normalise_text(raw_no)
    pupil = pupils.get(student_no)
    if pupil is None:
        raise ValidationError("attendance.no_student", "student_no", student_no=student_no)
    kind = absence_kind(validation.normalise_text(raw_kind))
    if kind is None:
        raise ValidationError("attendance.kind", "kind", value=validation.normalise_text(raw_kind))
    note = attendance.clean_note(raw_note, "note")
    had = attendance.existing_mark(pupil.id, day)
    action = "created" if had is None else "unchanged" if had == (kind, note) else "updated"
    return ImportLine(number, day, pupil.id, student_no, pupil.name, kind, note, action)


def write(actor: Actor, settings: Settings, path: Path | str, today: dt.date) -> tuple[ImportPreview, int]:
    """Preview again and write the good rows in one transaction; returns the preview and the cases opened."""
    from schoolcare.services.protection import dropouts

    found = preview(actor, settings, path, today)
    opened = 0
    with writing():
        by_id = {p.id: p for p in Pupil.select().where(Pupil.id.in_([line.pupil_id for line in found.lines]))}
        for line in found.lines:
            if line.action == "unchanged":
                continue
            attendance.upsert_absence(actor, settings, by_id[line.pupil_id], line.date,
                                      AbsenceEntry(line.pupil_id, line.kind, line.note))
        for line in sorted(found.lines, key=lambda line: line.date):
            if line.kind == "unexcused" and dropouts.check_absences(actor, settings, line.pupil_id, line.date):
                opened += 1
    return found, opened
