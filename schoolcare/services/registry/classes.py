"""Classes and their homeroom teachers (班主任): who leads a class, from when, kept as dated history."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.registry import ClassEntry, HomeroomSpell
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.domain.validation import InvalidField, normalise_text
from schoolcare.services import audit
from schoolcare.services.access import active_colleague, check_actor, class_in_reach, require
from schoolcare.services.errors import NotFound, ValidationError, invalid, visible
from schoolcare.services.registry.roster_columns import parse_class
from schoolcare.services.registry.search_keys import class_name
from schoolcare.services.tx import writing
from schoolcare.store.models import HomeroomTerm, Pupil, SchoolClass, Staff

ENROLLED = "enrolled"
# Who may lead a class: a teacher, or the coordinator who often leads one too; never the principal.
HOMEROOM_ROLES = (Role.TEACHER.value, Role.COORDINATOR.value)


def assign_homeroom(school_id: int, class_id: int, staff_id: int | None, on: dt.date, reason: str = "") -> bool:
    """Make `staff_id` (None: nobody) the class's homeroom teacher from `on`, closing the current term.

    Call inside the caller's transaction (`writing()`), which also writes its audit row; returns whether
    anything changed. A change on the day the current term began replaces that term rather than leaving a
    term of no days.
    """
    school_class = SchoolClass.get((SchoolClass.id == class_id) & (SchoolClass.school == school_id))
    if school_class.homeroom_teacher_id == staff_id:
        return False
    current = (HomeroomTerm.select()
               .where((HomeroomTerm.school_class == class_id) & HomeroomTerm.end_on.is_null())
               .first())
    if current is not None:
        if current.start_on >= on:
            current.delete_instance()
        else:
            current.end_on = on - dt.timedelta(days=1)
            current.save()
    if staff_id is not None:
        HomeroomTerm.create(school=school_id, school_class=class_id, teacher=staff_id, start_on=on, reason=reason)
    school_class.homeroom_teacher = staff_id
    school_class.save()
    return True


def list_classes(actor: Actor, *, include_retired: bool = True) -> list[ClassEntry]:
    """Every class of the school with its homeroom teacher and enrolled pupils, in one query; a teacher
    sees only the class they lead."""
    check_actor(actor)
    teacher = Staff.alias()
    query = (
        SchoolClass.select(
            SchoolClass, teacher.name.alias("teacher_name"), teacher.login.alias("teacher_login"),
            pw.fn.COUNT(Pupil.id).alias("pupils"),
            pw.fn.SUM(pw.Case(None, [(Pupil.left_behind == True, 1)], 0)).alias("lb"),  # noqa: E712
        )
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(SchoolClass.homeroom_teacher == teacher.id))
        .switch(SchoolClass)
        .join(Pupil, pw.JOIN.LEFT_OUTER, on=((Pupil.school_class == SchoolClass.id) & (Pupil.status == ENROLLED)))
        .where(SchoolClass.school == actor.school_id)
        .group_by(SchoolClass.id, teacher.name, teacher.login)
        .order_by(SchoolClass.retired_on.is_null(False), SchoolClass.grade, SchoolClass.number)
    )
    if not include_retired:
        query = query.where(SchoolClass.retired_on.is_null())
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        query = query.where(SchoolClass.homeroom_teacher == actor.staff_id)
    return [
        ClassEntry(c.id, c.name, c.grade, c.number, c.homeroom_teacher_id, c.teacher_name or "",
                   c.teacher_login or "", c.pupils, c.lb or 0, c.retired_on)
        for c in query.objects()
    ]


def find_class(actor: Actor, name: str) -> int:
    """A class of the actor's school by its name (三年级(2)班, or 3年级2班 as it parses); NotFound otherwise."""
    check_actor(actor)
    text = normalise_text(name)
    found = SchoolClass.get_or_none((SchoolClass.school == actor.school_id) & (SchoolClass.name == text))
    if found is None:
        try:
            key = parse_class(None, text)
        except InvalidField:
            key = None
        if key is not None:
            found = SchoolClass.get_or_none((SchoolClass.school == actor.school_id)
                                            & (SchoolClass.grade == key[0]) & (SchoolClass.number == key[1]))
    if found is None:
        raise NotFound("registry.class_name_unknown", "class", name=text)
    return found.id


def _grade_and_number(name: str, grade: int | str | None) -> tuple[int, int]:
    try:
        parsed = parse_class(grade, name)
    except InvalidField as error:
        raise invalid(error) from None
    if parsed is None:
        raise ValidationError("required", "class")
    return parsed


def _names_grade(name: str) -> bool:
    try:
        return parse_class(None, name) is not None
    except InvalidField:
        return False


def _check_free(actor: Actor, name: str, key: tuple[int, int], class_id: int | None = None) -> None:
    others = SchoolClass.select().where(SchoolClass.school == actor.school_id)
    if class_id is not None:
        others = others.where(SchoolClass.id != class_id)
    clash = others.where((SchoolClass.name == name) | ((SchoolClass.grade == key[0]) & (SchoolClass.number == key[1])))
    taken = clash.first()
    if taken is not None:
        raise ValidationError("registry.class_name_taken", "name", name=taken.name)


def _homeroom_teacher(actor: Actor, staff_id: int) -> Staff:
    staff = active_colleague(actor, staff_id, "homeroom")
    if staff.role not in HOMEROOM_ROLES:
        raise ValidationError("registry.homeroom_role", "homeroom", name=staff.name)
    return staff


def create_class(actor: Actor, name: str, grade: int | str | None = None, homeroom_id: int | None = None,
                 on: dt.date | None = None) -> int:
    """A new class, named as schools write it (三年级(2)班; the grade parsed from it or given), unique in the
    school; optionally with its homeroom teacher from `on` (today)."""
    require(actor, Permission.MANAGE_CLASSES)
    name = normalise_text(visible(name, "name"))
    if not name:
        raise ValidationError("required", "name")
    key = _grade_and_number(name, grade)
    if not _names_grade(name):
        name = class_name(*key)  # "(2)班 --grade 3" is kept as schools write it: 三年级(2)班
    on = on or clock.today()
    with writing():
        _check_free(actor, name, key)
        created = SchoolClass.create(school=actor.school_id, grade=key[0], number=key[1], name=name)
        audit.record(actor, "create", "class", created.id, changes={"name": name, "grade": key[0]})
        if homeroom_id is not None:
            _set_homeroom(actor, created, homeroom_id, on, "")
    return created.id


def rename_class(actor: Actor, class_id: int, new_name: str) -> None:
    """A class's new name; a name that reads as another grade or number (三年级 → 四年级 at a new year) moves
    those with it."""
    require(actor, Permission.MANAGE_CLASSES)
    new_name = normalise_text(visible(new_name, "name"))
    if not new_name:
        raise ValidationError("required", "name")
    with writing():
        found = class_in_reach(actor, class_id)
        try:
            key = parse_class(found.grade, new_name) or (found.grade, found.number)
        except InvalidField:
            key = (found.grade, found.number)  # a name such as 火箭班 keeps its place in the list
        _check_free(actor, new_name, key, class_id)
        before = {"name": found.name, "grade": found.grade}
        SchoolClass.update(name=new_name, grade=key[0], number=key[1]).where(SchoolClass.id == class_id).execute()
        audit.record(actor, "update", "class", class_id,
                     changes=audit.diff(before, {"name": new_name, "grade": key[0]}))


def retire_class(actor: Actor, class_id: int, on: dt.date | None = None) -> None:
    """A class that no longer runs: refused while it has enrolled pupils (move them first); its history stays."""
    require(actor, Permission.MANAGE_CLASSES)
    on = on or clock.today()
    with writing():
        found = class_in_reach(actor, class_id)
        if found.retired_on is not None:
            raise ValidationError("registry.class_retired", "class", name=found.name)
        pupils = Pupil.select().where((Pupil.school_class == class_id) & (Pupil.status == ENROLLED)).count()
        if pupils:
            raise ValidationError("registry.class_has_pupils", "class", name=found.name, n=pupils)
        assign_homeroom(actor.school_id, class_id, None, on)
        SchoolClass.update(retired_on=on).where(SchoolClass.id == class_id).execute()
        audit.record(actor, "retire", "class", class_id, changes={"name": found.name, "retired_on": on})


def set_homeroom(actor: Actor, class_id: int, staff_id: int | None, reason: str = "",
                 on: dt.date | None = None) -> bool:
    """Make `staff_id` (None: nobody) the class's homeroom teacher from `on` (today); the one before keeps
    their dated term. Returns whether anything changed."""
    require(actor, Permission.MANAGE_CLASSES)
    with writing():
        found = class_in_reach(actor, class_id)
        if found.retired_on is not None:
            raise ValidationError("registry.class_retired", "class", name=found.name)
        return _set_homeroom(actor, found, staff_id, on or clock.today(), visible(reason, "reason").strip())


def _set_homeroom(actor: Actor, found: SchoolClass, staff_id: int | None, on: dt.date, reason: str) -> bool:
    if staff_id is not None:
        _homeroom_teacher(actor, staff_id)
    return hand_over_class(actor, found.id, found.homeroom_teacher_id, staff_id, on, reason)


def hand_over_class(actor: Actor, class_id: int, before: int | None, staff_id: int | None, on: dt.date,
                    reason: str) -> bool:
    """assign_homeroom with its audit row, inside the caller's transaction (a checked successor)."""
    if not assign_homeroom(actor.school_id, class_id, staff_id, on, reason):
        return False
    audit.record(actor, "assign", "class", class_id,
                 changes={"homeroom_teacher_id": [before, staff_id], "start_on": on, "reason": reason})
    return True


def homeroom_history(actor: Actor, class_id: int) -> list[HomeroomSpell]:
    """Who led the class when: the current homeroom teacher first, then the newest."""
    found = class_in_reach(actor, class_id)
    rows = (
        HomeroomTerm.select(HomeroomTerm, Staff.name)
        .join(Staff, on=(HomeroomTerm.teacher == Staff.id))
        .where(HomeroomTerm.school_class == found.id)
        .order_by(HomeroomTerm.end_on.is_null().desc(), HomeroomTerm.start_on.desc(), HomeroomTerm.id.desc())
    )
    return [HomeroomSpell(r.teacher_id, r.teacher.name, r.start_on, r.end_on, r.reason) for r in rows]
