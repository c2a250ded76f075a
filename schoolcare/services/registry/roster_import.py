"""Roster import (.xlsx / .csv): a preview of rows to create, update and reject, then all of it in one short transaction.

Rosters come from other people's spreadsheets, so the reader is forgiving about
layout (title rows above the header, a two-level header with 父亲 / 母亲 over
姓名 / 电话, blank rows, full-width digits, trailing spaces, dates as text or
serials) and strict about content: every bad cell is reported with its row,
column and reason, and a rejected row is skipped whole. Families are read as
schools write them: a parent's 务工地点 (广东省东莞市 / 在家务农) says whether they
work away unless an explicit 是否外出 column answers; a 班主任 column names the
teacher of a class the import creates or that has none. Blank cells never erase
what the school already has, so re-importing a file changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from schoolcare.domain import clock, validation
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.roster import ImportResult, ParentReading, RosterPreview, RowPlan, RowProblem
from schoolcare.domain.shorten import shorten
from schoolcare.domain.validation import InvalidField
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.bulk import collection_paused
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry import national_ids
from schoolcare.services.registry import roster_reading as reading
from schoolcare.services.registry import roster_writing as writes
from schoolcare.services.registry.classes import assign_homeroom
from schoolcare.services.registry.pupils import refresh_left_behind
from schoolcare.services.registry.roster_checks import CellChecks, RowLayout
from schoolcare.services.registry.roster_columns import GROUPS, PUPIL_COLUMNS
from schoolcare.services.registry.roster_layout import blank, fill_merged, find_header, is_footer
from schoolcare.services.registry.roster_reading import PARENTS
from schoolcare.services.registry.search_keys import class_name
from schoolcare.services.tabular_read import read_rows, unreadable
from schoolcare.services.tx import writing
from schoolcare.store.models import Pupil, SchoolClass

ROSTER_SUFFIXES = (".xlsx", ".xlsm", ".csv")  # what services.tabular_read.read_rows reads
PUPIL_FIELDS = tuple(c.key for c in PUPIL_COLUMNS if c.key not in ("grade", "class", "homeroom"))
REQUIRED = tuple(c.key for c in PUPIL_COLUMNS if c.required)
GROUP_RELATION = {group: relation for group, relation, _zh, _en in GROUPS}


@dataclass
class _Row:
    number: int
    pupil: dict[str, object]
    grade_class: tuple[int, int] | None
    groups: dict[str, dict[str, object]]
    said: dict[str, tuple[str, str]] = field(default_factory=dict)  # parent → (source, cell) of their away reading
    homeroom: tuple[int, str] | None = None  # (staff id, name) from the 班主任 cell
    enrolled_default: bool = False
    existing: Pupil | None = None
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    parents: tuple[ParentReading, ...] = ()
    left_behind: bool = False


@dataclass
class _Plan:
    preview: RosterPreview
    creates: list[_Row]
    updates: list[_Row]
    classes: dict[tuple[int, int], int | None]  # None: to be created
    homerooms: dict[tuple[int, int], int]  # class → the staff id the import makes its homeroom teacher


# ---------------------------------------------------------------- cleaning one row

def _clean_row(number: int, cells: list[object], layout: RowLayout, checks: CellChecks,
               problems: list[RowProblem], find_teacher: Callable[[object], tuple[int, str]]) -> _Row | None:
    found: list[RowProblem] = []
    cells = layout.cells(cells)
    col = layout.col

    def problem(key: str, error: InvalidField) -> None:
        found.append(RowProblem(number, layout.header.get(key, key), key, error.code,  # the cell as found, cut short
                                shorten(validation.normalise_text(cells[col[key]] if key in col else None)),
                                tuple(error.params.items())))

    pupil: dict[str, object] = {}
    for key, at in layout.pupil:
        if at is None:
            if key in REQUIRED:
                problem(key, InvalidField("registry.missing_column", key))
            continue
        value = cells[at]
        if blank(value):
            if key in REQUIRED:
                problem(key, InvalidField("required", key))
            continue
        value = checks.pupil(key, value)
        if isinstance(value, InvalidField):
            problem(key, value)
        else:
            pupil[key] = value
    grade_class = checks.grade_class(cells[col["grade"]] if "grade" in col else None,
                                     cells[col["class"]] if "class" in col else None)
    class_read = not isinstance(grade_class, InvalidField)
    if isinstance(grade_class, InvalidField):
        problem("class" if "class" in col else "grade", grade_class)
        grade_class = None
    homeroom = None
    if "homeroom" in col and not blank(cells[col["homeroom"]]):
        try:
            homeroom = find_teacher(cells[col["homeroom"]])
            if grade_class is None and class_read:  # a 班主任 of no class: say so rather than drop it
                raise InvalidField("registry.homeroom_no_class", "homeroom")
        except InvalidField as error:
            problem("homeroom", error)
    groups: dict[str, dict[str, object]] = {}
    said: dict[str, tuple[str, str]] = {}
    for group, relation, parent, fields in layout.groups:
        cells_of = {name: cells[at] for name, at in fields if not blank(cells[at])}
        if not cells_of:
            continue
        clean: dict[str, object] = {"relation": relation}
        for name, value in cells_of.items():
            if name == "relation" and parent:
                continue
            checked = checks.guardian(name, value, parent)
            if isinstance(checked, InvalidField):
                problem(f"{group}.{name}", checked)
            else:
                clean[name] = checked
        if "name" not in cells_of:
            problem(f"{group}.name", InvalidField("required", f"{group}.name"))
        if group in PARENTS:
            said_of = reading.read_away(cells_of, clean)
            if said_of is not None:
                said[group] = said_of
        groups[group] = clean
    reading.merge_parent_guardian(groups)
    if found:
        problems.extend(found)
        return None
    # A pupil owes care only from their enrolment here: without a date, from the day they are imported.
    enrolled_default = "enrolled_on" not in pupil
    return _Row(number, pupil, grade_class, groups, said, homeroom, enrolled_default)


# ---------------------------------------------------------------- planning

@dataclass
class _Reading:
    """A roster file read, cleaned and checked row by row: the work that needs no write lock."""

    file: str
    header_row: int
    columns: list[tuple[int, str, str]]
    ignored: list[str]
    rows: list[_Row]
    problems: list[RowProblem]
    led_by: dict[tuple[int, int], tuple[int, str, int]]  # class → (staff id, name, first row naming them)


def _school_classes(actor: Actor) -> tuple[dict[tuple[int, int], int | None], dict, set[tuple[int, int]]]:
    """The school's classes by (grade, number): ids, homeroom teachers, and which are retired."""
    classes: dict[tuple[int, int], int | None] = {}
    leaders, retired = {}, set()
    for class_id, grade, number, leader, retired_on in SchoolClass.select(
            SchoolClass.id, SchoolClass.grade, SchoolClass.number, SchoolClass.homeroom_teacher,
            SchoolClass.retired_on).where(SchoolClass.school == actor.school_id).tuples():
        classes[(grade, number)], leaders[(grade, number)] = class_id, leader
        if retired_on is not None:
            retired.add((grade, number))
    return classes, leaders, retired


def _retired_problem(row: _Row, header_of: dict[str, str]) -> RowProblem:
    field_key = "class" if "class" in header_of else "grade"
    assert row.grade_class is not None
    return RowProblem(row.number, header_of[field_key], field_key, "registry.class_retired",
                      class_name(*row.grade_class), (("name", class_name(*row.grade_class)),))


def _read(actor: Actor, path: Path, today: dt.date) -> _Reading:
    if path.suffix.lower() not in ROSTER_SUFFIXES:
        raise ValidationError("registry.file_type", "file", file=path.name)
    try:
        rows = read_rows(path)
    except FileNotFoundError:
        raise ValidationError("registry.no_such_file", "file", file=path.name) from None
    except OSError as error:  # a folder, a file we may not read …
        raise ValidationError("registry.file_unreadable", "file", file=path.name,
                              detail=error.strerror or type(error).__name__) from None
    except ValidationError:  # over an import: limit (tabular_read.read_rows), already in the user's words
        raise
    except Exception as error:  # openpyxl's own errors for a damaged or non-Excel file
        if isinstance(error, ValueError) and path.suffix.lower() == ".csv":  # a CSV's only one: not UTF-8 or GBK
            raise ValidationError("registry.file_encoding", "file", file=path.name) from None
        raise unreadable(path, error) from None
    header_index, columns, ignored = find_header(rows)
    fill_merged(path, rows, header_index + 1)
    problems: list[RowProblem] = []
    cleaned: list[_Row] = []
    first_row: dict[str, int] = {}
    header_of = {key: header for _c, key, header in columns}
    find_teacher = reading.teacher_finder(actor.school_id)
    checks, layout = CellChecks(today), RowLayout(columns, PUPIL_FIELDS)
    _classes, _leaders, retired = _school_classes(actor)
    led_by: dict[tuple[int, int], tuple[int, str, int]] = {}  # class → (staff id, name, first row naming them)
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        if all(blank(c) for c in cells) or is_footer(cells, columns):
            continue
        row = _clean_row(index + 1, cells, layout, checks, problems, find_teacher)
        if row is None:
            continue
        number = str(row.pupil["student_no"])
        if number in first_row:
            problems.append(RowProblem(row.number, header_of["student_no"], "student_no", "registry.duplicate",
                                       number, (("row", first_row[number]),)))
            continue
        if row.grade_class in retired:  # its pupils were moved before it was retired: none go back
            problems.append(_retired_problem(row, header_of))
            continue
        if row.homeroom and row.grade_class:
            first = led_by.setdefault(row.grade_class, (*row.homeroom, row.number))
            if first[0] != row.homeroom[0]:
                problems.append(RowProblem(row.number, header_of["homeroom"], "homeroom", "registry.homeroom_conflict",
                                           row.homeroom[1], (("row", first[2]), ("teacher", first[1]))))
                continue
        first_row[number] = row.number
        cleaned.append(row)
    return _Reading(Path(path).name, header_index + 1, columns, list(ignored), cleaned, problems, led_by)


def _plan(actor: Actor, path: Path, today: dt.date) -> _Plan:
    return _planned(actor, _read(actor, path, today), today)


def _planned(actor: Actor, read: _Reading, today: dt.date) -> _Plan:
    """What the read rows do to the school as the database holds it now: run again inside the write, so a pupil,
    class or 班主任 added since the file was read is updated, not created twice."""
    columns = read.columns
    header_of = {key: header for _c, key, header in columns}
    classes, leaders, retired = _school_classes(actor)
    problems = list(read.problems)
    cleaned = []
    for row in read.rows:
        if row.grade_class in retired:  # retired since the file was read
            problems.append(_retired_problem(row, header_of))
            problems.sort(key=lambda p: p.row)
            continue
        # A row planned before: back to what the file said.
        row.existing, row.changes, row.parents, row.left_behind = None, [], (), False
        if row.enrolled_default:
            row.pupil.pop("enrolled_on", None)
        cleaned.append(row)
    led_by = {key: led for key, led in read.led_by.items() if key not in retired}
    existing = _existing(actor, [str(r.pupil["student_no"]) for r in cleaned])
    cleaned, clashes = national_ids.roster_clashes(actor, cleaned, existing, header_of)  # one enrolled pupil each
    if clashes:
        problems = sorted([*problems, *clashes], key=lambda p: p.row)
    for row in cleaned:
        if row.grade_class and row.grade_class not in classes:
            classes[row.grade_class] = None
    # A class the import creates, or one nobody leads yet, gets the 班主任 the file names; a class already
    # led keeps its teacher (a change of 班主任 is the class screen's, with its reason).
    homerooms = {key: staff_id for key, (staff_id, _name, _row) in led_by.items() if leaders.get(key) is None}
    creates, updates, unchanged, left_behind = [], [], 0, 0
    for row in cleaned:
        row.existing = existing.get(str(row.pupil["student_no"]))
        family = row.existing.family if row.existing else None  # type: ignore[attr-defined]
        row.parents = reading.readings(row.groups, row.said, family)
        row.left_behind = reading.verdict(row.pupil["birth_date"], row.groups, family,  # type: ignore[arg-type]
                                  row.parents, today, bool(row.existing and row.existing.left_behind))
        left_behind += row.left_behind
        if row.existing is None:
            if row.enrolled_default:
                row.pupil["enrolled_on"] = today
            creates.append(row)
            continue
        row.changes = _changes(row, classes)
        if row.changes:
            updates.append(row)
        else:
            unchanged += 1
    names = {key: class_name(*key) for key in classes}
    preview = RosterPreview(
        file=read.file, header_row=read.header_row, columns=tuple((h, k) for _c, k, h in columns),
        ignored=tuple(read.ignored),
        creates=tuple(_row_plan(r, None, names) for r in creates),
        updates=tuple(_row_plan(r, r.existing.id, names) for r in updates),
        unchanged=unchanged, rejected=tuple(problems),
        new_classes=tuple(names[key] for key, cid in sorted(classes.items()) if cid is None),
        left_behind=left_behind,
        homerooms=tuple((names[key], led_by[key][1]) for key in sorted(homerooms)),
    )
    return _Plan(preview, creates, updates, classes, homerooms)


def _row_plan(row: _Row, pupil_id: int | None, names: dict[tuple[int, int], str]) -> RowPlan:
    enrolled = row.pupil.get("enrolled_on")
    return RowPlan(row.number, str(row.pupil["student_no"]), str(row.pupil.get("name") or row.existing.name),
                   pupil_id, names.get(row.grade_class, ""), tuple(row.changes), row.parents, row.left_behind,
                   enrolled.isoformat() if isinstance(enrolled, dt.date) else "",
                   row.enrolled_default and pupil_id is None, row.homeroom[1] if row.homeroom else "")


def _existing(actor: Actor, numbers: list[str]) -> dict[str, Pupil]:
    return writes.on_record(actor.school_id, numbers)


def _changes(row: _Row, classes: dict[tuple[int, int], int | None]) -> list[tuple[str, object, object]]:
    pupil = row.existing
    assert pupil is not None
    changes = [(k, getattr(pupil, k), v) for k, v in row.pupil.items() if getattr(pupil, k) != v]
    if row.grade_class is not None:
        class_id = classes.get(row.grade_class)
        if class_id is None or class_id != pupil.school_class_id:
            changes.append(("class", pupil.school_class_id, class_name(*row.grade_class)))
    for group, values in row.groups.items():
        guardian = writes.match_guardian(pupil, group, values)
        if guardian is None:
            changes.append((group, None, values.get("name")))
            continue
        for name, value in values.items():
            if name != "relation" or group not in PARENTS:
                if name == "relation" and value == "other":
                    continue  # "other" is the default, not a change of a known relation
                if getattr(guardian, name) != value:
                    changes.append((f"{group}.{name}", getattr(guardian, name), value))
    return changes


@collection_paused()
def preview_roster(actor: Actor, path: Path | str, today: dt.date | None = None) -> RosterPreview:
    """What importing `path` would do; writes nothing."""
    require(actor, Permission.IMPORT_ROSTER)
    return _plan(actor, Path(path), today or clock.today()).preview


# ---------------------------------------------------------------- writing

@collection_paused()
def import_roster(actor: Actor, path: Path | str, today: dt.date | None = None) -> tuple[RosterPreview, ImportResult]:
    """Import every valid row of `path` in one transaction; rejected rows are skipped and reported.

    The file is read and checked before the transaction, which holds the write lock only to plan the read rows
    against the school as it is then (a few queries) and write them: other people's saves wait a moment, not
    the whole read of a large file."""
    require(actor, Permission.IMPORT_ROSTER)
    today = today or clock.today()
    read = _read(actor, Path(path), today)
    plan = _planned(actor, read, today)
    seen = writes.stamp(actor.school_id)
    prepared = writes.prepare_creates(actor.school_id, plan.creates)
    with writing():
        if (writes.stamp(actor.school_id) != seen
                or writes.numbers_taken(actor.school_id, [str(r.pupil["student_no"]) for r in plan.creates])):
            # Someone changed the school while the file was read: plan again from the rows already read.
            plan = _planned(actor, read, today)
            prepared = writes.prepare_creates(actor.school_id, plan.creates)
        preview = plan.preview
        writes.create_classes(actor, plan.classes)
        led = 0
        for key, staff_id in sorted(plan.homerooms.items()):
            class_id = plan.classes[key]
            assert class_id is not None
            if assign_homeroom(actor.school_id, class_id, staff_id, today, reason=preview.file):
                audit.record(actor, "assign", "class", class_id, changes={
                    "homeroom_teacher_id": [None, staff_id], "start_on": today, "reason": preview.file})
                led += 1
        created = writes.write_creates(actor, prepared, plan.classes)
        writes.write_updates(actor, plan.updates, plan.classes)
        if preview.writes_anything:
            refresh_left_behind(actor, writes.to_derive_again(actor.school_id, created), actor.school_id, today)
        if preview.writes_anything or preview.new_classes:
            audit.record(actor, "import", "roster", None, changes={
                "file": preview.file, "created": len(plan.creates), "updated": len(plan.updates),
                "unchanged": preview.unchanged, "rejected_rows": len(preview.rejected_rows),
                "homerooms": led,
            })
    return preview, ImportResult(len(plan.creates), len(plan.updates), preview.unchanged,
                                 len(preview.rejected_rows), len(preview.new_classes), led)
