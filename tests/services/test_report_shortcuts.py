"""The shortcuts that make the term progress fast give the figures the engine gives the long way: records in
weeks not yet begun never count, a class's row asks only for its pupils, rules sharing their weeks are asked
together, the previous term is asked as totals, the report's small counts follow the data."""
from __future__ import annotations

import datetime as dt

import apsw
import pytest

from schoolcare.config import load_settings
from schoolcare.demo.generate import generate
from schoolcare.services.care import rules
from schoolcare.services.registry import assignments
from schoolcare.services.reports import term_report
from schoolcare.store.models import FamilyCall, Hazard, TeacherTalk
from tests.databases import open_sqlite

TODAY = dt.date(2026, 11, 28)
MONDAY = dt.date(2026, 11, 23)
LAST_WEEK = dt.date(2026, 11, 17)
NEXT_MONTH = dt.date(2026, 12, 14)  # a week not yet begun


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    return load_settings()


@pytest.fixture
def calls(school):
    for pid in school.pupil_ids[:3]:
        for day in (LAST_WEEK, MONDAY):
            FamilyCall.create(school=school.school_id, pupil=pid, date=day)
        TeacherTalk.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=LAST_WEEK)
    return school


def _each_rule_alone(actor, settings, term_id=None):
    term = rules.term_for(settings, term_id, TODAY)
    return {r.id: rules.rule_compliance(actor, settings, r, term, TODAY) for r in rules.rules_for(actor, settings)}


def _same(together, alone) -> bool:
    return (together.total == alone.total and together.by_class() == alone.by_class()
            and together.by_teacher() == alone.by_teacher() and together.by_period() == alone.by_period())


def test_records_in_weeks_not_yet_begun_never_count(calls, settings):
    school = calls
    before = term_report.term_progress(school.principal, settings, today=TODAY)
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[3], date=NEXT_MONTH)
    TeacherTalk.create(school=school.school_id, pupil=school.pupil_ids[4], teacher=school.teacher.staff_id,
                       date=NEXT_MONTH)
    after = term_report.term_progress(school.principal, settings, today=TODAY)
    assert [r.figures for r in after.rules] == [r.figures for r in before.rules]
    assert [(c.id, c.figures) for c in after.classes] == [(c.id, c.figures) for c in before.classes]
    assert after.rule("family_call").figures.upcoming > 0  # the weeks to come are still owed


def test_rules_asked_together_give_each_rules_own_figures(calls, settings):
    school = calls
    for actor in (school.principal, school.teacher):
        for term_id in ("2026-autumn", "2026-spring"):
            together = rules.term_compliance(actor, settings, term_id, as_of=TODAY)
            alone = _each_rule_alone(actor, settings, term_id)
            assert all(_same(r, alone[r.rule.id]) for r in together.rules)


def test_a_reassignment_dated_ahead_moves_the_weeks_to_come(calls, settings):
    school = calls
    other = school.other_teacher.staff_id
    before = rules.term_compliance(school.principal, settings, as_of=TODAY).rule("family_call").slice(teacher_id=other)
    # From 14 December the other teacher answers for pupil 0: the weeks from then on are theirs, not those before.
    assignments.reassign(school.coordinator, school.pupil_ids[0], other, "调岗", on=NEXT_MONTH)
    together = rules.term_compliance(school.principal, settings, as_of=TODAY)
    alone = _each_rule_alone(school.principal, settings)
    assert all(_same(r, alone[r.rule.id]) for r in together.rules)
    after = together.rule("family_call").slice(teacher_id=other)
    assert (after.due, after.done) == (before.due, before.done) and after.upcoming > before.upcoming


def test_the_previous_term_is_compared_by_its_totals(calls, settings):
    school = calls
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=dt.date(2026, 6, 29))
    engine = rules.term_compliance(school.principal, settings, "2026-spring", as_of=TODAY)
    assert rules.term_totals(school.principal, settings, "2026-spring", as_of=TODAY) == {
        r.rule.id: r.total for r in engine.rules}
    autumn = term_report.term_progress(school.principal, settings, today=TODAY)
    assert {r.rule.id: r.previous for r in autumn.rules} == {r.rule.id: r.total for r in engine.rules}


def test_a_classes_behind_list_is_the_schools_list_kept_to_the_class(calls, settings):
    school = calls
    progress = term_report.term_progress(school.principal, settings, today=TODAY)
    for behind_only in (True, False):
        everyone = term_report.standings(school.principal, settings, behind_only=behind_only, today=TODAY)
        for row in progress.classes:
            mine = term_report.standings(school.principal, settings, class_id=row.id, behind_only=behind_only,
                                         today=TODAY)
            assert mine == [s for s in everyone if s.class_id == row.id]
    assert term_report.standings(school.principal, settings, class_id=progress.classes[0].id, today=TODAY)


def test_the_reports_counts_follow_the_data_between_loads(calls, settings):
    school = calls
    first = term_report.term_progress(school.principal, settings, today=TODAY)
    Hazard.create(school=school.school_id, description="楼梯扶手松动", found_on=dt.date(2026, 11, 2),
                  deadline=dt.date(2026, 11, 20))
    again = term_report.term_progress(school.principal, settings, today=TODAY)
    assert (again.hazards.open, again.hazards.overdue, again.hazards.found) == (
        first.hazards.open + 1, first.hazards.overdue + 1, first.hazards.found + 1)


def test_a_generated_sqlite_file_carries_planner_statistics(tmp_path):
    open_sqlite(tmp_path)
    generate(40, 1, 2, settings=load_settings(), password="pw-123456", today=TODAY, seed=5)
    with apsw.Connection(str(tmp_path / "school.db")) as conn:
        tables = {row[0] for row in conn.execute("SELECT tbl FROM sqlite_stat1")}
    assert {"pupil", "family_call", "care_assignment"} <= tables
