"""Staff who come and go: edits, a leaver's hand-over in one step, and access lost at the next action (R12)."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.roles import Role
from schoolcare.services import audit
from schoolcare.services.access import scoped_pupils
from schoolcare.services.accounts import auth
from schoolcare.services.errors import AuthError, NotFound, PermissionDenied, ValidationError
from schoolcare.services.registry import classes, staff
from schoolcare.store.models import CareAssignment, SchoolClass, Staff
from tests.factories import PASSWORD

DAY = dt.date(2026, 10, 12)


def test_a_member_of_staff_is_edited_and_audited(school):
    changes = staff.update_staff(school.coordinator, school.teacher.staff_id, phone="13800000001", age="41",
                                 address="青石镇", post="班主任")
    assert changes == {"phone": ["", "13800000001"], "age": [None, 41], "address": ["", "青石镇"]}
    row = next(s for s in staff.list_staff(school.coordinator) if s.id == school.teacher.staff_id)
    assert (row.phone, row.age, row.address, row.caseload, row.classes) == ("13800000001", 41, "青石镇", 3,
                                                                           ("三年级(1)班",))
    with pytest.raises(ValidationError) as bad_age:
        staff.update_staff(school.coordinator, school.teacher.staff_id, age="4x")
    assert bad_age.value.code == "accounts.age"
    with pytest.raises(PermissionDenied):
        staff.update_staff(school.teacher, school.teacher.staff_id, phone="1")


def test_a_leaver_with_pupils_and_a_class_needs_a_successor(school):
    with pytest.raises(ValidationError) as refused:
        staff.deactivate(school.coordinator, school.teacher.staff_id)
    assert refused.value.code == "accounts.still_responsible"
    assert refused.value.params == {"name": "郑老师", "pupils": 3, "classes": 1}
    assert Staff.get_by_id(school.teacher.staff_id).active

    moved = staff.deactivate(school.coordinator, school.teacher.staff_id, handover_to=school.other_teacher.staff_id,
                             reason="调离", on=DAY)
    assert moved == (3, 1)
    current = CareAssignment.select().where(CareAssignment.end_on.is_null()
                                            & CareAssignment.pupil.in_(school.pupil_ids[:3]))
    assert {a.teacher_id for a in current} == {school.other_teacher.staff_id}
    assert SchoolClass.get_by_id(school.class_ids[0]).homeroom_teacher_id == school.other_teacher.staff_id
    assert classes.homeroom_history(school.coordinator, school.class_ids[0])[0].reason == "调离"
    assert not Staff.get_by_id(school.teacher.staff_id).active
    assert [e.action for e in audit.recent(school.coordinator, 1)] == ["deactivate"]


def test_a_deactivated_account_is_refused_at_its_next_action(school):
    assert len(list(scoped_pupils(school.other_teacher))) == 2  # the check passed and is remembered
    staff.deactivate(school.coordinator, school.other_teacher.staff_id, handover_to=school.teacher.staff_id)
    with pytest.raises(AuthError) as refused:
        list(scoped_pupils(school.other_teacher))
    assert refused.value.code == "accounts.account_inactive"
    with pytest.raises(AuthError) as at_login:
        auth.authenticate("wang", PASSWORD)
    assert at_login.value.code == "accounts.account_inactive"
    with pytest.raises(AuthError) as wrong:
        auth.authenticate("wang", "not-the-password")
    assert wrong.value.code == "wrong_login"  # says nothing about the account to someone without its password
    staff.activate(school.coordinator, school.other_teacher.staff_id)
    assert list(scoped_pupils(school.other_teacher)) == []  # the caseload stayed with its new teacher
    assert auth.authenticate("wang", PASSWORD).name == "王老师"


def test_a_changed_role_is_refused_at_the_next_action(school):
    staff.update_staff(school.coordinator, school.principal.staff_id, role="teacher")
    with pytest.raises(AuthError) as refused:
        audit.recent(school.principal)
    assert refused.value.code == "accounts.role_changed"


def test_a_leaver_without_responsibilities_goes_at_once(school):
    staff.deactivate(school.coordinator, school.principal.staff_id)
    with pytest.raises(ValidationError) as again:
        staff.deactivate(school.coordinator, school.principal.staff_id)
    assert again.value.code == "accounts.already_inactive"
    with pytest.raises(ValidationError) as self_:
        staff.deactivate(school.coordinator, school.coordinator.staff_id)
    assert self_.value.code == "accounts.not_yourself"
    with pytest.raises(NotFound):
        staff.staff_by_login(school.coordinator, "nobody")
    assert staff.staff_by_login(school.coordinator, "HEAD") == school.principal.staff_id


def test_a_teacher_sees_other_staff_by_name_and_post_only(school):
    from schoolcare.services.accounts import school as school_service

    staff.update_staff(school.coordinator, school.other_teacher.staff_id, phone="13800000001")
    rows = {s.id: s for s in staff.list_staff(school.teacher)}
    other = rows[school.other_teacher.staff_id]
    assert (other.name, other.post) == ("王老师", "科任教师")
    assert (other.login, other.role, other.phone, other.age, other.address, other.caseload, other.classes) == (
        "", "", "", None, "", 0, ())
    assert rows[school.coordinator.staff_id].login == ""
    me = rows[school.teacher.staff_id]  # their own row whole
    assert (me.login, me.role, me.caseload, me.classes) == ("zheng", "teacher", 3, ("三年级(1)班",))
    # The other staff list (pickers in forms) holds no more
    picked = {s.id: s for s in school_service.list_staff(school.teacher)}
    assert (picked[school.other_teacher.staff_id].login, picked[school.other_teacher.staff_id].role,
            picked[school.other_teacher.staff_id].phone, picked[school.other_teacher.staff_id].caseload) == (
        "", None, "", 0)
    with pytest.raises(PermissionDenied):  # nor can roles be read by filtering on them
        school_service.list_staff(school.teacher, role=Role.PRINCIPAL)
    # A coordinator and a principal still see everything
    assert {s.id: s for s in staff.list_staff(school.principal)}[school.other_teacher.staff_id].phone == "13800000001"
    full = {s.id: s for s in staff.list_staff(school.coordinator)}[school.other_teacher.staff_id]
    assert (full.login, full.role, full.caseload) == ("wang", "teacher", 2)


def test_user_list_shows_a_teacher_names_and_posts_only(school, db_url, capsys, monkeypatch):
    from schoolcare.cli import main

    if not db_url.startswith("sqlite"):
        pytest.skip("the command line test runs on the SQLite file")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    assert main(["user", "list", "--db", db_url, "--user", "zheng"]) == 0
    out = capsys.readouterr().out
    assert "王老师\t科任教师" in out and "wang" not in out and "coord" not in out and "zheng\t郑老师" in out
