"""Many schools in one database: `school add` with its code and coordinator, county accounts that belong to no
school, read every school or a named set, and write nothing of a school's; a school still sees only itself."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.cli import main
from schoolcare.domain.protection import IncidentDraft
from schoolcare.services.accounts import auth, county_accounts
from schoolcare.services.care import calls_talks
from schoolcare.services.centre import hazards
from schoolcare.services.county import reach
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection import incidents
from schoolcare.services.registry import classes, pupil_list, pupils
from schoolcare.store import database as store_db
from schoolcare.store.models import AuditEntry, CountyReach, Hazard, Pupil, School, Staff
from tests.factories import PASSWORD, build_small_school

NEW = "new-password"


@pytest.fixture
def passwords(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", NEW)
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")


def test_init_takes_a_code_and_a_second_init_points_to_school_add(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'county.db'}"
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--code", "qs01", "--db", url]) == 0
    assert main(["init", "--school", "白河镇小学", "--coordinator", "李协调", "--db", url, "--lang", "en"]) == 1
    assert "school add" in capsys.readouterr().err
    store_db.open_database(url)
    assert School.get().code == "QS01"
    store_db.close_database()


def test_a_coordinator_adds_the_first_county_account_then_the_county_adds_schools(school, db_url, passwords, capsys,
                                                                                   monkeypatch):
    assert main(["school", "add", "--name", "白河镇小学", "--code", "BH02", "--coordinator", "李协调",
                 "--db", db_url, "--user", "coord"]) == 0  # no county account yet: the coordinator may
    assert "coord-bh02" in capsys.readouterr().out
    assert main(["user", "add", "县教育局", "--role", "county", "--login", "edu", "--db", db_url,
                 "--user", "coord"]) == 0
    assert main(["school", "add", "--name", "杨柳村小学", "--code", "YL03", "--coordinator", "王协调",
                 "--db", db_url, "--user", "coord", "--lang", "en"]) == 1  # now the county's to do
    assert "county account" in capsys.readouterr().err
    assert main(["user", "list", "--db", db_url, "--user", "coord"]) == 0  # the school's staff, then the county's
    staff_then_county = capsys.readouterr().out.split("\n\n县级账号\n")
    assert "coord\t周协调" in staff_then_county[0] and staff_then_county[1].startswith("edu\t县教育局")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", NEW)  # now acting as the county account made above
    assert main(["school", "add", "--name", "杨柳村小学", "--code", "YL03", "--coordinator", "王协调",
                 "--login", "wangyl", "--db", db_url, "--user", "edu"]) == 0
    assert main(["user", "add", "乡镇干部", "--role", "county", "--office", "township", "--schools", "bh02,YL03",
                 "--login", "town", "--db", db_url, "--user", "edu"]) == 0
    capsys.readouterr()
    assert main(["user", "list", "--db", db_url, "--user", "edu"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "edu\t县教育局\t县级账号\t在用\t教育局\t全部学校" in listed
    assert "town\t乡镇干部\t县级账号\t在用\t乡镇\tBH02,YL03" in listed
    # A township reads a named set: it adds no school.
    assert main(["school", "add", "--name", "X", "--code", "X04", "--coordinator", "X", "--db", db_url,
                 "--user", "town"]) == 1
    store_db.open_database(db_url)
    assert School.select().count() == 3
    added = School.get(School.code == "YL03")
    coordinator = Staff.get(Staff.login == "wangyl")
    assert coordinator.school_id == added.id and coordinator.role == "coordinator"
    assert auth.authenticate("wangyl", NEW).school_id == added.id
    logged = AuditEntry.select().where((AuditEntry.entity == "school") & (AuditEntry.entity_id == added.id)).get()
    assert logged.actor_id == Staff.get(Staff.login == "edu").id and logged.school_id == added.id
    county = Staff.get(Staff.login == "edu")
    assert county.school_id is None and county.office == "education_bureau"


def test_codes_are_checked_and_an_unknown_code_names_itself(school, db_url):
    coordinator = school.coordinator
    with pytest.raises(ValidationError) as bad:
        county_accounts.add_school(coordinator, "白河镇小学", "白河!", "李协调", "li", NEW)
    assert (bad.value.code, bad.value.field) == ("county.code_format", "school_code")
    county_accounts.add_school(coordinator, "白河镇小学", "bh02", "李协调", "li", NEW)
    with pytest.raises(ValidationError) as taken:
        county_accounts.add_school(coordinator, "白河二小", "BH02", "赵协调", "zhao", NEW)
    assert taken.value.code == "county.code_taken"
    with pytest.raises(ValidationError) as unknown:
        county_accounts.add_county_account(coordinator, "乡镇", "town", NEW, office="township",
                                           school_codes=["BH02", "ZZ99"])
    assert unknown.value.code == "county.unknown_code" and unknown.value.params["code"] == "ZZ99"
    assert not Staff.select().where(Staff.login == "town").exists()
    with pytest.raises(PermissionDenied):
        county_accounts.add_school(school.principal, "X", "X01", "X", "xx", NEW)
    with pytest.raises(ValidationError):
        auth.add_user(coordinator, "县里", "county", "cty", NEW)  # a county account is no school's account


def test_report_county_has_one_row_per_school_with_the_term_reports_figures(school, db_url, passwords, capsys):
    county_accounts.add_school(school.coordinator, "白河镇小学", "BH02", "李协调", "li", NEW)
    county_accounts.add_county_account(school.coordinator, "县民政局", "civil", PASSWORD, office="civil_affairs")
    assert main(["report", "county", "--format", "csv", "--db", db_url, "--user", "civil"]) == 0
    rows = read_rows_from(capsys.readouterr().out)
    assert len(rows) == 1 + 2 and rows[0][0] == "学校"
    assert main(["report", "term", "--format", "csv", "--db", db_url, "--user", "coord"]) == 0
    own = {row[0]: row[1] for row in read_rows_from(capsys.readouterr().out)}
    mine = next(row for row in rows if row[0] == "青石镇中心小学")
    header = rows[0]
    for key in ("关爱责任人覆盖率（%）", "关爱中心达标率（%）", "未整改隐患", "未结案事件"):
        assert mine[header.index(key)] == own[key], key
    assert main(["report", "county", "--db", db_url, "--user", "civil"]) == 0
    assert "白河镇小学" in capsys.readouterr().out
    assert main(["report", "county", "--db", db_url, "--user", "coord"]) == 1  # a school's account: no county


def read_rows_from(text: str) -> list[list[str]]:
    """The rows of CSV printed to stdout (the same file format `export … --format csv` writes)."""
    import csv
    import io

    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def county(school, db_url):
    other = build_small_school("白河镇小学", "b")
    staff = Staff.create(school=None, name="县教育局", login="edu", role="county", office="education_bureau")
    return auth.actor_for(staff), other


def test_a_county_account_writes_nothing_of_a_schools(school, county, settings):
    actor, _ = county
    at = reach.at_school(actor, school.school_id)
    pupil = school.pupil_ids[0]
    assert pupil_list.list_pupils(at).total >= 6  # it reads the school …
    hazard = Hazard.create(school=school.school_id, description="灭火器过期", found_on=dt.date(2026, 10, 1),
                           deadline=dt.date(2026, 10, 31))
    writes = [
        lambda: pupils.update_pupil(at, pupil, {"address": "青石镇"}),
        lambda: calls_talks.log_calls(at, [pupil], date=dt.date(2026, 11, 23)),
        lambda: hazards.change_deadline(at, hazard.id, dt.date(2026, 12, 31), "缓一缓"),
        lambda: incidents.record_incident(at, settings, IncidentDraft(pupil, "missing", "2026-11-23 09:00")),
        lambda: classes.create_class(at, "五年级(1)班"),
    ]
    for write in writes:  # … and changes none of it
        with pytest.raises(PermissionDenied):
            write()
    assert Pupil.get_by_id(pupil).address == ""
    with pytest.raises(NotFound):
        reach.at_school(actor, 10_000)


def test_a_school_still_sees_nothing_of_another(school, county):
    _, other = county
    assert {p.id for p in pupil_list.list_pupils(school.coordinator).rows}.isdisjoint(other.pupil_ids)
    with pytest.raises(NotFound):
        pupils.update_pupil(school.coordinator, other.pupil_ids[0], {"address": "x"})
    township = Staff.create(school=None, name="乡镇", login="town", role="county", office="township")
    CountyReach.create(staff=township, school=other.school_id)
    with pytest.raises(NotFound):
        reach.at_school(auth.actor_for(township), school.school_id)

