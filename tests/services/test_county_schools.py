"""The county's schools side by side: every figure is the school's own term report's, computed for the county
at once, weakest first; a county account reads its reach only."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.config import load_settings
from schoolcare.domain.county import OPEN_STEPS
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.county import reach
from schoolcare.services.county import schools as county
from schoolcare.services.errors import PermissionDenied
from schoolcare.services.protection import dropouts
from schoolcare.services.reports import term_report
from schoolcare.store.models import (
    CountyReach,
    DropoutCase,
    FamilyCall,
    Hazard,
    HomeVisit,
    Incident,
    QuarterlySubmission,
    School,
    Staff,
    TeacherTalk,
)
from tests.factories import _HASH, SmallSchool, build_small_school

TODAY = dt.date(2026, 11, 28)
MONDAY = dt.date(2026, 11, 23)
LAST_WEEK = dt.date(2026, 11, 17)


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    return load_settings()


def county_actor(login: str = "edu", codes: tuple[str, ...] = (), office: str = "education_bureau"):
    staff = Staff.create(school=None, name="县教育局", login=login, role="county", office=office, password_hash=_HASH)
    for code in codes:
        CountyReach.create(staff=staff, school=School.get(School.code == code))
    return actor_for(staff)


@pytest.fixture
def three(db_url) -> list[SmallSchool]:
    """Three schools: A phones home every week, B some, C never; hazards, incidents, a dropout case, a ledger."""
    built = [build_small_school(name, prefix) for name, prefix in
             (("青石镇中心小学", ""), ("白河镇小学", "b"), ("杨柳村小学", "c"))]
    for school, code in zip(built, ("QS01", "BH02", "YL03"), strict=True):
        School.update(code=code).where(School.id == school.school_id).execute()
    a, b, c = built
    for pid in a.pupil_ids:
        for day in (LAST_WEEK, MONDAY):
            FamilyCall.create(school=a.school_id, pupil=pid, date=day)
        TeacherTalk.create(school=a.school_id, pupil=pid, teacher=a.teacher.staff_id, date=LAST_WEEK)
        HomeVisit.create(school=a.school_id, pupil=pid, date=dt.date(2026, 10, 9))
    FamilyCall.create(school=b.school_id, pupil=b.pupil_ids[0], date=LAST_WEEK)
    Hazard.create(school=c.school_id, description="灭火器过期", found_on=dt.date(2026, 10, 1),
                  deadline=dt.date(2026, 10, 31))
    Hazard.create(school=b.school_id, description="插座松动", found_on=dt.date(2026, 11, 20),
                  deadline=dt.date(2026, 12, 20))
    Incident.create(school=c.school_id, pupil=c.pupil_ids[0], kind="missing", occurred_at=dt.datetime(2026, 11, 5, 9),
                    report_due_at=dt.datetime(2026, 11, 6, 9))
    DropoutCase.create(school=c.school_id, pupil=c.pupil_ids[1], school_class=c.class_ids[0], trigger="status",
                       opened_on=dt.date(2026, 11, 2))
    QuarterlySubmission.create(school=a.school_id, quarter="2026Q4", submitted_on=dt.date(2026, 11, 25))
    return built


def test_every_figure_is_the_schools_own_term_report(three, settings):
    overview = county.overview(county_actor(), settings, today=TODAY)
    assert [s.name for s in overview.schools][0] == "杨柳村小学"  # nothing done: weakest
    assert len(overview.schools) == 3
    for school in three:
        row = overview.school(school.school_id)
        own = term_report.term_progress(school.principal, settings, today=TODAY, compare=False)
        for rule in own.rules:
            assert row.figures(rule.rule.id) == rule.figures, rule.rule.id
            assert row.rate(rule.rule.id) == rule.rate
        assert row.coverage == own.coverage
        assert row.activities == own.activities
        assert row.readiness == own.headline.readiness
        assert row.hazards == own.hazards
        assert row.incidents == own.incidents
        cases = dropouts.list_cases(school.principal, settings, today=TODAY, open_only=True)
        assert row.open_dropouts == len(cases)
        assert row.dropouts == {step: n for step in OPEN_STEPS if (n := sum(c.state.step == step for c in cases))}
    c = overview.school(three[2].school_id)
    assert (c.hazards.overdue, c.incidents.open, c.incidents.overdue_reports, c.dropouts) == (
        1, 1, 1, {"registration": 1})
    assert overview.school(three[0].school_id).quarterly_sent_on == dt.date(2026, 11, 25)
    assert c.quarterly_sent_on is None and overview.quarter == "2026Q4"


def test_weakest_first_is_lowest_completion_then_most_overdue(three, settings):
    overview = county.overview(county_actor(), settings, today=TODAY)
    completions = [s.completion for s in overview.schools]
    assert completions == sorted(completions)
    assert [s.code for s in overview.schools] == ["YL03", "BH02", "QS01"]


def test_the_county_trend_sums_the_schools_weeks(three, settings):
    overview = county.overview(county_actor(), settings, today=TODAY)
    calls = next(t for t in overview.trend if t.rule.id == "family_call")
    week = {p.label: p for p in calls.points}
    per_school = [{p.label: p for p in term_report.term_progress(s.principal, settings, today=TODAY,
                                                                 compare=False).rule("family_call").trend}
                  for s in three]
    for label, point in week.items():
        assert point.due == sum(w[label].due for w in per_school)
        assert point.done == sum(w[label].done for w in per_school)
    assert week["2026-W47"].done == 5 + 1  # A's five pupils, B's one and week["2026-W48"].running


def test_a_named_reach_reads_only_those_schools_and_a_past_term_too(three, settings):
    township = county_actor("township", ("BH02", "YL03"), "township")
    overview = county.overview(township, settings, today=TODAY)
    assert sorted(s.code for s in overview.schools) == ["BH02", "YL03"]
    spring = county.overview(township, settings, "2026-spring", today=TODAY)
    own = term_report.term_progress(reach.at_school(township, three[1].school_id), settings, "2026-spring",
                                    today=TODAY, compare=False)
    assert spring.school(three[1].school_id).coverage == own.coverage


def test_only_a_county_account_reads_the_county(three, settings):
    with pytest.raises(PermissionDenied):
        county.overview(three[0].coordinator, settings, today=TODAY)
