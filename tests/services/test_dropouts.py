"""Dropout cases: each step's deadline and when it is overdue, who may act and see, the 辍学 status, the .docx."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.dropouts import DropoutRules, case_state
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import dropouts, written_report
from schoolcare.services.registry import pupils
from schoolcare.store.models import Absence, AuditEntry, DropoutCase

OPENED = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-30")


@pytest.fixture
def case_id(school) -> int:
    pupil = school.pupil_ids[0]
    for day in (12, 13, 16):
        Absence.create(school=school.school_id, pupil=pupil, school_class=school.class_ids[0],
                       date=dt.date(2026, 11, day), kind="unexcused")
    return DropoutCase.create(school=school.school_id, pupil=pupil, school_class=school.class_ids[0],
                              care_teacher=school.teacher.staff_id, trigger="unexcused_absence",
                              opened_on=OPENED).id


def state(school, settings, case_id, day):
    return next(r for r in dropouts.list_cases(school.coordinator, settings, today=day) if r.id == case_id).state


def test_the_steps_and_their_deadlines(school, settings, case_id):
    assert state(school, settings, case_id, OPENED) == case_state(
        settings.dropout_rules, OPENED, opened_on=OPENED, registered_on=None, attempts=0, report_sent_on=None,
        outcome=None)
    first = state(school, settings, case_id, OPENED)
    assert (first.step, first.due, first.overdue) == ("registration", OPENED + dt.timedelta(days=1), False)
    late = state(school, settings, case_id, OPENED + dt.timedelta(days=4))
    assert (late.step, late.overdue_days) == ("registration", 3)

    dropouts.register(school.teacher, case_id, "外出打工的父母把孩子带走", on=OPENED, today=OPENED)
    assert state(school, settings, case_id, OPENED).step == "persuasion"
    assert state(school, settings, case_id, OPENED).due == OPENED + dt.timedelta(days=3)

    dropouts.add_attempt(school.teacher, case_id, date=OPENED + dt.timedelta(days=1), by_whom="郑老师、周协调",
                         with_whom="祖母", method="home_visit", outcome="祖母同意劝说")
    during = state(school, settings, case_id, OPENED + dt.timedelta(days=10))
    assert (during.step, during.overdue) == ("persuasion", False)
    after = state(school, settings, case_id, OPENED + dt.timedelta(days=20))
    assert (after.step, after.due, after.overdue_days) == ("written_report", OPENED + dt.timedelta(days=18), 2)

    dropouts.record_report_sent(school.coordinator, case_id, on=OPENED + dt.timedelta(days=14),
                                to=["education_bureau", "township"], today=OPENED + dt.timedelta(days=14))
    assert state(school, settings, case_id, OPENED + dt.timedelta(days=20)).step == "reported"
    dropouts.close_case(school.coordinator, case_id, "returned", on=OPENED + dt.timedelta(days=14),
                        today=OPENED + dt.timedelta(days=14))
    assert state(school, settings, case_id, OPENED + dt.timedelta(days=20)).step == "returned"
    changes = AuditEntry.select().where((AuditEntry.entity == "dropout_case") & (AuditEntry.entity_id == case_id))
    assert changes.count() == 3  # registered, report sent, closed
    assert AuditEntry.select().where(AuditEntry.entity == "persuasion_attempt").count() == 1


def test_configured_deadlines_move_the_steps():
    rules = DropoutRules(registration_days=5)
    assert case_state(rules, OPENED, opened_on=OPENED, registered_on=None, attempts=0, report_sent_on=None,
                      outcome=None).due == OPENED + dt.timedelta(days=5)


def test_bad_steps_are_refused_naming_the_field(school, settings, case_id):
    with pytest.raises(ValidationError) as caught:
        dropouts.add_attempt(school.teacher, case_id, date="2026-11-01", by_whom="郑老师", with_whom="祖母",
                             method="phone", outcome="无人接听")
    assert (caught.value.code, caught.value.field) == ("dropouts.before_opened", "attempt_date")
    with pytest.raises(ValidationError) as caught:
        dropouts.add_attempt(school.teacher, case_id, date="2026-11-20", by_whom="郑老师", with_whom="",
                             method="phone", outcome="无人接听")
    assert caught.value.field == "with_whom"
    with pytest.raises(ValidationError) as caught:
        dropouts.close_case(school.coordinator, case_id, "closed")
    assert caught.value.field == "outcome_note"
    assert DropoutCase.get_by_id(case_id).closed_on is None


def test_who_may_see_and_act(school, settings, case_id):
    assert [c.id for c in dropouts.list_cases(school.teacher, settings)] == [case_id]
    assert [c.id for c in dropouts.list_cases(school.principal, settings)] == [case_id]
    assert dropouts.list_cases(school.other_teacher, settings) == []
    with pytest.raises(NotFound):
        dropouts.register(school.other_teacher, case_id, "原因")
    with pytest.raises(PermissionDenied):
        dropouts.register(school.principal, case_id, "原因")
    with pytest.raises(PermissionDenied):
        dropouts.close_case(school.teacher, case_id, "returned")


def test_setting_the_status_to_dropped_out_opens_a_case_the_care_teacher_keeps(school, settings):
    pupil = school.pupil_ids[3]  # class 2, cared for by the other teacher
    pupils.update_pupil(school.coordinator, pupil, {"status": "dropped_out"}, today=dt.date(2026, 11, 30))
    cases = dropouts.list_cases(school.other_teacher, settings)
    assert [(c.pupil_id, c.trigger, c.care_teacher, c.state.step) for c in cases] == [
        (pupil, "status", "王老师", "registration")]
    assert dropouts.overdue_cases(school.coordinator, settings, today=dt.date(2026, 12, 5))[0].pupil_id == pupil


def test_the_written_report_names_the_pupil_and_every_attempt(school, settings, case_id, tmp_path):
    from docx import Document

    dropouts.register(school.teacher, case_id, "厌学", on=OPENED)
    for day, who in ((17, "郑老师"), (20, "周协调")):
        dropouts.add_attempt(school.teacher, case_id, date=dt.date(2026, 11, day), by_whom=who, with_whom="祖母",
                             method="home_visit", outcome=f"{who}劝返未果")
    path = written_report.export(school.coordinator, settings, case_id, tmp_path / "report.docx")
    document = Document(str(path))
    words = "\n".join([p.text for p in document.paragraphs]
                      + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "书面报告" in words and "张小三" in words and "青石镇中心小学" in words
    assert "郑老师劝返未果" in words and "周协调劝返未果" in words
    assert "2026年11月12日" in words  # an absence
    assert "祖母S001" in words  # the family
    assert AuditEntry.select().where((AuditEntry.action == "export") & (AuditEntry.entity_id == case_id)).exists()
    with pytest.raises(NotFound):
        written_report.export(school.other_teacher, settings, case_id, tmp_path / "no.docx")


def test_the_written_report_waits_for_a_persuasion_attempt(school, settings, case_id, tmp_path):
    # 劝返无效的，应书面报告: with no attempt yet, the report would say persuasion failed when none was tried.
    dropouts.register(school.teacher, case_id, "厌学", on=OPENED)
    target = tmp_path / "early.docx"
    with pytest.raises(ValidationError) as caught:
        written_report.export(school.coordinator, settings, case_id, target)
    assert (caught.value.code, caught.value.field) == ("dropouts.no_attempts", "case")
    assert not target.exists()
    with pytest.raises(ValidationError) as caught:
        dropouts.record_report_sent(school.coordinator, case_id, on=OPENED, to=["township"])
    assert caught.value.code == "dropouts.no_attempts"
    assert DropoutCase.get_by_id(case_id).report_sent_on is None
    assert not AuditEntry.select().where(AuditEntry.action == "export").exists()
    dropouts.add_attempt(school.teacher, case_id, date=OPENED, by_whom="郑老师", with_whom="祖母", method="phone",
                         outcome="没有回校")
    assert written_report.export(school.coordinator, settings, case_id, target).exists()
    dropouts.record_report_sent(school.coordinator, case_id, on=OPENED, to=["township"])


def test_case_texts_keep_chinese_punctuation_and_refuse_control_characters(school, settings, case_id, tmp_path):
    from docx import Document

    dropouts.register(school.teacher, case_id, "家中农忙，不愿上学！", on=OPENED)
    dropouts.add_attempt(school.teacher, case_id, date=OPENED, by_whom=" 郑老师，\n周协调 ", with_whom="祖母（监护人）",
                         method="home_visit", outcome="答应送回；仍未到校。")
    dropouts.set_request(school.coordinator, case_id, "恳请乡政府协调：督促家长送孩子返校。")
    with pytest.raises(ValidationError) as caught:
        dropouts.add_attempt(school.teacher, case_id, date=OPENED, by_whom="郑\x07老师", with_whom="祖母",
                             method="phone", outcome="无")
    assert caught.value.field == "by_whom"
    dropouts.close_case(school.coordinator, case_id, "closed", "转入外省，已联系；待确认", on=OPENED)
    case = DropoutCase.get_by_id(case_id)
    assert (case.reason, case.request, case.outcome_note) == (
        "家中农忙，不愿上学！", "恳请乡政府协调：督促家长送孩子返校。", "转入外省，已联系；待确认")
    detail = dropouts.case_detail(school.coordinator, settings, case_id)
    assert [(a.by_whom, a.with_whom, a.outcome) for a in detail.attempts] == [
        ("郑老师， 周协调", "祖母（监护人）", "答应送回；仍未到校。")]  # a name stays on one line
    path = written_report.export(school.coordinator, settings, case_id, tmp_path / "report.docx")
    document = Document(str(path))
    words = "\n".join([p.text for p in document.paragraphs]
                      + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "家中农忙，不愿上学！" in words and "答应送回；仍未到校。" in words and "恳请乡政府协调：督促家长送孩子返校。" in words
    for bad in ("原因\x00", "原因\u202e", "原因\u200b"):
        with pytest.raises(ValidationError) as caught:
            dropouts.set_request(school.coordinator, case_id, bad)
        assert (caught.value.code, caught.value.field) == ("text_char", "request")
