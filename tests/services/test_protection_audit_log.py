"""The audit log reads child-protection changes as sentences in both languages: each field as that record calls
it (an incident's status is not a pupil's, a report's method not a persuasion attempt's), coded values in words
(statuses, offices, methods, absence kinds, incident kinds and counselling topics from the config), staff ids as
names, a class register named by its class."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from schoolcare.domain import protection as pr
from schoolcare.domain.counselling import SessionDraft
from schoolcare.services import audit
from schoolcare.services.protection import attendance, counselling, dropouts, incidents
from schoolcare.services.protection import incident_actions as acts
from schoolcare.services.protection.attendance import AbsenceEntry
from schoolcare.ui.accounts.audit_log import sentence

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-30")


def sentences(school, settings, entity: str, action: str | None = None) -> list[tuple[str, str]]:
    """The (zh, en) sentences of the rows about `entity` (and `action`), oldest first."""
    rows = [r for r in reversed(audit.recent(school.coordinator)) if r.entity == entity
            and (action is None or r.action == action)]
    return [(sentence(r, "zh-CN", settings), sentence(r, "en", settings)) for r in rows]


def test_an_incident_its_report_follow_up_closing_and_reopening_read_as_sentences(school, settings):
    pupil = school.pupil_ids[0]
    found = incidents.record_incident(school.teacher, settings, pr.IncidentDraft(
        pupil, "school_bullying", "2026-11-29 08:30", "操场", "被高年级同学推倒，膝盖擦伤", "", "送医务室"))
    acts.log_report(school.coordinator, found, pr.ReportDraft("police", "2026-11-29 10:00", "phone", "JX123",
                                                             "派出所已受理"))
    task = acts.add_follow_up(school.coordinator, found, pr.IncidentFollowUpDraft(
        "assessment", "评估心理状况", school.teacher.staff_id, "2026-12-05"))
    acts.complete_follow_up(school.teacher, task, "2026-11-30", "已评估")
    acts.close_incident(school.coordinator, found, "家长已知情")
    acts.reopen_incident(school.coordinator, found, "再次发生")

    assert sentences(school, settings, "incident", "create") == [(
        "郑老师 新建了事件 张小三：事件类别 校园欺凌；发现时间 2026-11-29 08:30；发现地点 操场；"
        "看到的情况 被高年级同学推倒，膝盖擦伤；发现人 郑老师；已采取的紧急措施 送医务室；强制报告期限 2026-11-30 08:30",
        "郑老师 created incident 张小三: Kind School bullying; Found at 2026-11-29 08:30; Where 操场; "
        "What was seen 被高年级同学推倒，膝盖擦伤; Found by 郑老师; Immediate action taken 送医务室; "
        "Report due by 2026-11-30 08:30")]
    assert sentences(school, settings, "incident", "report") == [(
        "周协调 登记强制报告了事件 张小三：报告对象 公安机关（派出所）；报告时间 2026-11-29 10:00；报告方式 电话；"
        "回执或案件编号 JX123；备注 派出所已受理",
        "周协调 logged the mandatory report of incident 张小三: Reported to Police (派出所); "
        "Reported at 2026-11-29 10:00; How Phone; Receipt or case number JX123; Note 派出所已受理")]
    assert sentences(school, settings, "incident", "follow_up") == [(
        "周协调 布置跟进了事件 张小三：跟进类别 评估；具体措施 评估心理状况；负责人 郑老师；完成期限 2026-12-05；跟进编号 1",
        "周协调 added a follow-up to incident 张小三: Follow-up kind Assessment; What is to be done 评估心理状况; "
        "Owner 郑老师; Due by 2026-12-05; Follow-up no. 1")]
    assert sentences(school, settings, "incident", "close") == [(
        "周协调 关闭了事件 张小三：事件状态 未结案 → 已结案；处理结果 家长已知情；结案日期 2026-11-30",
        "周协调 closed incident 张小三: Status Open → Closed; Outcome 家长已知情; Closed on 2026-11-30")]
    assert sentences(school, settings, "incident", "reopen") == [(
        "周协调 重新开启了事件 张小三：事件状态 已结案 → 未结案；重新开启的原因 再次发生；处理结果 家长已知情；结案日期 2026-11-30",
        "周协调 reopened incident 张小三: Status Closed → Open; Why reopened 再次发生; Outcome 家长已知情; "
        "Closed on 2026-11-30")]


def test_a_kind_no_longer_in_the_config_reads_as_its_id(school, settings):
    incidents.record_incident(school.teacher, settings, pr.IncidentDraft(
        school.pupil_ids[0], "missing", "2026-11-29 08:30", "", "没来上学，家里也找不到"))
    row = next(r for r in audit.recent(school.coordinator) if r.entity == "incident")
    row = dataclasses.replace(row, changes={**row.changes, "kind": "haunting"})
    assert sentence(row, "en", settings).startswith("郑老师 created incident 张小三: Kind haunting;")


def test_absences_the_register_a_dropout_case_and_its_attempt_read_as_sentences(school, settings):
    pupil, klass = school.pupil_ids[0], school.class_ids[0]
    attendance.record_day(school.teacher, settings, klass, MONDAY, [AbsenceEntry(pupil, "unexcused", "未请假")])
    attendance.record_day(school.teacher, settings, klass, MONDAY, [AbsenceEntry(pupil, "sick", "发烧，在家")])
    for day in (24, 25):
        attendance.record_day(school.teacher, settings, klass, dt.date(2026, 11, day),
                              [AbsenceEntry(pupil, "unexcused")])
    attendance.record_day(school.teacher, settings, klass, dt.date(2026, 11, 26), [AbsenceEntry(pupil, "unexcused")])
    case = dropouts.list_cases(school.coordinator, settings)[0].id
    dropouts.register(school.teacher, case, "家中农忙，不愿上学")
    dropouts.add_attempt(school.teacher, case, date="2026-11-27", by_whom="郑老师", with_whom="祖母", method="phone",
                         outcome="答应送回")
    dropouts.record_report_sent(school.coordinator, case, on="2026-11-30", to=["education_bureau", "township"])
    dropouts.close_case(school.coordinator, case, "returned", "已返校")

    absences = sentences(school, settings, "absence")
    assert absences[:2] == [
        ("郑老师 新建了缺勤 张小三：日期 2026-11-23；缺勤类别 无故旷课；备注 未请假",
         "郑老师 created absence 张小三: Date 2026-11-23; Kind unexcused absence; Note 未请假"),
        ("郑老师 修改了缺勤 张小三：日期 2026-11-23；缺勤类别 无故旷课 → 病假；备注 未请假 → 发烧，在家",
         "郑老师 changed absence 张小三: Date 2026-11-23; Kind unexcused absence → sick leave; Note 未请假 → 发烧，在家")]
    assert sentences(school, settings, "attendance_day")[0] == (
        "郑老师 新建了考勤 三年级(1)班：日期 2026-11-23；缺勤人数 1",
        "郑老师 created the register of 三年级(1)班: Date 2026-11-23; Pupils absent 1")
    assert sentences(school, settings, "dropout_case") == [
        ("郑老师 新建了辍学个案 张小三：立案原因 连续无故旷课；立案日期 2026-11-26",
         "郑老师 created dropout case 张小三: Opened because of consecutive unexcused absence; Opened on 2026-11-26"),
        ("郑老师 修改了辍学个案 张小三：登记日期 空 → 2026-11-30；辍学原因 空 → 家中农忙，不愿上学",
         "郑老师 changed dropout case 张小三: Registered on (empty) → 2026-11-30; "
         "Why out of school (empty) → 家中农忙，不愿上学"),
        ("周协调 修改了辍学个案 张小三：书面报告报送日期 空 → 2026-11-30；报送单位 空 → 教育局、乡（镇）人民政府",
         "周协调 changed dropout case 张小三: Written report sent on (empty) → 2026-11-30; "
         "Sent to (empty) → education bureau, township government"),
        ("周协调 修改了辍学个案 张小三：结果 已复学；结案说明 已返校；结案日期 2026-11-30",
         "周协调 changed dropout case 张小三: Outcome back in school; Outcome note 已返校; Closed on 2026-11-30")]
    assert sentences(school, settings, "persuasion_attempt") == [(
        f"郑老师 新建了劝返记录 张小三：个案编号 {case}；劝返日期 2026-11-27；劝返人 郑老师；劝返对象 祖母；劝返方式 电话；"
        "结果 答应送回",
        f"郑老师 created persuasion attempt 张小三: Case no. {case}; Date 2026-11-27; Who went 郑老师; "
        "With whom 祖母; How phone; Outcome 答应送回")]


def test_a_counselling_session_reads_with_its_topic_and_referral_in_words(school, settings):
    session = counselling.record_session(school.teacher, settings,
                                         SessionDraft(school.pupil_ids[0], "2026-11-20", "学习压力", "睡不着"))
    counselling.withdraw_session(school.teacher, session.row.id, "记错学生")
    assert sentences(school, settings, "counselling_session") == [
        ("郑老师 新建了心理咨询 张小三：日期 2026-11-20；话题 学习压力；记录字数 3；转介 不转介；咨询老师 郑老师",
         "郑老师 created counselling session 张小三: Date 2026-11-20; Topic Study stress; Notes length 3; "
         "Referral None; Counsellor 郑老师"),
        ("郑老师 撤回了心理咨询 张小三：已撤销 否 → 是；撤销原因 空 → 记错学生",
         "郑老师 withdrew counselling session 张小三: Withdrawn No → Yes; Reason for withdrawal (empty) → 记错学生")]
