"""A new school's next steps, each done when the school has it: pupils in classes, teachers leading every class,
a care-centre room, a care teacher assigned; the list is walked until care work begins."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.setup import STEPS
from schoolcare.services.accounts.auth import actor_for, hash_password
from schoolcare.services.accounts.setup_steps import setup_steps
from schoolcare.services.errors import PermissionDenied
from schoolcare.store.models import CareAssignment, Room, School, SchoolClass, Staff
from tests.factories import add_pupil


def _done(actor) -> dict[str, bool]:
    return {s.name: s.done for s in setup_steps(actor).steps}


def test_an_empty_school_walks_every_step_in_order(db_url):
    school = School.create(name="新建小学")
    coordinator = actor_for(Staff.create(school=school, name="周协调", login="c", role="coordinator",
                                         password_hash=hash_password("secret-pw")))
    steps = setup_steps(coordinator)
    assert [s.name for s in steps.steps] == list(STEPS) and steps.walking
    assert not any(s.done for s in steps.steps)
    assert steps.step("rooms").keys == ("5", "a") and steps.step("roster").keys == ("2", "i")

    class1 = SchoolClass.create(school=school, grade=1, number=1, name="一年级(1)班")  # a class added by hand
    assert _done(coordinator) == {"roster": True, "staff": False, "rooms": False, "care_teachers": False}
    pupil = add_pupil(school.id, class1.id, "S1", "张三")
    assert _done(coordinator)["roster"]

    teacher = Staff.create(school=school, name="郑老师", login="z", role="teacher", password_hash="x")
    assert not _done(coordinator)["staff"]  # a teacher, but the class has nobody leading it
    SchoolClass.update(homeroom_teacher=teacher).execute()
    assert _done(coordinator)["staff"]

    Room.create(school=school, kind="activity_room", name="活动室")
    assert _done(coordinator)["rooms"] and setup_steps(coordinator).walking

    CareAssignment.create(school=school, pupil=pupil, teacher=teacher, start_on=dt.date(2026, 9, 1))
    steps = setup_steps(coordinator)
    assert all(s.done for s in steps.steps) and not steps.walking


def test_classes_added_by_hand_tick_the_first_step_and_a_retired_class_does_not(db_url):
    school = School.create(name="新建小学")
    coordinator = actor_for(Staff.create(school=school, name="周协调", login="c", role="coordinator",
                                         password_hash=hash_password("secret-pw")))
    SchoolClass.create(school=school, grade=1, number=1, name="一年级(1)班", retired_on=dt.date(2026, 7, 1))
    assert not _done(coordinator)["roster"]  # only a retired class: nothing to put pupils in
    SchoolClass.create(school=school, grade=2, number=1, name="二年级(1)班")  # no pupils yet
    assert _done(coordinator)["roster"]


def test_a_running_school_is_not_walked_even_with_steps_left(school):
    steps = setup_steps(school.coordinator)  # care teachers assigned; no rooms yet, one class without a leader
    assert not steps.step("rooms").done and not steps.step("staff").done
    assert not steps.walking


def test_only_the_coordinator_reads_the_steps(school):
    with pytest.raises(PermissionDenied):
        setup_steps(school.teacher)
