"""Logging care: calls (failed ones kept, not counted), a week's calls at once, talks, visits, activities, corrections; scoped and audited."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from schoolcare.domain.care import ActivityDraft, CallDraft, FollowUpDraft, TalkDraft, VisitDraft
from schoolcare.domain.compliance import Status
from schoolcare.i18n import reason
from schoolcare.services.care import activities, calls_talks, followups, records, visits
from schoolcare.services.care import rules as engine
from schoolcare.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from schoolcare.store.models import AuditEntry, FamilyCall, FollowUp, Pupil

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


def audits(entity, action=None):
    query = AuditEntry.select().where(AuditEntry.entity == entity)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(query.order_by(AuditEntry.id))


def call_status(school, settings, pupil_id):
    return {s.subject_id: s for s in engine.statuses(school.coordinator, settings, "family_call")}[pupil_id].status


def test_a_call_is_saved_audited_and_counts(school, settings):
    p = school.pupil_ids[0]
    row = calls_talks.log_call(school.teacher, CallDraft(p, "2026-11-27", time="19:30", channel="视频",
                                                      with_whom="母亲", duration_min="15", notes="说了考试的事"))
    assert (row.channel, row.with_whom, row.duration_min, row.recorded_by) == ("video", "mother", 15, "郑老师")
    (entry,) = audits("family_call", "create")
    assert entry.pupil_id == p and entry.actor_id == school.teacher.staff_id
    assert json.loads(entry.changes)["date"] == "2026-11-27"
    assert call_status(school, settings, p) is Status.DONE


def test_a_failed_call_is_kept_but_does_not_count(school, settings):
    p = school.pupil_ids[1]
    calls_talks.log_call(school.teacher, CallDraft(p, TODAY, connected=False, notes="无人接听"))
    assert FamilyCall.select().where(FamilyCall.pupil == p).count() == 1
    assert call_status(school, settings, p) is Status.OVERDUE
    (entry,) = calls_talks.timeline(school.teacher, pupil_id=p)
    assert entry.kind == "family_call" and not entry.counts and not entry.details["connected"]


@pytest.mark.parametrize("field, draft", [
    ("date", CallDraft(0, "2026-11-29")),
    ("date", CallDraft(0, "2026年13月1日")),
    ("date", CallDraft(0, "")),
    ("time", CallDraft(0, TODAY, time="25:00")),
    ("channel", CallDraft(0, TODAY, channel="letter")),
    ("duration_min", CallDraft(0, TODAY, duration_min="an hour")),
])
def test_bad_input_names_the_field_and_saves_nothing(school, field, draft):
    with pytest.raises(ValidationError) as caught:
        calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], *list(draft.__dict__.values())[1:]))
    assert caught.value.field == field
    assert FamilyCall.select().count() == 0 and not audits("family_call")


def test_only_own_pupils_and_never_the_principal(school):
    with pytest.raises(NotFound):
        calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[3], TODAY))
    with pytest.raises(PermissionDenied):
        calls_talks.log_call(school.principal, CallDraft(school.pupil_ids[0], TODAY))
    calls_talks.log_call(school.other_teacher, CallDraft(school.pupil_ids[3], TODAY))
    assert calls_talks.calls(school.teacher) == []
    assert len(calls_talks.calls(school.coordinator)) == 1


def test_this_weeks_calls_at_once(school, settings):
    calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], "2026-11-24"))
    picks = calls_talks.batch_call_picks(school.teacher, settings)
    assert [p.pupil_id for p in picks] == school.pupil_ids[:3]
    assert [p.preselected for p in picks] == [False, True, True]  # pupil 0 was called on Tuesday
    ids = calls_talks.log_calls(school.teacher, [p.pupil_id for p in picks if p.preselected])
    assert len(ids) == 2 and len(audits("family_call", "create")) == 3
    assert all(call_status(school, settings, p) is Status.DONE for p in school.pupil_ids[:3])
    assert not any(p.preselected for p in calls_talks.batch_call_picks(school.teacher, settings))


def test_a_batch_with_one_pupil_out_of_reach_saves_none(school):
    with pytest.raises(ValidationError) as caught:
        calls_talks.log_calls(school.teacher, [school.pupil_ids[0], school.pupil_ids[3]])
    assert caught.value.field == "pupils"
    assert FamilyCall.select().count() == 0
    with pytest.raises(ValidationError):
        calls_talks.log_calls(school.teacher, [])


def test_edit_is_audited_and_only_by_the_recorder_or_the_coordinator(school):
    row = calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], "2026-11-26", duration_min=5))
    edited = calls_talks.edit_call(school.teacher, row.id, duration_min=12, with_whom="father", reason="补全通话信息")
    assert (edited.duration_min, edited.with_whom) == (12, "father")
    (entry,) = audits("family_call", "update")
    assert json.loads(entry.changes) == {"duration_min": [5, 12], "with_whom": ["", "father"], "reason": "补全通话信息"}
    other = calls_talks.log_call(school.other_teacher, CallDraft(school.pupil_ids[3], TODAY))
    with pytest.raises(NotFound):  # out of reach looks absent
        calls_talks.edit_call(school.teacher, other.id, notes="x")
    calls_talks.edit_call(school.coordinator, other.id, notes="补记", reason="补记家长说的话")
    with pytest.raises(ValidationError):
        calls_talks.edit_call(school.teacher, row.id, date="2027-01-05", reason="改日期")  # the future
    assert calls_talks.get_call(school.teacher, row.id).date == dt.date(2026, 11, 26)


def test_every_correction_needs_a_reason_kept_in_the_audit(school):
    """A call, talk, visit or activity is corrected only with a reason (as a withdrawal is): refused on "reason",
    nothing changed, and the reason kept with the old and new values."""
    p, c1 = school.pupil_ids[0], school.class_ids[0]
    call = calls_talks.log_call(school.teacher, CallDraft(p, TODAY, duration_min=5))
    talk = calls_talks.log_talk(school.teacher, TalkDraft(p, TODAY, topic="学习"))
    visit = visits.log_visit(school.teacher, VisitDraft(p, TODAY, visitors="郑老师", family_findings="祖母照看"))
    activity = activities.log_activity(school.teacher, ActivityDraft("class", c1, "class_meeting", TODAY, "班会",
                                                                     pupil_ids=(p,)))
    corrections = [
        (lambda why: calls_talks.edit_call(school.teacher, call.id, duration_min=9, reason=why), "family_call"),
        (lambda why: calls_talks.edit_talk(school.teacher, talk.id, topic="情绪", reason=why), "teacher_talk"),
        (lambda why: visits.edit_visit(school.teacher, visit.id, pupil_state="开朗", reason=why), "home_visit"),
        (lambda why: activities.edit_activity(school.teacher, activity.id, title="感恩班会",
                                              pupil_ids=list(school.pupil_ids[:2]), reason=why), "activity"),
    ]
    for correct, kind in corrections:
        for empty in ("", "   "):
            with pytest.raises(ValidationError) as refused:
                correct(empty)
            assert (refused.value.code, refused.value.field) == ("required", "reason"), kind
        assert audits(kind, "update") == [], kind  # nothing changed, nothing audited
        correct("记错了")
        assert all(json.loads(e.changes)["reason"] == "记错了" for e in audits(kind, "update")), kind
    assert calls_talks.get_call(school.teacher, call.id).duration_min == 9
    assert set(activities.get_activity(school.teacher, activity.id).pupil_ids) == set(school.pupil_ids[:2])


def test_a_teacher_may_not_correct_a_record_someone_else_made(school):
    row = calls_talks.log_call(school.coordinator, CallDraft(school.pupil_ids[0], TODAY))
    with pytest.raises(PermissionDenied):
        records.withdraw(school.teacher, "family_call", row.id, "不对")


def test_withdraw_needs_a_reason_keeps_the_record_and_stops_it_counting(school, settings):
    p = school.pupil_ids[0]
    row = calls_talks.log_call(school.teacher, CallDraft(p, TODAY))
    with pytest.raises(ValidationError) as caught:
        records.withdraw(school.teacher, "family_call", row.id, "  ")
    assert caught.value.field == "reason"
    records.withdraw(school.teacher, "family_call", row.id, "记错了学生")
    kept = calls_talks.get_call(school.teacher, row.id)
    assert kept.withdrawn and kept.withdrawn_reason == "记错了学生"
    assert call_status(school, settings, p) is not Status.DONE
    (entry,) = audits("family_call", "withdraw")
    assert entry.pupil_id == p
    with pytest.raises(ValidationError):
        calls_talks.edit_call(school.teacher, row.id, notes="x")
    with pytest.raises(ValidationError):
        records.withdraw(school.teacher, "family_call", row.id, "again")


def test_a_talk_with_a_concern_opens_a_follow_up_until_done(school, settings):
    p = school.pupil_ids[2]
    with pytest.raises(ValidationError) as caught:
        calls_talks.log_talk(school.teacher, TalkDraft(p, TODAY, topic="情绪", concern=True))
    assert caught.value.field == "follow_up"
    talk = calls_talks.log_talk(school.teacher, TalkDraft(p, TODAY, topic="情绪低落", notes="想妈妈", concern=True,
                                                       follow_up="联系母亲视频通话", follow_up_due="2026-12-02"))
    assert talk.teacher_name == "郑老师" and talk.concern
    (action,) = followups.open_follow_ups(school.teacher)
    assert (action.teacher_talk_id, action.owner_id, action.due) == (talk.id, school.teacher.staff_id,
                                                                     dt.date(2026, 12, 2))
    assert followups.open_follow_ups(school.other_teacher) == []
    done = followups.complete(school.teacher, action.id, outcome="已视频")
    assert done.done_on == TODAY and followups.open_follow_ups(school.teacher) == []
    assert [a.action for a in audits("follow_up")] == ["create", "update"]
    found = {s.subject_id: s for s in engine.statuses(school.teacher, settings, "teacher_talk")}
    assert found[p].status is Status.DONE


def test_a_home_visit_with_follow_ups_owned_by_others(school, settings):
    p = school.pupil_ids[0]
    with pytest.raises(ValidationError) as caught:
        visits.log_visit(school.teacher, VisitDraft(p, "2026-11-20", visitors="郑老师"))
    assert caught.value.field == "family_findings"
    with pytest.raises(ValidationError) as caught:
        visits.log_visit(school.teacher, VisitDraft(p, "2026-11-20", visitors="郑老师", pupil_state="好",
                                                         follow_ups=(FollowUpDraft("", None, None),)))
    assert caught.value.field == "follow_ups[1].action"
    visit = visits.log_visit(school.teacher, VisitDraft(
        p, "2026-11-20", visitors="郑老师、周协调", met_whom="祖母", family_findings="父母在广东务工",
        guardianship_findings="祖母年迈", pupil_state="开朗",
        follow_ups=(FollowUpDraft("申请助学金", school.coordinator.staff_id, "2026-12-15"),
                    FollowUpDraft("每周视频一次"))))
    assert [f.owner_id for f in visit.follow_ups] == [school.coordinator.staff_id, school.teacher.staff_id]
    assert visits.visits(school.teacher, pupil_id=p)[0].id == visit.id
    assert visits.visits(school.other_teacher) == []
    found = {s.subject_id: s for s in engine.statuses(school.teacher, settings, "home_visit")}
    assert found[p].status is Status.DONE
    edited = visits.edit_visit(school.teacher, visit.id, pupil_state="开朗，成绩进步", reason="补记学生近况")
    assert edited.pupil_state == "开朗，成绩进步" and len(audits("home_visit", "update")) == 1


def test_activities_preselect_left_behind_and_stay_in_reach(school, settings):
    c1, c2 = school.class_ids
    Pupil.update(left_behind=False).where(Pupil.id == school.pupil_ids[2]).execute()
    picks = activities.roster(school.teacher, "class", c1)
    assert [(p.pupil_id, p.preselected) for p in picks] == [
        (school.pupil_ids[0], True), (school.pupil_ids[1], True), (school.pupil_ids[2], False)]
    with pytest.raises(NotFound):
        activities.roster(school.teacher, "class", c2)
    with pytest.raises(PermissionDenied):
        activities.log_activity(school.teacher, ActivityDraft("school", None, "themed_care", TODAY, "主题活动"))
    with pytest.raises(ValidationError) as caught:
        activities.log_activity(school.teacher, ActivityDraft("class", c1, "class_meeting", TODAY, "班会",
                                                                   pupil_ids=(school.pupil_ids[3],)))
    assert caught.value.field == "pupils"
    row = activities.log_activity(school.teacher, ActivityDraft(
        "class", c1, "班会", "2026-11-25", "感恩主题班会", summary="写信给父母",
        pupil_ids=tuple(p.pupil_id for p in picks if p.preselected)))
    assert row.kind == "class_meeting" and set(row.pupil_ids) == set(school.pupil_ids[:2])
    edited = activities.edit_activity(school.teacher, row.id, pupil_ids=list(school.pupil_ids[:3]), reason="漏记一人")
    assert set(edited.pupil_ids) == set(school.pupil_ids[:3])
    changes = [json.loads(a.changes) for a in audits("activity", "update")]
    assert {"pupils_added": [school.pupil_ids[2]], "pupils_removed": [], "reason": "漏记一人"} in changes
    found = {s.subject_id: s for s in engine.statuses(school.teacher, settings, "class_activity")}
    assert found[c1].status is Status.DONE
    assert [a.id for a in activities.activities(school.other_teacher)] == []
    school_wide = activities.log_activity(school.coordinator, ActivityDraft(
        "school", None, "themed_care", "2026-10-20", "中秋关爱", pupil_ids=(school.pupil_ids[0], school.pupil_ids[3]),
        backdate_reason="补录上月活动"))
    # A teacher sees the school's activity, with only their own pupils among those who took part.
    seen = {a.id: a for a in activities.activities(school.teacher)}
    assert seen[school_wide.id].pupil_ids == (school.pupil_ids[0],)
    records.withdraw(school.coordinator, "activity", school_wide.id, "重复登记")
    assert engine.statuses(school.coordinator, settings, "school_activity")[0].status is Status.DUE


def test_follow_ups_appear_in_the_teachers_week(school, settings):
    followups.add_follow_up(school.teacher, school.pupil_ids[0], FollowUpDraft("送学习用品", None, "2026-11-20"))
    week = engine.care_week(school.teacher, settings)
    (item,) = [i for i in week.next_due if i.what == "follow_up"]
    assert item.overdue and item.text == "送学习用品"
    assert FollowUp.select().count() == 1


def _refusal(run) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        run()
    return caught.value


def test_each_refusal_is_a_code_with_its_field_and_values_and_reads_in_both_languages(school, settings):
    p = school.pupil_ids[0]
    mine = calls_talks.log_call(school.teacher, CallDraft(p, TODAY))
    theirs = calls_talks.log_call(school.coordinator, CallDraft(p, TODAY))
    gone = calls_talks.log_call(school.teacher, CallDraft(p, TODAY))
    records.withdraw(school.teacher, "family_call", gone.id, "记错了")
    action = followups.add_follow_up(school.teacher, p, FollowUpDraft("送棉衣"))
    followups.complete(school.teacher, action.id)
    c1, _ = school.class_ids
    cases = [
        (lambda: calls_talks.log_call(school.teacher, CallDraft(p, "2026-11-29")), "care.future", "date", {}),
        (lambda: calls_talks.log_call(school.teacher, CallDraft(p, TODAY, time="25:00")), "care.time", "time", {}),
        (lambda: calls_talks.log_call(school.teacher, CallDraft(p, TODAY, duration_min="999")), "care.number",
         "duration_min", {"low": 0, "high": 600}),
        (lambda: calls_talks.log_call(school.teacher, CallDraft(p, TODAY, channel="信")), "care.choice", "channel",
         {"allowed": "phone / video"}),
        (lambda: calls_talks.log_call(school.teacher, CallDraft(p, TODAY, notes="字" * 4001)), "too_long", "notes",
         {"limit": 4000}),
        (lambda: calls_talks.log_calls(school.teacher, []), "care.no_pupils", "pupils", {}),
        (lambda: calls_talks.log_calls(school.teacher, [school.pupil_ids[3]]), "care.pupil_out_of_reach", "pupils",
         {"id": school.pupil_ids[3]}),
        (lambda: calls_talks.log_talk(school.teacher, TalkDraft(p, TODAY, topic="情绪", concern=True)), "care.concern",
         "follow_up", {}),
        (lambda: calls_talks.log_talk(school.teacher, TalkDraft(p, TODAY, topic="", concern=False)), "required",
         "topic", {}),
        (lambda: visits.log_visit(school.teacher, VisitDraft(p, TODAY, visitors="郑老师")), "care.findings",
         "family_findings", {}),
        (lambda: records.withdraw(school.teacher, "family_call", theirs.id, "不对"), "care.not_yours", "", {}),
        (lambda: records.withdraw(school.teacher, "family_call", gone.id, "再撤"), "care.already_withdrawn", "",
         {"reason": "记错了"}),
        (lambda: calls_talks.edit_call(school.teacher, gone.id, notes="x"), "care.withdrawn", "", {}),
        (lambda: calls_talks.edit_call(school.teacher, mine.id, pupil_id=2), "care.not_a_field", "pupil_id",
         {"kind": "family_call"}),
        (lambda: calls_talks.get_call(school.teacher, 999), "care.call_not_found", "", {"id": 999}),
        (lambda: calls_talks.get_talk(school.teacher, 998), "care.talk_not_found", "", {"id": 998}),
        (lambda: visits.get_visit(school.teacher, 997), "care.visit_not_found", "", {"id": 997}),
        (lambda: activities.get_activity(school.teacher, 996), "care.activity_not_found", "", {"id": 996}),
        (lambda: records.withdraw(school.teacher, "home_visit", 995, "不对"), "care.visit_not_found", "", {"id": 995}),
        (lambda: followups.complete(school.teacher, 994), "care.follow_up_not_found", "", {"id": 994}),
        (lambda: followups.complete(school.teacher, action.id), "care.already_done", "done_on",
         {"date": TODAY.isoformat()}),
        (lambda: followups.add_follow_up(school.teacher, p, FollowUpDraft("送书", 999)), "care.no_staff",
         "follow_up.owner", {"id": 999}),
        (lambda: followups.add_follow_up(school.teacher, p, FollowUpDraft("送书", None, "下周")), "date_format",
         "follow_up.due", {}),
        (lambda: activities.roster(school.teacher, "class"), "care.class_needed", "class", {}),
        (lambda: activities.log_activity(school.teacher, ActivityDraft("school", None, "themed_care", TODAY, "活动")),
         "care.school_activity", "", {}),
        (lambda: activities.log_activity(school.teacher, ActivityDraft("class", c1, "class_meeting", TODAY, "班会",
                                                                     pupil_ids=(school.pupil_ids[3],))),
         "care.pupil_not_in_class", "pupils", {"id": school.pupil_ids[3]}),
        (lambda: engine.statuses(school.teacher, settings, "school_activity"), "care.no_rule", "",
         {"rule": "school_activity"}),
    ]
    for run, code, field, params in cases:
        refusal = _refusal(run)
        assert (refusal.code, refusal.field) == (code, field), (code, refusal)
        assert params.items() <= refusal.params.items(), (code, refusal.params)
        zh, en = reason(refusal.code, refusal.params, "zh-CN"), reason(refusal.code, refusal.params, "en")
        assert "⟨" not in zh and "{" not in zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), (code, zh)
        assert "⟨" not in en and "{" not in en, (code, en)


def test_a_refusal_keeps_the_words_the_services_used_to_write(school):
    with pytest.raises(ValidationError) as caught:
        calls_talks.log_call(school.teacher, CallDraft(school.pupil_ids[0], TODAY, duration_min="999"))
    assert reason(caught.value.code, caught.value.params, "en") == "a whole number from 0 to 600"
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "请填 0 到 600 之间的整数"


# ---------------------------------------------------------------- dates of records

def _joined_on(school, pupil_id, day):
    Pupil.update(enrolled_on=day).where(Pupil.id == pupil_id).execute()


def test_a_record_dated_before_the_pupils_enrolment_is_refused_naming_the_date(school):
    p = school.pupil_ids[0]
    _joined_on(school, p, TODAY)
    attempts = [
        lambda: calls_talks.log_call(school.teacher, CallDraft(p, "2026-11-27")),
        lambda: calls_talks.log_talk(school.teacher, TalkDraft(p, "2020-01-01", topic="学习")),
        lambda: visits.log_visit(school.teacher, VisitDraft(p, "2026-11-27", visitors="郑老师", pupil_state="好")),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert (refused.value.code, refused.value.field) == ("care.before_enrolment", "date")
        assert "2026-11-28" in reason(refused.value.code, refused.value.params)
    with pytest.raises(ValidationError) as refused:
        calls_talks.log_calls(school.teacher, [school.pupil_ids[1], p], date="2026-11-27")
    assert (refused.value.code, refused.value.field) == ("care.pupil_before_enrolment", "date")
    assert refused.value.params["name"] == Pupil.get_by_id(p).name
    assert FamilyCall.select().count() == 0  # all or none
    with pytest.raises(ValidationError) as refused:
        activities.log_activity(school.teacher, ActivityDraft("class", school.class_ids[0], "班会", "2026-11-27",
                                                              "班会", pupil_ids=(p,)))
    assert (refused.value.code, refused.value.field) == ("care.pupil_before_enrolment", "date")
    calls_talks.log_call(school.teacher, CallDraft(p, TODAY))  # from the day they joined: fine


def test_a_correction_cannot_move_a_record_before_the_enrolment(school):
    p = school.pupil_ids[0]
    row = calls_talks.log_call(school.teacher, CallDraft(p, "2026-11-20"))
    _joined_on(school, p, dt.date(2026, 11, 16))
    calls_talks.edit_call(school.teacher, row.id, notes="补充", reason="补记")  # the date stays: the record is left alone
    with pytest.raises(ValidationError) as refused:
        calls_talks.edit_call(school.teacher, row.id, date="2026-11-13", reason="记错日期")
    assert (refused.value.code, refused.value.field) == ("care.before_enrolment", "date")


def test_a_record_of_long_ago_needs_a_reason_kept_in_the_audit(school, settings):
    p, limit = school.pupil_ids[0], settings.backdate_days
    assert limit == 30  # rules.yaml backdate_days
    calls_talks.log_call(school.teacher, CallDraft(p, "2026-10-29"), backdate_days=limit)  # 30 days: no reason
    with pytest.raises(ValidationError) as refused:
        calls_talks.log_talk(school.teacher, TalkDraft(p, "2026-10-28", topic="学习"), backdate_days=limit)
    assert (refused.value.code, refused.value.field) == ("care.backdated_needs_reason", "backdate_reason")
    assert refused.value.params == {"days": 31, "limit": 30}
    talk = calls_talks.log_talk(school.teacher, TalkDraft(p, "2026-10-28", topic="学习",
                                                          backdate_reason="纸质记录本补录"), backdate_days=limit)
    (entry,) = audits("teacher_talk", "create")
    assert entry.entity_id == talk.id and json.loads(entry.changes)["backdate_reason"] == "纸质记录本补录"
    (recent,) = audits("family_call", "create")
    assert "backdate_reason" not in json.loads(recent.changes)
    # The limit comes from the settings (rules.yaml backdate_days): 0 asks for a reason for anything not today.
    with pytest.raises(ValidationError):
        visits.log_visit(school.teacher, VisitDraft(p, "2026-11-27", visitors="郑老师", pupil_state="好"),
                         backdate_days=0)
    with pytest.raises(ValidationError) as refused:
        calls_talks.log_calls(school.teacher, [p], date="2026-10-01", backdate_days=limit)
    assert refused.value.code == "care.backdated_needs_reason"
    calls_talks.log_calls(school.teacher, [p], date="2026-10-01", backdate_reason="补录", backdate_days=limit)
    with pytest.raises(ValidationError):
        activities.log_activity(school.coordinator, ActivityDraft("school", None, "themed_care", "2026-10-01",
                                                                  "中秋关爱"), backdate_days=limit)
    # Loading records kept elsewhere (no limit given) is not asked why.
    calls_talks.log_call(school.teacher, CallDraft(p, "2026-09-02"))
