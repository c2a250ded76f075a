"""Incidents and the mandatory report (R8): who may record and read them, every reading audited, the clock,
the refusals, follow-ups, closing and reopening, the scoped report and the export."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain import protection as pr
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import incident_actions as acts
from schoolcare.services.protection import incident_export, incidents
from schoolcare.store.models import AuditEntry
from tests.services.sheet_files import workbook_table

NOW = dt.datetime(2026, 11, 10, 9, 0)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # NOW's time of day too: with a date alone, clock.now() takes the real time, and the drafts found at 08:00
    # would be in the future for a run just after midnight.
    monkeypatch.setenv("SCHOOLCARE_TODAY", NOW.isoformat(timespec="minutes"))


def draft(pupil_id, kind="domestic_violence", found_at="2026-11-10 08:00", **more):
    return pr.IncidentDraft(pupil_id, kind, found_at, place=more.get("place", "学生家中"),
                            description=more.get("description", "手臂有多处淤青，说是父亲打的"),
                            found_by=more.get("found_by", ""), immediate_action="已安置在学校宿舍")


def reads(incident_id: int) -> int:
    return AuditEntry.select().where((AuditEntry.entity == "incident") & (AuditEntry.entity_id == incident_id)
                                     & (AuditEntry.action == "read")).count()


def test_a_teacher_records_one_for_their_pupil_and_the_clock_runs_the_kinds_hours(school, settings):
    pupil = school.pupil_ids[0]
    new = incidents.record_incident(school.teacher, settings, draft(pupil, "missing"))
    rows = incidents.list_incidents(school.coordinator, settings, now=NOW)
    row = next(r for r in rows if r.id == new)
    assert row.clock.due_at == dt.datetime(2026, 11, 10, 10, 0)  # missing: 2 hours
    assert row.clock.state == pr.PENDING and row.recorder == "郑老师"
    detail = incidents.incident_detail(school.teacher, settings, new, now=NOW)
    assert detail.found_by == "郑老师" and detail.place == "学生家中"  # the finder defaults to the recorder


def test_recording_is_refused_out_of_reach_for_the_principal_and_for_bad_input(school, settings):
    with pytest.raises(NotFound):
        incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[3]))
    with pytest.raises(PermissionDenied):
        incidents.record_incident(school.principal, settings, draft(school.pupil_ids[0]))
    with pytest.raises(ValidationError) as unknown:
        incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[0], "haunting"))
    assert unknown.value.field == "incident_kind"
    with pytest.raises(ValidationError) as future:
        incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[0], found_at="2026-11-12 08:00"))
    assert future.value.field == "found_at"
    with pytest.raises(ValidationError) as blank:
        incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[0], description=" "))
    assert blank.value.field == "what_seen"
    # The coordinator reaches every pupil, the unassigned one too.
    assert incidents.record_incident(school.coordinator, settings, draft(school.unassigned_pupil_id))
    assert [r.pupil_id for r in incidents.list_incidents(school.coordinator, settings)] == [school.unassigned_pupil_id]


def test_details_are_the_recorders_coordinators_and_principals_and_each_opening_is_audited(school, settings):
    # pupils[3] is the other teacher's; the homeroom teacher of its class is nobody.
    new = incidents.record_incident(school.coordinator, settings, draft(school.pupil_ids[0]))
    for actor in (school.coordinator, school.principal):
        assert incidents.incident_detail(actor, settings, new, now=NOW).description.startswith("手臂")
    assert reads(new) == 2
    # The care teacher (also homeroom teacher) knows it exists and whom to ask, not what it is.
    [row] = incidents.list_incidents(school.teacher, settings, now=NOW)
    assert row.restricted and row.kind == "" and row.found_at is None and "周协调" in row.ask
    with pytest.raises(NotFound):
        incidents.incident_detail(school.teacher, settings, new)
    # Another teacher: nothing at all.
    assert incidents.list_incidents(school.other_teacher, settings) == []
    with pytest.raises(NotFound):
        incidents.incident_detail(school.other_teacher, settings, new)
    assert reads(new) == 2  # refused openings read nothing
    who = {e.actor_id for e in AuditEntry.select().where((AuditEntry.entity_id == new)
                                                         & (AuditEntry.action == "read"))}
    assert who == {school.coordinator.staff_id, school.principal.staff_id}
    history = incidents.incident_detail(school.coordinator, settings, new, now=NOW).history
    assert [h.action for h in history] == ["create", "read", "read", "read"]


def test_the_report_stops_the_clock_and_is_refused_before_the_finding(school, settings):
    new = incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[1], found_at="2026-11-08 08:00"))
    assert incidents.counts(school.coordinator, NOW).overdue_reports == 1  # 24 h passed on the 9th
    [late] = incidents.overdue_reports(school.principal, settings, NOW)
    assert late.id == new and late.clock.hours_overdue == 25
    assert incidents.counts(school.teacher, NOW, mine=True).overdue_reports == 1
    # The term progress and report count it, as it stood each day (not yet due on the 8th).
    from schoolcare.services.reports.term_counts import overdue_reports_on
    assert overdue_reports_on(school.principal, dt.date(2026, 11, 10)) == 1
    assert overdue_reports_on(school.principal, dt.date(2026, 11, 8)) == 0
    with pytest.raises(ValidationError) as early:
        acts.log_report(school.teacher, new, pr.ReportDraft("police", "2026-11-08 07:59"))
    assert early.value.field == "reported_at"
    with pytest.raises(ValidationError) as whom:
        acts.log_report(school.teacher, new, pr.ReportDraft("the neighbours", "2026-11-09 10:00"))
    assert whom.value.field == "to_whom"
    with pytest.raises(PermissionDenied):
        acts.log_report(school.principal, new, pr.ReportDraft("police", "2026-11-09 10:00"))
    with pytest.raises(NotFound):
        acts.log_report(school.other_teacher, new, pr.ReportDraft("police", "2026-11-09 10:00"))
    acts.log_report(school.teacher, new, pr.ReportDraft("派出所", "2026-11-09 10:00", "电话", "JJ2026-1109-07"))
    detail = incidents.incident_detail(school.coordinator, settings, new, now=NOW)
    assert detail.row.clock.state == pr.LATE and detail.row.clock.hours_overdue == 2
    assert detail.reports[0].to_whom == "police" and detail.reports[0].receipt == "JJ2026-1109-07"
    assert detail.reports[0].by == "郑老师" and detail.reports[0].method == "phone"
    assert incidents.counts(school.coordinator, NOW).overdue_reports == 0


def test_follow_ups_closing_needs_an_outcome_and_reopening_keeps_it(school, settings):
    new = incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[2], found_at="2026-11-05 08:00"))
    with pytest.raises(ValidationError) as unreported:
        acts.close_incident(school.coordinator, new, "已处理")
    assert unreported.value.field == "incident_outcome"
    acts.log_report(school.coordinator, new, pr.ReportDraft("police", "2026-11-05 08:30"))
    assessment = acts.add_follow_up(school.coordinator, new, pr.IncidentFollowUpDraft(
        "assessment", "会同村委会评估监护状况", school.teacher.staff_id, "2026-11-09"))
    with pytest.raises(ValidationError):
        acts.add_follow_up(school.coordinator, new, pr.IncidentFollowUpDraft("tea", "x"))
    detail = incidents.incident_detail(school.coordinator, settings, new, now=NOW)
    assert detail.follow_ups[0].overdue and detail.follow_ups[0].owner == "郑老师"
    assert incidents.counts(school.coordinator, NOW).overdue_follow_ups == 1
    acts.complete_follow_up(school.teacher, assessment, "2026-11-10", "监护人为祖母，能力尚可")
    with pytest.raises(PermissionDenied):
        acts.close_incident(school.teacher, new, "x")
    with pytest.raises(ValidationError) as blank:
        acts.close_incident(school.coordinator, new, "  ")
    assert blank.value.field == "incident_outcome"
    acts.close_incident(school.coordinator, new, "父亲已接受派出所训诫，由祖母监护")
    assert incidents.list_incidents(school.coordinator, settings) == []  # open ones by default
    assert incidents.list_incidents(school.teacher, settings) == []  # a closed one is no longer the teacher's
    acts.reopen_incident(school.coordinator, new, "再次发现淤青")
    detail = incidents.incident_detail(school.coordinator, settings, new, now=NOW)
    assert detail.row.status == "open" and detail.reopened == 1
    assert detail.outcome == "父亲已接受派出所训诫，由祖母监护"
    assert [f.kind for f in detail.follow_ups] == ["assessment", pr.REOPENED]
    assert detail.follow_ups[1].done_note == "父亲已接受派出所训诫，由祖母监护"
    actions = [h.action for h in detail.history]
    assert actions[:2] == ["create", "report"] and "close" in actions and actions[-2] == "reopen"


def test_the_report_is_scoped_and_only_coordinator_and_principal_export(school, settings, tmp_path):
    mine = incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[0], found_at="2026-11-08 08:00"))
    theirs = incidents.record_incident(school.coordinator, settings, draft(school.pupil_ids[1], "school_bullying"))
    elsewhere = incidents.record_incident(school.coordinator, settings, draft(school.pupil_ids[3]))
    headers, rows = incident_export.report_table(school.teacher, settings, "en", now=NOW)
    assert headers[:9] == ["ID", "Pupil", "Class", "Kind", "Status", "Found at", "Report deadline", "Reported at",
                           "Overdue"]
    by_id = {r[0]: r for r in rows}
    assert set(by_id) == {mine, theirs}  # not the other teacher's pupil's
    assert by_id[mine][3] == "Suspected domestic violence" and by_id[mine][8] == "yes"
    assert by_id[theirs][3] == "🔒 restricted" and by_id[theirs][5] == "" and "周协调" in by_id[theirs][-1]
    _, everything = incident_export.report_table(school.principal, settings, "zh-CN", now=NOW)
    assert {r[0] for r in everything} == {mine, theirs, elsewhere} and everything[0][0] == mine  # overdue first
    with pytest.raises(PermissionDenied):
        incident_export.export_incidents(school.teacher, settings, tmp_path / "x.xlsx", "xlsx")
    [path, *_] = incident_export.export_incidents(school.principal, settings, tmp_path / "incidents.xlsx", "xlsx",
                                                  "en")
    sheet = workbook_table(path)
    assert len(sheet) == 4 and "What was seen" in sheet[0]
    assert AuditEntry.select().where((AuditEntry.action == "export") & (AuditEntry.entity == "incident")
                                     & (AuditEntry.actor == school.principal.staff_id)).count() == 1


def test_the_command_line_reports_scoped_and_exports_only_for_coordinator_and_principal(school, settings, db_url,
                                                                                      tmp_path, capsys,
                                                                                      monkeypatch):
    from schoolcare.cli import main
    from schoolcare.store import database as store_db
    from tests.factories import PASSWORD

    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    overdue = incidents.record_incident(school.coordinator, settings,
                                        draft(school.pupil_ids[3], found_at="2026-11-08 08:00"))
    assert main(["report", "incidents", "--format", "csv", "--lang", "en", "--db", db_url, "--user", "coord"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("ID,Pupil,Class,Kind,Status,Found at,Report deadline,Reported at,"
                                                "Overdue")
    assert lines[1].startswith(f"{overdue},刘洋洋,") and ",yes," in lines[1]
    assert main(["report", "incidents", "--format", "csv", "--db", db_url, "--user", "zheng"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # another teacher's pupil: not even its existence
    code = main(["export", "incidents", "--format", "csv", "-o", str(tmp_path / "i.csv"), "--lang", "en",
                 "--db", db_url, "--user", "zheng"])
    assert code == 1 and "only the coordinator and the principal" in capsys.readouterr().err
    assert main(["export", "incidents", "--format", "csv", "-o", str(tmp_path / "i.csv"), "--db", db_url,
                 "--user", "head"]) == 0
    store_db.open_database(db_url)
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 1


def test_showing_the_open_details_again_is_not_a_new_reading_but_still_checks_who_may(school, settings):
    new = incidents.record_incident(school.coordinator, settings, draft(school.pupil_ids[0]))
    incidents.incident_detail(school.coordinator, settings, new, now=NOW)
    again = incidents.incident_detail(school.coordinator, settings, new, now=NOW, audit_read=False)
    assert again.description.startswith("手臂") and reads(new) == 1
    with pytest.raises(NotFound):  # not auditing is never a way round the rule
        incidents.incident_detail(school.teacher, settings, new, audit_read=False)


def test_closing_marks_the_open_follow_ups_done_with_the_outcome_and_audits_each(school, settings):
    new = incidents.record_incident(school.teacher, settings, draft(school.pupil_ids[2], found_at="2026-11-05 08:00"))
    acts.log_report(school.coordinator, new, pr.ReportDraft("police", "2026-11-05 08:30"))
    done = acts.add_follow_up(school.coordinator, new, pr.IncidentFollowUpDraft("assessment", "评估监护状况"))
    acts.complete_follow_up(school.coordinator, done, "2026-11-10", "祖母能监护")
    pending = [acts.add_follow_up(school.coordinator, new, pr.IncidentFollowUpDraft(kind, action,
                                                                                    school.teacher.staff_id))
               for kind, action in (("psychological", "每周谈心"), ("guardianship", "指导祖母"))]
    assert [f.id for f in acts.open_follow_ups(new)] == pending
    assert acts.close_incident(school.coordinator, new, "已由祖母监护，情况稳定", "2026-11-10") == pending
    detail = incidents.incident_detail(school.coordinator, settings, new, now=NOW)
    assert detail.row.status == "closed" and detail.row.follow_ups_open == 0 and acts.open_follow_ups(new) == []
    by_id = {f.id: f for f in detail.follow_ups}
    assert by_id[done].done_note == "祖母能监护"  # one done before keeps its own note and day
    for follow_up in pending:
        assert (by_id[follow_up].done_on, by_id[follow_up].done_note) == (dt.date(2026, 11, 10), "已由祖母监护，情况稳定")
    rows = list(AuditEntry.select().where((AuditEntry.entity_id == new)
                                          & AuditEntry.action.in_(["follow_up_done", "close"])).order_by(AuditEntry.id))
    assert [r.action for r in rows] == ["follow_up_done", "follow_up_done", "follow_up_done", "close"]
    assert all('"by_closing": true' in r.changes for r in rows[1:3]) and '"follow_ups_done": 2' in rows[3].changes
    # Reopened and closed again with nothing open: no follow-up is touched.
    acts.reopen_incident(school.coordinator, new, "再次发现")
    assert acts.close_incident(school.coordinator, new, "已再次处理") == []
