"""The county inbox: a report reaches the office it was sent to (and no other), within the account's reach; the
office marks it received, acted on, closed, with a note; the school sees that status; reading is audited."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain import inbox as ib
from schoolcare.services.county import inbox
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import dropouts, incidents
from schoolcare.store.models import AuditEntry, InboxStatus
from tests.county_factories import build_county, reported_dropout, reported_incident


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-30")


@pytest.fixture
def county(db_url):
    return build_county()


def keys(actor, settings) -> list[str]:
    return [item.key for item in inbox.items(actor, settings)]


def test_a_mandatory_report_reaches_the_office_it_was_sent_to_and_no_other(county, settings):
    a, b, c = county.schools
    _, to_bureau = reported_incident(settings, a, "education_bureau")
    _, to_township = reported_incident(settings, a, "township", pupil=1)
    reported_incident(settings, a, "police", pupil=2)  # the police are no county account
    _, far = reported_incident(settings, c, "education_bureau")
    assert keys(county.bureau, settings) == [f"incident_report:{to_bureau}", f"incident_report:{far}"]
    assert keys(county.township, settings) == [f"incident_report:{to_township}"]
    assert keys(county.civil_affairs, settings) == []
    assert keys(county.far_bureau, settings) == [f"incident_report:{far}"]  # its reach is school c only
    item = inbox.items(county.bureau, settings)[0]
    assert (item.school, item.pupil, item.status.status) == ("青石镇中心小学", "张小三", ib.NEW)
    assert (item.method, item.receipt, item.found_at) == ("phone", "JY-2026-118", dt.datetime(2026, 11, 10, 8, 0))
    assert inbox.subject_text(item, "zh-CN") == "家庭暴力" or item.subject == "domestic_violence"
    with pytest.raises(NotFound):  # out of reach: as if there were no such report
        inbox.detail(county.far_bureau, settings, f"incident_report:{to_bureau}")
    with pytest.raises(NotFound):  # sent to another office
        inbox.mark(county.bureau, settings, f"incident_report:{to_township}", "received")


def test_a_written_dropout_report_reaches_each_office_it_names_with_its_own_status(county, settings):
    a = county.schools[0]
    case = reported_dropout(a, "education_bureau,township")
    key = f"dropout_report:{case}"
    assert keys(county.bureau, settings) == [key] and keys(county.township, settings) == [key]
    inbox.mark(county.township, settings, key, "received", "已转村委会")
    assert inbox.items(county.bureau, settings)[0].status.status == ib.NEW
    assert inbox.items(county.township, settings)[0].status.status == ib.RECEIVED
    detail = inbox.detail(county.bureau, settings, key)
    text = "\n".join(detail.report_text)
    assert "李思思" in text and "请乡镇协助劝返" in text and "青石镇中心小学" in text
    seen = dropouts.case_detail(a.coordinator, settings, case)
    assert {(s.office, s.status) for s in seen.county} == {("education_bureau", "new"), ("township", "received")}


def test_marking_keeps_every_change_and_the_school_sees_the_latest(county, settings):
    a = county.schools[0]
    incident, report = reported_incident(settings, a, "education_bureau")
    key = f"incident_report:{report}"
    inbox.mark(county.bureau, settings, key, "received")
    inbox.mark(county.bureau, settings, key, "acted_on", "已派员核查")
    detail = inbox.detail(county.bureau, settings, key)
    assert [(h.status, h.note, h.by) for h in detail.history] == [("received", "", "钱科长"),
                                                                 ("acted_on", "已派员核查", "钱科长")]
    assert detail.item.status.status == "acted_on"
    seen = incidents.incident_detail(a.coordinator, settings, incident)
    assert seen.reports[0].county.status == "acted_on" and seen.reports[0].county.at is not None
    inbox.mark(county.bureau, settings, key, "closed", "已办结")
    item = inbox.items(county.bureau, settings)[0]
    assert item.status.handled
    marks = AuditEntry.select().where((AuditEntry.entity == "inbox_item") & (AuditEntry.action == "mark"))
    assert [m.school_id for m in marks] == [a.school_id] * 3


def test_unhandled_first_oldest_on_top(county, settings):
    a, b, _ = county.schools
    _, late = reported_incident(settings, a, "education_bureau", reported_at="2026-11-10 11:00")
    _, early = reported_incident(settings, b, "education_bureau", reported_at="2026-11-10 09:00")
    case = reported_dropout(a, "education_bureau", sent_on=dt.date(2026, 11, 12))
    inbox.mark(county.bureau, settings, f"incident_report:{early}", "closed")
    assert keys(county.bureau, settings) == [f"incident_report:{late}", f"dropout_report:{case}",
                                             f"incident_report:{early}"]
    open_only = inbox.items(county.bureau, settings, include_closed=False)
    assert [i.key for i in open_only] == [f"incident_report:{late}", f"dropout_report:{case}"]


def test_who_may_mark_and_what_is_refused(county, settings):
    a = county.schools[0]
    _, report = reported_incident(settings, a, "education_bureau")
    key = f"incident_report:{report}"
    for school_account in (a.coordinator, a.principal, a.teacher):
        with pytest.raises(PermissionDenied):
            inbox.mark(school_account, settings, key, "received")
        with pytest.raises(PermissionDenied):
            inbox.items(school_account, settings)
    with pytest.raises(ValidationError) as bad_status:
        inbox.mark(county.bureau, settings, key, "lost")
    assert bad_status.value.field == "inbox_status"
    with pytest.raises(ValidationError) as bad_key:
        inbox.mark(county.bureau, settings, "incident-12", "received")
    assert bad_key.value.field == "inbox_item"
    assert ib.parse_key("incident:12") == ("incident_report", 12)
    assert InboxStatus.select().count() == 0


def test_reading_an_item_is_audited_on_the_incident_and_shows_only_what_was_reported(county, settings):
    a = county.schools[0]
    incident, report = reported_incident(settings, a, "education_bureau")
    detail = inbox.detail(county.bureau, settings, f"incident_report:{report}")
    assert detail.report_text == () and detail.item.pupil == "张小三"
    assert not hasattr(detail.item, "description")  # what was seen stays with the school
    read = AuditEntry.get((AuditEntry.entity == "incident") & (AuditEntry.entity_id == incident)
                          & (AuditEntry.action == "read"))
    assert read.school_id == a.school_id and read.actor_id == county.bureau.staff_id
    history = incidents.incident_detail(a.coordinator, settings, incident).history
    assert any(h.action == "read" and h.who == "钱科长" for h in history)  # the school sees who read it


def test_the_command_line_lists_and_marks(county, settings, db_url, capsys, monkeypatch):
    from schoolcare.cli import main
    from schoolcare.store import database as store_db
    from tests.factories import PASSWORD

    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    a = county.schools[0]
    _, report = reported_incident(settings, a, "education_bureau")
    case = reported_dropout(a, "township")
    assert main(["report", "inbox", "--format", "csv", "--db", db_url, "--user", "jyj"]) == 0
    out = capsys.readouterr().out
    assert f"incident_report:{report}" in out and "dropout_report" not in out and "新" in out
    assert main(["inbox", "mark", f"incident_report:{report}", "--status", "acted_on", "--note", "已核查",
                 "--db", db_url, "--user", "jyj", "--lang", "en"]) == 0
    assert "acted on" in capsys.readouterr().out
    assert main(["report", "inbox", "--db", db_url, "--user", "xz", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"dropout_report:{case}" in out and "1 reports, 1 not closed" in out
    assert main(["inbox", "mark", "report-1", "--status", "closed", "--db", db_url, "--user", "jyj",
                 "--lang", "en"]) == 1
    assert "incident_report:N" in capsys.readouterr().err
    assert main(["inbox", "mark", f"incident_report:{report}", "--status", "closed", "--db", db_url,
                 "--user", "coord", "--lang", "en"]) == 1
    store_db.open_database(db_url)
    assert inbox.items(county.bureau, settings)[0].status.status == "acted_on"
