"""Counselling sessions (心理咨询室): who records them, who reads the notes (and that each reading is audited),
what everyone else sees, refusals naming the field, corrections and withdrawals, the pupil file's summary."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from schoolcare.domain.counselling import COUNSELLOR_POST, SessionDraft
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import counselling
from schoolcare.services.registry import pupil_file
from schoolcare.store.models import AuditEntry, CounsellingSession, Staff

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


@pytest.fixture
def counsellor(school):
    """The school's counsellor: a teacher account with the post 心理辅导老师, no pupils of their own."""
    return actor_for(Staff.create(school=school.school_id, name="林老师", login="lin", role="teacher",
                                  post=COUNSELLOR_POST))


def draft(pupil_id, **values):
    fields = {"date": "2026-11-20", "topic": "学习压力", "notes": "考试前睡不着，想妈妈"} | values
    return SessionDraft(pupil_id, **fields)


def reads(session_id):
    return list(AuditEntry.select().where((AuditEntry.entity == "counselling_session")
                                          & (AuditEntry.action == "read") & (AuditEntry.entity_id == session_id)))


def test_the_counsellor_records_a_session_and_reads_its_notes_audited(school, settings, counsellor):
    pupil = school.pupil_ids[0]
    saved = counselling.record_session(counsellor, settings, draft(pupil, referral="医院", referral_note="县医院心理科"))
    assert (saved.row.topic, saved.row.counsellor, saved.referral, saved.notes) == (
        "study_stress", "林老师", "hospital", "考试前睡不着，想妈妈")
    created = AuditEntry.get((AuditEntry.entity == "counselling_session") & (AuditEntry.action == "create"))
    assert created.actor_id == counsellor.staff_id and created.pupil_id == pupil
    assert "想妈妈" not in created.changes and "县医院" not in created.changes
    assert json.loads(created.changes)["notes_chars"] == 10
    assert reads(saved.row.id) == []  # recording it is not a reading
    opened = counselling.open_session(counsellor, saved.row.id)
    assert opened.notes == "考试前睡不着，想妈妈" and opened.may_correct
    (read,) = reads(saved.row.id)
    assert (read.actor_id, read.pupil_id, json.loads(read.changes)) == (counsellor.staff_id, pupil, {})


def test_the_coordinator_and_the_principal_read_notes_each_reading_audited(school, settings, counsellor):
    session = counselling.record_session(counsellor, settings, draft(school.pupil_ids[0])).row.id
    for reader in (school.coordinator, school.principal):
        assert counselling.open_session(reader, session).notes == "考试前睡不着，想妈妈"
        (row,) = counselling.sessions(reader)
        assert not row.restricted and row.topic == "study_stress"
    assert [r.actor_id for r in reads(session)] == [school.coordinator.staff_id, school.principal.staff_id]
    assert not counselling.open_session(school.principal, session).may_correct


def test_the_care_teacher_sees_only_that_sessions_took_place(school, settings, counsellor):
    pupil = school.pupil_ids[0]  # 郑老师's: care teacher and homeroom teacher
    session = counselling.record_session(counsellor, settings, draft(pupil, follow_up_on="2026-12-04")).row.id
    (row,) = counselling.sessions(school.teacher, pupil_id=pupil)
    assert row.restricted and (row.date, row.counsellor) == (dt.date(2026, 11, 20), "林老师")
    assert (row.topic, row.follow_up_on, row.referred) == ("", None, False)
    with pytest.raises(PermissionDenied) as refused:
        counselling.open_session(school.teacher, session)
    assert refused.value.code == "protection.session_restricted" and refused.value.params["counsellor"] == "林老师"
    assert reads(session) == []
    with pytest.raises(PermissionDenied):
        counselling.correct_session(school.teacher, settings, session, notes="改")
    # A teacher who does not reach the pupil knows of no session at all.
    assert counselling.sessions(school.other_teacher) == []
    with pytest.raises(NotFound):
        counselling.open_session(school.other_teacher, session)


def test_who_may_record_for_whom(school, settings, counsellor):
    # A teacher for a pupil in reach (they are the counsellor then); not for one outside it.
    own = counselling.record_session(school.teacher, settings, draft(school.pupil_ids[1]))
    assert own.row.counsellor == "郑老师" and counselling.open_session(school.teacher, own.row.id).notes
    with pytest.raises(NotFound):
        counselling.record_session(school.other_teacher, settings, draft(school.pupil_ids[0]))
    # The school's counsellor for any pupil of the school, one nobody looks after too.
    counselling.record_session(counsellor, settings, draft(school.unassigned_pupil_id))
    assert [r.pupil_id for r in counselling.sessions(counsellor)] == [school.unassigned_pupil_id]
    # A teacher cannot record a session as someone else's; the coordinator may, and that counsellor reads it.
    with pytest.raises(ValidationError) as refused:
        counselling.record_session(school.teacher, settings, draft(school.pupil_ids[1],
                                                                   counsellor_id=counsellor.staff_id))
    assert refused.value.field == "counsellor"
    given = counselling.record_session(school.coordinator, settings,
                                       draft(school.pupil_ids[3], counsellor_id=counsellor.staff_id))
    assert counselling.open_session(counsellor, given.row.id).row.counsellor == "林老师"
    with pytest.raises(PermissionDenied):
        counselling.record_session(school.principal, settings, draft(school.pupil_ids[0]))


@pytest.mark.parametrize("field, code, values", [
    ("date", "care.future", {"date": "2026-11-29"}),
    ("date", "date_invalid", {"date": "2026年13月1日"}),
    ("date", "required", {"date": ""}),
    ("date", "care.before_enrolment", {"date": "2020-06-01"}),
    ("topic", "required", {"topic": ""}),
    ("topic", "choice", {"topic": "打游戏"}),
    ("referral", "care.choice", {"referral": "派出所"}),
    ("referral_note", "protection.referral_needs_note", {"referral": "校外心理机构"}),
    ("follow_up_on", "protection.follow_up_before_session", {"follow_up_on": "2026-11-19"}),
    ("follow_up_on", "date_format", {"follow_up_on": "下周"}),
    ("notes", "text_char", {"notes": "想\u202e妈妈"}),
    ("notes", "too_long", {"notes": "很" * 4001}),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(school, settings, counsellor, field, code, values):
    with pytest.raises(ValidationError) as refused:
        counselling.record_session(counsellor, settings, draft(school.pupil_ids[0], **values))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert CounsellingSession.select().count() == 0 and AuditEntry.select().count() == 0


def test_a_session_long_ago_needs_a_reason_for_its_late_entry(school, settings, counsellor):
    with pytest.raises(ValidationError) as refused:
        counselling.record_session(counsellor, settings, draft(school.pupil_ids[0], date="2026-09-01"),
                                   backdate_days=settings.backdate_days)
    assert refused.value.field == "backdate_reason"
    counselling.record_session(counsellor, settings, draft(school.pupil_ids[0], date="2026-09-01",
                                                           backdate_reason="纸质记录补录"),
                               backdate_days=settings.backdate_days)


def test_the_counsellor_corrects_and_withdraws_a_session_audited(school, settings, counsellor):
    pupil = school.pupil_ids[0]
    session = counselling.record_session(counsellor, settings, draft(pupil)).row.id
    corrected = counselling.correct_session(counsellor, settings, session, notes="考试前焦虑", topic="情绪困扰",
                                            reason="写错了")
    assert (corrected.notes, corrected.row.topic) == ("考试前焦虑", "emotions")
    update = AuditEntry.get((AuditEntry.entity == "counselling_session") & (AuditEntry.action == "update"))
    # The audit log says that the notes changed, never what they say (reading them is open_session's, audited).
    assert json.loads(update.changes) == {"notes_chars": [10, 5], "topic": ["study_stress", "emotions"],
                                          "reason": "写错了"}
    with pytest.raises(ValidationError) as refused:
        counselling.correct_session(counsellor, settings, session, pupil_id=school.pupil_ids[1])
    assert refused.value.field == "pupil_id"
    with pytest.raises(ValidationError) as refused:
        counselling.withdraw_session(counsellor, session, "")
    assert refused.value.field == "reason"
    counselling.withdraw_session(counsellor, session, "记错了学生")
    assert counselling.sessions(school.teacher, pupil_id=pupil) == []  # no longer "took place"
    (own,) = counselling.sessions(counsellor)
    assert own.withdrawn and own.withdrawn_reason == "记错了学生"
    with pytest.raises(ValidationError):
        counselling.correct_session(counsellor, settings, session, notes="再改")


def test_the_pupil_file_says_that_sessions_took_place(school, settings, counsellor):
    pupil = school.pupil_ids[0]
    assert pupil_file.pupil_file(school.teacher, pupil).counselling.count == 0
    counselling.record_session(counsellor, settings, draft(pupil, date="2026-11-10"))
    counselling.record_session(school.teacher, settings, draft(pupil, date="2026-11-20"))
    gone = counselling.record_session(counsellor, settings, draft(pupil, date="2026-11-25")).row.id
    counselling.withdraw_session(counsellor, gone, "重复")
    found = pupil_file.pupil_file(school.teacher, pupil).counselling
    assert (found.count, found.last_date, found.last_counsellor) == (2, dt.date(2026, 11, 20), "郑老师")
    assert reads(gone) == []  # the file reads no notes


def test_the_counsellor_finds_a_pupil_by_number_or_name_within_what_they_may_counsel(school, counsellor):
    assert counselling.find_pupil(counsellor, "S099") == (school.unassigned_pupil_id, "孙未分")
    assert counselling.find_pupil(counsellor, " 张小三 ")[0] == school.pupil_ids[0]
    with pytest.raises(ValidationError) as refused:
        counselling.find_pupil(school.other_teacher, "张小三")
    assert (refused.value.field, refused.value.code) == ("pupil", "protection.no_such_pupil")
    with pytest.raises(ValidationError) as refused:
        counselling.find_pupil(counsellor, "张\u200b小三")
    assert (refused.value.field, refused.value.code) == ("pupil", "text_char")


def test_the_demo_sessions_show_each_view(school, settings):
    from schoolcare.demo.generate_counselling import add_counselling

    Staff.create(school=school.school_id, name="徐老师", login="xu", role="teacher")  # teachers: wang, xu, zheng
    assert add_counselling(settings, today=TODAY) == 7
    counsellor = actor_for(Staff.get(Staff.login == "zheng"))
    assert Staff.get(Staff.login == "zheng").post == COUNSELLOR_POST
    mine = counselling.sessions(counsellor)
    assert len(mine) == 7 and sum(r.withdrawn for r in mine) == 1 and not any(r.restricted for r in mine)
    seen = counselling.sessions(school.other_teacher)  # 王老师, the care teacher of the pupils counselled
    assert len(seen) == 6 and all(r.restricted and r.counsellor == "郑老师" for r in seen)
