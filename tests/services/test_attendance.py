"""Daily absences: a class's register, corrections that replace, school days only, scope, and dropout cases opening."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.i18n import reason
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import attendance, dropouts
from schoolcare.services.protection.attendance import AbsenceEntry
from schoolcare.store.models import Absence, AttendanceDay, AuditEntry, DropoutCase

TODAY = dt.date(2026, 11, 20)  # a Friday
THU, FRI, MON, TUE = dt.date(2026, 11, 12), dt.date(2026, 11, 13), dt.date(2026, 11, 16), dt.date(2026, 11, 17)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


def record(school, settings, day, *entries, actor=None):
    return attendance.record_day(actor or school.teacher, settings, school.class_ids[0], day,
                                 [AbsenceEntry(*e) for e in entries])


def test_an_all_present_day_is_taken_and_lists_everyone_present(school, settings):
    before = attendance.class_register(school.teacher, settings, school.class_ids[0], MON)
    assert not before.taken and before.closed_reason is None
    record(school, settings, MON)
    register = attendance.class_register(school.teacher, settings, school.class_ids[0], MON)
    assert register.taken and register.absent == 0
    assert [row.student_no for row in register.rows] == ["S001", "S002", "S003"]


def test_recording_a_day_again_corrects_it_and_audits_each_change(school, settings):
    first, second = school.pupil_ids[:2]
    record(school, settings, MON, (first, "sick", "发烧"), (second, "personal"))
    result = record(school, settings, MON, (first, "unexcused", "没来"))
    assert (result.created, result.updated, result.removed) == (0, 1, 1)
    rows = list(Absence.select().where(Absence.date == MON))
    assert [(r.pupil_id, r.kind, r.note) for r in rows] == [(first, "unexcused", "没来")]
    assert AttendanceDay.select().where(AttendanceDay.date == MON).count() == 1
    actions = [(a.entity, a.action) for a in AuditEntry.select().where(AuditEntry.entity == "absence")]
    assert actions.count(("absence", "update")) == 1 and actions.count(("absence", "delete")) == 1


@pytest.mark.parametrize(("day", "code"), [(dt.date(2026, 11, 14), "attendance.weekend"),
                                           (dt.date(2026, 10, 2), "attendance.holiday"),
                                           (dt.date(2026, 8, 10), "attendance.no_term")])
def test_a_day_without_school_is_refused_with_the_reason(school, settings, day, code):
    with pytest.raises(ValidationError) as caught:
        record(school, settings, day, (school.pupil_ids[0], "unexcused"))
    assert caught.value.code == code and caught.value.field == "date"
    assert day.isoformat() in reason(caught.value.code, caught.value.params)
    assert Absence.select().count() == 0


def test_a_pupil_not_in_the_class_is_refused_and_nothing_is_saved(school, settings):
    with pytest.raises(ValidationError) as caught:
        record(school, settings, MON, (school.pupil_ids[0], "sick"), (school.pupil_ids[3], "sick"),
               actor=school.coordinator)
    assert caught.value.code == "attendance.not_in_class"
    assert "刘洋洋" in reason(caught.value.code, caught.value.params)
    assert Absence.select().count() == 0 and AttendanceDay.select().count() == 0


def test_only_the_homeroom_teacher_and_the_coordinator_take_a_register(school, settings):
    with pytest.raises(NotFound):
        attendance.record_day(school.teacher, settings, school.class_ids[1], MON, [])
    with pytest.raises(NotFound):
        attendance.record_day(school.other_teacher, settings, school.class_ids[0], MON, [])
    with pytest.raises(PermissionDenied):
        attendance.record_day(school.principal, settings, school.class_ids[0], MON, [])
    attendance.record_day(school.coordinator, settings, school.class_ids[1], MON, [])


def test_three_unexcused_school_days_across_a_weekend_open_a_case(school, settings):
    pupil = school.pupil_ids[0]
    record(school, settings, THU, (pupil, "unexcused"))
    assert record(school, settings, FRI, (pupil, "unexcused")).cases_opened == ()
    opened = record(school, settings, MON, (pupil, "unexcused")).cases_opened
    assert len(opened) == 1
    case = DropoutCase.get_by_id(opened[0])
    assert (case.pupil_id, case.trigger, case.opened_on, case.care_teacher_id) == (
        pupil, "unexcused_absence", MON, school.teacher.staff_id)
    # A fourth day adds nothing: one open case per pupil.
    assert record(school, settings, TUE, (pupil, "unexcused")).cases_opened == ()
    assert DropoutCase.select().count() == 1


def test_an_excused_day_breaks_the_run(school, settings):
    pupil = school.pupil_ids[1]
    record(school, settings, THU, (pupil, "unexcused"))
    record(school, settings, FRI, (pupil, "sick"))
    record(school, settings, MON, (pupil, "unexcused"))
    assert record(school, settings, TUE, (pupil, "unexcused")).cases_opened == ()
    # Correcting Friday to unexcused completes a run of four: the case opens at that write, on its third day.
    opened = record(school, settings, FRI, (pupil, "unexcused")).cases_opened
    assert [DropoutCase.get_by_id(c).opened_on for c in opened] == [MON]
    assert [row.pupil_id for row in dropouts.list_cases(school.teacher, settings)] == [pupil]


def test_a_bad_note_is_refused_naming_the_field(school, settings):
    with pytest.raises(ValidationError) as caught:
        record(school, settings, MON, (school.pupil_ids[0], "sick", "发烧\u202e"))
    assert caught.value.field == "absence_note"


def test_a_note_keeps_its_chinese_punctuation_on_one_line(school, settings):
    # The written report prints the notes: "，" must not become "," (NFKC), as a dropout case's texts.
    record(school, settings, MON, (school.pupil_ids[0], "sick", " 发烧，\n在家休息（已请医生） "))
    assert Absence.get().note == "发烧， 在家休息（已请医生）"
