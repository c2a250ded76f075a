"""What a roster row says beyond its cells: each parent's away status as read, the row's 班主任, its left-behind verdict."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from schoolcare.domain import validation
from schoolcare.domain.eligibility import ParentSituation, away_answer, left_behind_verdict, works_away
from schoolcare.domain.roster import ParentReading
from schoolcare.domain.validation import InvalidField
from schoolcare.services.registry.classes import HOMEROOM_ROLES
from schoolcare.store.models import Guardian, Staff

PARENTS = ("father", "mother")


def check_away(value: object) -> bool:
    """An explicit 是否外出 cell: 是 / 否, or words (外出务工 → away, 在家务农 → at home); else the 是 / 否 problem."""
    try:
        return validation.yes_no(value, "away")
    except InvalidField:
        answer = away_answer(value)
        if answer is None:
            raise
        return answer


def read_away(cells: dict[str, object], clean: dict[str, object]) -> tuple[str, str] | None:
    """Set a parent's clean["away"] and say where it was read: an explicit 是否外出 answer wins, else the work place.

    广东省东莞市 / 在外务工 → away; 在家 / 务农 / 本村 / 无 → at home. None: the row says nothing of it.
    """
    if "away" in cells:  # already checked with the other cells (check_away)
        answer = validation.normalise_text(cells["away"])
        place = validation.normalise_text(cells.get("work_place"))
        # Shown beside the reading: where an away parent works, or the answer when it was words (在家务农).
        if clean.get("away"):
            return "column", place or ("" if _yes_no(answer) else answer)
        return "column", "" if _yes_no(answer) else answer
    if "work_place" in cells:
        clean["away"] = works_away(cells["work_place"])
        return "place", validation.normalise_text(cells["work_place"])
    return None


def merge_parent_guardian(groups: dict[str, dict[str, object]]) -> None:
    """监护人 罗梅, 与儿童关系 母亲, and 母亲姓名 罗梅: the mother at home is the guardian, not a second mother."""
    carer = groups.get("guardian")
    if not carer or carer.get("relation") not in PARENTS:
        return
    parent = groups.get(str(carer["relation"]))
    if parent is None or parent.get("name") != carer.get("name"):
        return
    for name, value in carer.items():
        if name != "relation":
            parent.setdefault(name, value)
    del groups["guardian"]


def readings(groups: dict[str, dict[str, object]], said: dict[str, tuple[str, str]],
             family: list[Guardian] | None) -> tuple[ParentReading, ...]:
    """Each parent as the import will leave them: the row's reading, else what is on record, else missing."""
    out = []
    for relation in PARENTS:
        on_record = next((g for g in family or [] if g.relation == relation), None)
        values = groups.get(relation)
        if values is not None and relation in said:
            source, value = said[relation]
            out.append(ParentReading(relation, bool(values["away"]), source, value))
        elif on_record is not None:
            out.append(ParentReading(relation, bool(on_record.away), "kept", on_record.work_place))
        elif values is not None:
            out.append(ParentReading(relation, False, "blank"))
        else:
            out.append(ParentReading(relation, None, "missing"))
    return tuple(out)


def verdict(birth: dt.date, groups: dict[str, dict[str, object]], family: list[Guardian] | None,
            parents: tuple[ParentReading, ...], today: dt.date, was: bool) -> bool:
    """Left-behind as the import (and refresh_left_behind after it) will derive it; no guardian at all: unchanged."""
    if not groups and not family:
        return was
    situations = []
    for reading in parents:
        if reading.away is None:
            continue
        on_record = next((g for g in family or [] if g.relation == reading.relation), None)
        capacity = groups.get(reading.relation, {}).get("capacity") or (on_record.capacity if on_record else "full")
        situations.append(ParentSituation(reading.relation, reading.away, str(capacity)))
    return left_behind_verdict(birth, situations, today).left_behind


def teacher_finder(school_id: int) -> Callable[[object], tuple[int, str]]:
    """A lookup of active staff by login or name (one query): (staff id, name), or InvalidField naming the cell."""
    by_login: dict[str, tuple[int, str, str]] = {}
    by_name: dict[str, list[tuple[int, str, str]]] = {}
    query = Staff.select(Staff.id, Staff.name, Staff.login, Staff.role).where(
        (Staff.school == school_id) & (Staff.active == True))  # noqa: E712
    for staff_id, name, login, role in query.tuples():
        by_login[login.strip().lower()] = (staff_id, name, role)
        by_name.setdefault(_name_key(name), []).append((staff_id, name, role))

    def find(value: object) -> tuple[int, str]:
        text = validation.normalise_text(value)
        named = by_name.get(_name_key(text), [])
        if text.lower() in by_login:
            found = by_login[text.lower()]
        elif len(named) == 1:
            found = named[0]
        elif named:
            raise InvalidField("registry.teacher_ambiguous", "homeroom", value=text, count=len(named))
        else:
            raise InvalidField("registry.teacher_unknown", "homeroom", value=text)
        if found[2] not in HOMEROOM_ROLES:  # a principal leads the school, not a class
            raise InvalidField("registry.homeroom_role", "homeroom", name=found[1])
        return found[0], found[1]
    return find


def _yes_no(answer: str) -> bool:
    try:
        validation.yes_no(answer, "away")
    except InvalidField:
        return False
    return True


def _name_key(name: str) -> str:
    return validation.normalise_text(name).replace(" ", "")
