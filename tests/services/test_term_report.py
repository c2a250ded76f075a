"""The principal's term progress: the engine's figures arranged by week, class and teacher, weakest first, the
change from the previous term, and an export whose figures are the screen's (and the database's)."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from schoolcare.config import load_settings
from schoolcare.domain.compliance import Status
from schoolcare.services.care import rules
from schoolcare.services.centre import hazards
from schoolcare.services.errors import PermissionDenied, ValidationError
from schoolcare.services.registry import assignments
from schoolcare.services.reports import term_report, term_sheets
from schoolcare.store import database as store_db
from schoolcare.store.models import CareAssignment, FamilyCall, Hazard, Incident, TeacherTalk
from tests.services.sheet_files import table

TODAY = dt.date(2026, 11, 28)
MONDAY = dt.date(2026, 11, 23)  # this week: 2026-W48
LAST_WEEK = dt.date(2026, 11, 17)


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    return load_settings()


@pytest.fixture
def calls(school):
    """Class 1's three pupils phoned home last week and this week, talked with their teacher last week."""
    for pid in school.pupil_ids[:3]:
        for day in (LAST_WEEK, MONDAY):
            FamilyCall.create(school=school.school_id, pupil=pid, date=day)
        TeacherTalk.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=LAST_WEEK)
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[3], date=MONDAY, connected=False)
    return school


def test_the_figures_are_the_engines_arranged_not_recomputed(calls, settings):
    school = calls
    progress = term_report.term_progress(school.principal, settings, today=TODAY)
    engine = rules.term_compliance(school.principal, settings, "2026-autumn", as_of=TODAY)
    for rule in engine.rules:
        assert progress.rule(rule.rule.id).figures == rule.total
        for class_id, figures in rule.by_class().items():
            row = next((c for c in progress.classes if c.id == class_id), None)
            if row is not None and rule.rule.subject != "school":
                assert row.figures[rule.rule.id] == figures
    assert progress.coverage.assigned == assignments.coverage(school.principal).assigned == 5


def test_the_weekly_trend_counts_the_pupils_who_phoned_each_week(calls, settings):
    progress = term_report.term_progress(calls.principal, settings, today=TODAY)
    trend = {p.label: p for p in progress.rule("family_call").trend}
    assert (trend["2026-W47"].done, trend["2026-W47"].due, trend["2026-W47"].running) == (3, 6, False)
    assert trend["2026-W48"].done == 3 and trend["2026-W48"].running  # the failed call does not count
    assert "2026-W49" not in trend  # not begun
    assert [r.rule.id for r in progress.weekly] == ["family_call", "teacher_talk"]


def test_classes_and_teachers_come_weakest_first(calls, settings):
    school = calls
    progress = term_report.term_progress(school.principal, settings, today=TODAY)
    assert [c.name for c in progress.classes] == ["四年级(2)班", "三年级(1)班"]
    assert progress.classes[0].completion == 0.0 and progress.classes[1].completion > 0
    names = [t.name for t in progress.teachers]
    assert names[-1] == "郑老师" and "" in names  # the pupil nobody cares for is a row of its own


def test_a_row_opens_the_pupils_behind_it(calls, settings):
    school = calls
    weakest = term_report.term_progress(school.principal, settings, today=TODAY).classes[0]
    behind = term_report.standings(school.principal, settings, class_id=weakest.id, today=TODAY)
    assert {s.pupil_id for s in behind} == {*school.pupil_ids[3:], school.unassigned_pupil_id}
    assert all(s.class_id == weakest.id for s in behind)
    assert behind[0].status is Status.OVERDUE
    mine = term_report.standings(school.principal, settings, teacher_id=school.teacher.staff_id,
                                 rule_ids=("family_call",), behind_only=False, today=TODAY)
    assert {s.pupil_id for s in mine} == set(school.pupil_ids[:3]) and all(s.status is Status.DONE for s in mine)
    assert all(s.done == 2 for s in mine)


def test_a_past_term_and_the_change_from_the_previous_one(calls, settings):
    school = calls
    CareAssignment.update(start_on=dt.date(2026, 3, 1)).where(CareAssignment.pupil == school.pupil_ids[0]).execute()
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=dt.date(2026, 6, 29))
    spring = term_report.term_progress(school.principal, settings, "2026-spring", today=TODAY)
    assert not spring.current and spring.as_of == dt.date(2026, 7, 3)
    assert (spring.coverage.left_behind, spring.coverage.assigned) == (6, 1)  # as it stood on the last day
    assert spring.rule("family_call").figures.done == 1 and spring.rule("family_call").figures.open == 0
    autumn = term_report.term_progress(school.principal, settings, today=TODAY)
    assert autumn.previous_term.id == "2026-spring"
    assert autumn.change("coverage") == pytest.approx(100 * 5 / 6 - 100 * 1 / 6)
    assert autumn.rule("family_call").change == pytest.approx(autumn.rule("family_call").rate
                                                              - spring.rule("family_call").rate)


def test_hazards_and_incidents_as_they_stood(school, settings):
    for found, deadline, closed in ((dt.date(2026, 10, 1), dt.date(2026, 10, 31), None),
                                    (dt.date(2026, 11, 20), dt.date(2026, 12, 20), None),
                                    (dt.date(2026, 5, 1), dt.date(2026, 5, 31), dt.date(2026, 9, 10))):
        Hazard.create(school=school.school_id, description="灭火器过期", found_on=found, deadline=deadline,
                      closed_on=closed)
    Incident.create(school=school.school_id, pupil=school.pupil_ids[0], kind="missing",
                    occurred_at=dt.datetime(2026, 10, 5, 9))
    Incident.create(school=school.school_id, pupil=school.pupil_ids[1], kind="missing",
                    occurred_at=dt.datetime(2026, 6, 5, 9), status="closed", closed_on=dt.date(2026, 9, 20))
    progress = term_report.term_progress(school.principal, settings, today=TODAY)
    now = hazards.summary(school.principal, TODAY)
    assert (progress.hazards.open, progress.hazards.overdue) == (now.open, now.overdue) == (2, 1)
    assert (progress.hazards.found, progress.hazards.closed) == (2, 1)
    assert (progress.incidents.open, progress.incidents.recorded, progress.incidents.closed) == (1, 1, 1)
    spring = term_report.term_progress(school.principal, settings, "2026-spring", today=TODAY)
    assert (spring.hazards.open, spring.hazards.overdue, spring.incidents.open) == (1, 1, 1)  # open on 3 July


def test_principal_and_coordinator_only_and_a_term_must_have_begun(school, settings):
    with pytest.raises(PermissionDenied):
        term_report.term_progress(school.teacher, settings, today=TODAY)
    with pytest.raises(ValidationError) as not_begun:
        term_report.term_progress(school.coordinator, settings, "2027-spring", today=TODAY)
    assert (not_begun.value.code, not_begun.value.field) == ("reports.term_not_begun", "term")
    assert not_begun.value.params["term"] == "2027-spring"
    assert [t.id for t in term_report.started_terms(settings, TODAY)] == ["2026-autumn", "2026-spring", "2025-autumn"]


def test_the_workbook_holds_the_screens_figures_and_the_databases(calls, settings, tmp_path):
    school = calls
    progress, [path] = term_sheets.export(school.principal, settings, tmp_path / "term.xlsx", "xlsx",
                                                  today=TODAY)
    book = load_workbook(path)
    assert book.sheetnames == ["学期汇总", "每周趋势", "班级", "教师", "学生", "家访", "活动", "中心达标", "隐患"]
    summary = {row[0]: row[1:] for row in table(book["学期汇总"])[1:]}
    call = progress.rule("family_call")
    assert summary["亲情电话 完成率（%）"][0] == round(call.rate, 1)
    assert summary["亲情电话 已完成/应完成"][0] == f"{call.figures.done}/{call.figures.due}"
    assert summary["关爱责任人覆盖率（%）"][0] == round(progress.coverage.percent, 1)
    classes = [row[0] for row in table(book["班级"])[1:]]
    assert classes == [c.name for c in progress.classes]
    # Against the database itself: pupils with a connected call in week 47.
    pupils_called = store_db.db.execute_sql(
        "SELECT COUNT(DISTINCT c.pupil_id) FROM family_call c JOIN pupil p ON p.id = c.pupil_id "
        "WHERE c.connected AND NOT c.withdrawn AND p.left_behind AND c.date BETWEEN %s AND %s"
        .replace("%s", "?" if store_db.is_sqlite() else "%s"),
        (dt.date(2026, 11, 16), dt.date(2026, 11, 22))).fetchone()[0]
    week = next(row for row in table(book["每周趋势"])[1:] if row[0] == "2026-W47")
    assert week[3] == pupils_called == 3


def test_a_pupil_added_today_leaves_last_terms_report_as_it_was(calls, settings):
    """The issue's check: `report term --term <last term>` prints the same figures before and after a pupil is
    added today (they were counted as owing the whole past term when the enrolment date was left empty)."""
    from schoolcare.services.registry import pupils

    def figures():
        progress = term_report.term_progress(calls.principal, settings, "2026-spring", today=TODAY)
        return ([(r.rule.id, r.figures) for r in progress.rules], [(c.name, c.figures) for c in progress.classes],
                [(g.name, g.figures) for g in progress.teachers], progress.headline)

    before = figures()
    family = [{"relation": "父亲", "name": "新父", "away": True, "work_place": "广东东莞"},
              {"relation": "母亲", "name": "新母", "away": True, "work_place": "浙江宁波"}]
    pupils.create_pupil(calls.coordinator, {"student_no": "S900", "name": "今天来", "gender": "女",
                                            "birth_date": "2016-05-01", "class_id": calls.class_ids[0]},
                        family, today=TODAY)
    assert figures() == before


def test_a_class_created_today_is_no_part_of_last_term(calls, settings):
    """A class set up today (for a roster arriving this week) neither joins last term's class list nor its
    count of classes that owed a monthly activity."""
    from schoolcare.services.registry import classes, pupils

    def snapshot():
        progress = term_report.term_progress(calls.principal, settings, "2026-spring", today=TODAY)
        return progress.activities, [c.name for c in progress.classes]

    before = snapshot()
    new_class = classes.create_class(calls.coordinator, "六年级(3)班")
    family = [{"relation": "父亲", "name": "新父", "away": True, "work_place": "广东东莞"},
              {"relation": "母亲", "name": "新母", "away": True, "work_place": "浙江宁波"}]
    pupils.create_pupil(calls.coordinator, {"student_no": "S901", "name": "新班生", "gender": "男",
                                            "birth_date": "2015-05-01", "class_id": new_class},
                        family, today=TODAY)
    assert snapshot() == before
    assert "六年级(3)班" not in before[1]
