"""Admin → 操作日志 reads child-protection changes in words: an incident's kind as this school's config names it
(the app's settings), its status, its report's office and method, a follow-up's owner by name."""
from __future__ import annotations

import dataclasses

from textual.widgets import DataTable, TabbedContent

from schoolcare.domain import protection as pr
from schoolcare.domain.settings import Label
from schoolcare.services.protection import incident_actions as acts
from schoolcare.services.protection import incidents
from schoolcare.ui.app import make_app
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


def school_settings(settings):
    """The shipped config with the school's own name for one kind."""
    kinds = tuple(dataclasses.replace(k, name=Label("校园欺凌（含网络欺凌）", "Bullying, online too"))
                  if k.id == "school_bullying" else k for k in settings.incident_kinds)
    return dataclasses.replace(settings, incident_kinds=kinds)


async def audit_lines(app) -> list[str]:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        pilot.app.screen.query_one("#admin-tabs", TabbedContent).active = "tab-audit"
        await settle(pilot)
        table = pilot.app.screen.query_one("#audit", DataTable)
        return [table.get_row_at(n)[2].plain for n in range(table.row_count)]


async def test_the_audit_tab_names_kinds_statuses_methods_and_owners(school, settings, database, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-30")
    own = school_settings(settings)
    found = incidents.record_incident(school.teacher, own, pr.IncidentDraft(
        school.pupil_ids[0], "school_bullying", "2026-11-29 08:30", "操场", "被推倒"))
    acts.log_report(school.coordinator, found, pr.ReportDraft("police", "2026-11-29 10:00", "in_person"))
    acts.add_follow_up(school.coordinator, found, pr.IncidentFollowUpDraft("assessment", "评估", school.teacher.staff_id))
    acts.close_incident(school.coordinator, found, "已处理")  # the open follow-up is done by the closing

    zh = await audit_lines(make_app(own, database, school.coordinator, lang="zh-CN"))
    assert zh[:5] == [
        "周协调 关闭了事件 张小三：事件状态 未结案 → 已结案；处理结果 已处理；结案日期 2026-11-30；随结案完成的跟进数 1",
        "周协调 完成跟进了事件 张小三：完成日期 2026-11-30；完成情况 已处理；跟进编号 1；随结案完成 是",
        "周协调 布置跟进了事件 张小三：跟进类别 评估；具体措施 评估；负责人 郑老师；跟进编号 1",
        "周协调 登记强制报告了事件 张小三：报告对象 公安机关（派出所）；报告时间 2026-11-29 10:00；报告方式 当面",
        "郑老师 新建了事件 张小三：事件类别 校园欺凌（含网络欺凌）；发现时间 2026-11-29 08:30；发现地点 操场；看到的情况 被推倒；"
        "发现人 郑老师；强制报告期限 2026-11-30 08:30"]
    en = await audit_lines(make_app(own, database, school.coordinator, lang="en"))
    assert en[:5] == [
        "周协调 closed incident 张小三: Status Open → Closed; Outcome 已处理; Closed on 2026-11-30; "
        "Follow-ups done by closing 1",
        "周协调 completed a follow-up of incident 张小三: Done on 2026-11-30; How it was done 已处理; Follow-up no. 1; "
        "Done by closing Yes",
        "周协调 added a follow-up to incident 张小三: Follow-up kind Assessment; What is to be done 评估; Owner 郑老师; "
        "Follow-up no. 1",
        "周协调 logged the mandatory report of incident 张小三: Reported to Police (派出所); Reported at 2026-11-29 10:00; "
        "How In person",
        "郑老师 created incident 张小三: Kind Bullying, online too; Found at 2026-11-29 08:30; Where 操场; "
        "What was seen 被推倒; Found by 郑老师; Report due by 2026-11-30 08:30"]
