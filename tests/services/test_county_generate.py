"""A generated county: every school has its code, and each county office an account reading every school."""
from __future__ import annotations

import datetime as dt

from schoolcare.demo.generate import generate
from schoolcare.services.accounts.auth import authenticate
from schoolcare.services.county import reach
from schoolcare.store.models import School, Staff

TODAY = dt.date(2026, 11, 28)
PASSWORD = "generated-pw"


def test_a_generated_county_has_codes_and_an_account_per_office(db_url, settings):
    accounts = generate(200, 3, settings=settings, password=PASSWORD, today=TODAY, seed=3)
    codes = [s.code for s in School.select().order_by(School.id)]
    assert codes == ["S01", "S02", "S03"]
    county = [login for role, login in accounts if role == "county"]
    assert county == ["county-edu", "county-civil", "county-town"]
    offices = {s.login: s.office for s in Staff.select().where(Staff.role == "county")}
    assert offices == {"county-edu": "education_bureau", "county-civil": "civil_affairs", "county-town": "township"}
    actor = authenticate("county-civil", PASSWORD)
    assert actor.school_id is None and len(reach.schools(actor)) == 3


def test_one_generated_school_has_a_code_and_no_county(db_url, settings):
    accounts = generate(40, settings=settings, password=PASSWORD, today=TODAY, seed=3)
    assert School.get().code == "S01" and all(role != "county" for role, _ in accounts)


def test_on_a_generated_county_every_figure_is_each_schools_own(db_url, settings, monkeypatch):
    """Generated schools have rooms, inspections, hazards, incidents and dropout cases: all agree."""
    from schoolcare.services.county import schools as county
    from schoolcare.services.protection import dropouts
    from schoolcare.services.reports import term_report

    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    generate(400, 3, settings=settings, password=PASSWORD, today=TODAY, seed=5)
    actor = authenticate("county-edu", PASSWORD)
    overview = county.overview(actor, settings, today=TODAY)
    for row in overview.schools:
        at = reach.at_school(actor, row.school_id)
        own = term_report.term_progress(at, settings, today=TODAY, compare=False)
        assert {r.rule.id: r.figures for r in own.rules} == {r.rule.id: row.figures(r.rule.id) for r in own.rules}
        assert (row.coverage, row.activities, row.hazards, row.incidents) == (
            own.coverage, own.activities, own.hazards, own.incidents)
        assert row.readiness == own.headline.readiness
        assert row.open_dropouts == len(dropouts.list_cases(at, settings, today=TODAY, open_only=True))
    assert sum(s.hazards.open for s in overview.schools) > 0 and any(s.readiness for s in overview.schools)
