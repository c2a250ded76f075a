"""Classes: create, rename, retire, and homeroom teachers with dated history (R12)."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.services.errors import PermissionDenied, ValidationError
from schoolcare.services.registry import classes
from schoolcare.store.models import AuditEntry, Pupil

DAY = dt.date(2026, 9, 1)


def by_name(actor):
    return {c.name: c for c in classes.list_classes(actor)}


def test_a_class_is_created_with_its_grade_and_homeroom_teacher(school):
    class_id = classes.create_class(school.coordinator, "三年级（2）班", homeroom_id=school.other_teacher.staff_id,
                                    on=DAY)
    entry = by_name(school.coordinator)["三年级(2)班"]
    assert (entry.id, entry.grade, entry.number, entry.homeroom_teacher, entry.pupils) == (class_id, 3, 2, "王老师", 0)
    assert [(s.teacher, s.start_on, s.end_on) for s in classes.homeroom_history(school.coordinator, class_id)] == [
        ("王老师", DAY, None)]
    assert classes.create_class(school.coordinator, "(3)班", grade=5) == classes.find_class(school.coordinator, "五年级(3)班")
    # the other teacher now leads a class, so sees it (and only it)
    assert [c.name for c in classes.list_classes(school.other_teacher)] == ["三年级(2)班"]


def test_a_class_name_is_unique_in_the_school(school):
    with pytest.raises(ValidationError) as taken:
        classes.create_class(school.coordinator, "3年级1班")
    assert taken.value.code == "registry.class_name_taken" and taken.value.params["name"] == "三年级(1)班"
    with pytest.raises(ValidationError) as no_grade:
        classes.create_class(school.coordinator, "(2)班")
    assert no_grade.value.code == "registry.class_grade"


def test_only_the_coordinator_manages_classes(school):
    for actor in (school.teacher, school.principal):
        with pytest.raises(PermissionDenied):
            classes.create_class(actor, "六年级(1)班")
        with pytest.raises(PermissionDenied):
            classes.set_homeroom(actor, school.class_ids[1], actor.staff_id)


def test_renaming_moves_the_grade_and_is_audited(school):
    classes.rename_class(school.coordinator, school.class_ids[0], "四年级(1)班")
    entry = by_name(school.coordinator)["四年级(1)班"]
    assert (entry.grade, entry.number, entry.pupils) == (4, 1, 3)
    row = AuditEntry.select().where(AuditEntry.entity == "class").order_by(AuditEntry.id.desc()).first()
    assert row.action == "update" and "三年级(1)班" in row.changes
    with pytest.raises(ValidationError):
        classes.rename_class(school.coordinator, school.class_ids[0], "四年级(2)班")  # class 2's


def test_replacing_the_homeroom_teacher_keeps_dated_history(school):
    class_id = school.class_ids[1]
    classes.set_homeroom(school.coordinator, class_id, school.teacher.staff_id, on=DAY)
    later = DAY + dt.timedelta(days=30)
    assert classes.set_homeroom(school.coordinator, class_id, school.other_teacher.staff_id, "调岗", on=later)
    history = classes.homeroom_history(school.coordinator, class_id)
    assert [(s.teacher, s.start_on, s.end_on, s.reason) for s in history] == [
        ("王老师", later, None, "调岗"), ("郑老师", DAY, later - dt.timedelta(days=1), "")]
    assert not classes.set_homeroom(school.coordinator, class_id, school.other_teacher.staff_id)
    with pytest.raises(ValidationError) as principal:
        classes.set_homeroom(school.coordinator, class_id, school.principal.staff_id)
    assert principal.value.code == "registry.homeroom_role"


def test_a_class_with_pupils_cannot_be_retired(school):
    with pytest.raises(ValidationError) as refused:
        classes.retire_class(school.coordinator, school.class_ids[0])
    assert refused.value.code == "registry.class_has_pupils" and refused.value.params["n"] == 3
    Pupil.update(school_class=school.class_ids[1]).where(Pupil.school_class == school.class_ids[0]).execute()
    classes.retire_class(school.coordinator, school.class_ids[0], on=DAY)
    entry = by_name(school.coordinator)["三年级(1)班"]
    assert entry.retired and entry.homeroom_teacher == ""
    assert [c.name for c in classes.list_classes(school.coordinator, include_retired=False)] == ["四年级(2)班"]
    with pytest.raises(ValidationError):
        classes.set_homeroom(school.coordinator, school.class_ids[0], school.teacher.staff_id)
