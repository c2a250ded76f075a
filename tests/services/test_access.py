"""Roles are enforced in the data layer: teacher scoping, principal read-only, school isolation."""
from __future__ import annotations

import pytest

from schoolcare.domain.roles import Role
from schoolcare.services.access import get_pupil, scoped_pupils
from schoolcare.services.accounts import auth
from schoolcare.services.accounts import school as school_service
from schoolcare.services.errors import NotFound, PermissionDenied
from tests.factories import build_small_school


def test_teacher_sees_assigned_pupils_and_own_class_only(school):
    ids = {p.id for p in scoped_pupils(school.teacher)}
    assert ids == set(school.pupil_ids[:3])  # assigned pupils == class 1 here
    other_ids = {p.id for p in scoped_pupils(school.other_teacher)}
    assert other_ids == set(school.pupil_ids[3:])


def test_teacher_cannot_open_another_teachers_pupil(school):
    with pytest.raises(NotFound):
        get_pupil(school.teacher, school.pupil_ids[3])
    assert get_pupil(school.other_teacher, school.pupil_ids[3]).id == school.pupil_ids[3]


def test_coordinator_and_principal_see_the_whole_school(school):
    everyone = set(school.pupil_ids) | {school.unassigned_pupil_id}
    assert {p.id for p in scoped_pupils(school.coordinator)} == everyone
    assert {p.id for p in scoped_pupils(school.principal)} == everyone


def test_principal_cannot_add_users(school):
    with pytest.raises(PermissionDenied):
        auth.add_user(school.principal, "新老师", Role.TEACHER, "newt", "password1")


def test_another_schools_pupils_are_out_of_reach(school):
    other = build_small_school("白河乡小学", prefix="b_")
    assert not {p.id for p in scoped_pupils(school.coordinator)} & set(other.pupil_ids)
    with pytest.raises(NotFound):
        get_pupil(school.coordinator, other.pupil_ids[0])


def test_glance_counts_unassigned_left_behind(school):
    glance = school_service.glance(school.coordinator)
    assert glance.pupils == 6
    assert glance.left_behind == 6
    assert glance.unassigned_left_behind == 1
    assert school_service.glance(school.teacher).pupils == 3


def test_an_account_is_checked_once_per_connection_and_again_on_the_next(school):
    from schoolcare.services.access import check_actor
    from schoolcare.services.errors import AuthError
    from schoolcare.store.database import db
    from schoolcare.store.models import Staff

    check_actor(school.teacher)
    # Another desk deactivates the account: this unit of work (connection) keeps its answer ...
    Staff.update(active=False).where(Staff.id == school.teacher.staff_id).execute()
    assert len(list(scoped_pupils(school.teacher))) == 3
    # ... and the next one, as each UI worker and each command opens, refuses it.
    db.close()
    db.connect()
    with pytest.raises(AuthError) as refused:
        scoped_pupils(school.teacher)
    assert refused.value.code == "accounts.account_inactive"
    with pytest.raises(AuthError):
        auth.set_password(school.teacher, school.teacher.staff_id, "another-pw")
    assert [p.id for p in scoped_pupils(school.coordinator)]  # others carry on
