"""一对一 care teachers: bulk assignment to full coverage, reassignment history with reasons, a departing teacher's handover."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.registry import PupilQuery
from schoolcare.i18n import reason
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.registry import assignments, pupil_list, pupils
from schoolcare.store.models import AuditEntry, CareAssignment, Staff
from tests.factories import _staff, add_pupil

DAY = dt.date(2026, 11, 28)


def load_of(coverage, name):
    return next(load.pupils for load in coverage.loads if load.name == name)


def test_coverage_counts_left_behind_with_a_current_teacher(school):
    cover = assignments.coverage(school.coordinator)
    assert (cover.left_behind, cover.assigned, cover.unassigned) == (6, 5, 1)
    assert cover.percent == pytest.approx(83.3)
    assert load_of(cover, "郑老师") == 3 and load_of(cover, "王老师") == 2


def test_bulk_assign_until_coverage_is_full(school):
    extra = [add_pupil(school.school_id, school.class_ids[1], f"S{n}", f"新生{n}") for n in range(300, 304)]
    unassigned = pupil_list.list_pupils(school.coordinator, PupilQuery(no_care_teacher=True)).rows
    outcome = assignments.assign(school.coordinator, [r.id for r in unassigned], school.other_teacher.staff_id, on=DAY)
    assert (outcome.assigned, outcome.reassigned, outcome.unchanged) == (5, 0, 0)
    cover = assignments.coverage(school.coordinator)
    assert cover.percent == 100.0 and cover.unassigned == 0
    assert load_of(cover, "王老师") == 2 + len(extra) + 1
    assert AuditEntry.select().where(AuditEntry.action == "assign").count() == 5


def test_moving_pupils_needs_a_reason_and_keeps_dated_history(school):
    pid = school.pupil_ids[0]
    with pytest.raises(ValidationError) as caught:
        assignments.assign(school.coordinator, [pid], school.other_teacher.staff_id, on=DAY)
    assert (caught.value.field, caught.value.code) == ("reason", "registry.move_reason")
    assert reason(caught.value.code, lang="zh-CN") == "学生已有关爱责任人，更换时请写明原因"
    outcome = assignments.reassign(school.coordinator, pid, school.other_teacher.staff_id, "郑老师调任毕业班", on=DAY)
    assert outcome.reassigned == 1
    history = assignments.history(school.coordinator, pid)
    assert [(s.teacher, s.start_on, s.end_on) for s in history] == [
        ("王老师", DAY, None), ("郑老师", dt.date(2026, 9, 1), DAY)]
    assert history[1].end_reason == "郑老师调任毕业班" and history[0].reason == "郑老师调任毕业班"
    # Assigning the same teacher again changes nothing.
    again = assignments.assign(school.coordinator, [pid], school.other_teacher.staff_id, on=DAY)
    assert again.unchanged == 1 and CareAssignment.select().where(CareAssignment.pupil == pid).count() == 2


def test_the_database_holds_one_current_teacher_per_pupil(school):
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        CareAssignment.create(school=school.school_id, pupil=school.pupil_ids[0],
                              teacher=school.other_teacher.staff_id, start_on=DAY)


def test_handover_moves_a_whole_caseload_to_the_least_loaded(school):
    new = _staff(school.school_id, "冯老师", "feng", "teacher")
    plan = assignments.handover(school.coordinator, school.teacher.staff_id,
                                [school.other_teacher.staff_id, new.id], "郑老师调离本校", on=DAY)
    assert set(plan) == set(school.pupil_ids[:3])
    # 王老师 already holds 2, 冯老师 none: 冯 takes two, 王 one, so the loads end up even.
    assert sorted(plan.values()).count(new.id) == 2
    cover = assignments.coverage(school.coordinator)
    assert load_of(cover, "郑老师") == 0 and load_of(cover, "冯老师") == 2 and load_of(cover, "王老师") == 3
    assert all(s.end_reason == "郑老师调离本校" for s in CareAssignment.select().where(CareAssignment.end_on == DAY))


def test_handover_to_an_inactive_teacher_is_refused_and_changes_nothing(school):
    Staff.update(active=False).where(Staff.id == school.other_teacher.staff_id).execute()
    with pytest.raises(ValidationError):
        assignments.handover(school.coordinator, school.teacher.staff_id, [school.other_teacher.staff_id], "离职")
    assert assignments.coverage(school.coordinator).assigned == 5


def test_leaving_school_ends_the_assignment(school):
    pid = school.pupil_ids[0]
    pupils.update_pupil(school.coordinator, pid, {"status": "转出", "left_on": "2026.11.27"}, today=DAY)
    assert assignments.history(school.coordinator, pid)[0].end_on == DAY
    assert assignments.coverage(school.coordinator).left_behind == 5
    with pytest.raises(ValidationError):
        assignments.assign(school.coordinator, [pid], school.teacher.staff_id)


def test_unassign_needs_a_reason(school):
    with pytest.raises(ValidationError):
        assignments.unassign(school.coordinator, school.pupil_ids[0], " ")
    assignments.unassign(school.coordinator, school.pupil_ids[0], "父母返乡", on=DAY)
    assert assignments.coverage(school.coordinator).assigned == 4


def test_only_the_coordinator_assigns(school):
    with pytest.raises(PermissionDenied):
        assignments.assign(school.teacher, [school.pupil_ids[0]], school.teacher.staff_id)
    with pytest.raises(PermissionDenied):
        assignments.assign(school.principal, [school.unassigned_pupil_id], school.teacher.staff_id)
    with pytest.raises(PermissionDenied):
        assignments.coverage(school.teacher)
    assert assignments.coverage(school.principal).left_behind == 6


def test_teacher_cannot_read_another_teachers_pupil_history(school):
    with pytest.raises(NotFound):
        assignments.history(school.teacher, school.pupil_ids[3])


def test_principal_does_not_take_a_caseload(school):
    with pytest.raises(ValidationError) as caught:
        assignments.assign(school.coordinator, [school.unassigned_pupil_id], school.principal.staff_id)
    assert (caught.value.field, caught.value.code) == ("teacher", "registry.principal_no_caseload")
    assert reason(caught.value.code, caught.value.params, "zh-CN") == f"{school.principal.name} 是校长，不承担结对帮扶"
