"""The rules engine on SQLite and PostgreSQL: figures, statuses, scoping, responsibility and rules read from config."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest

from schoolcare.config import default_config_dir, load_settings
from schoolcare.domain.compliance import Figures, Status
from schoolcare.domain.settings import Calendar, Holiday, Label, Term
from schoolcare.i18n import reason
from schoolcare.services.care import rules as engine
from schoolcare.store.database import db
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    CareAssignment,
    FamilyCall,
    HomeVisit,
    Pupil,
    SchoolClass,
    TeacherTalk,
)
from tests.factories import add_pupil

TODAY = dt.date(2026, 11, 28)  # Saturday of ISO week 48, the 13th week of the autumn term
WEEK_DAYS = [dt.date(2026, 9, 2) + dt.timedelta(weeks=n) for n in range(13)]  # a Wednesday in each week so far
THIS_WEEK, LAST_WEEK = dt.date(2026, 11, 24), dt.date(2026, 11, 17)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


def call(school, pupil_id, day, **extra):
    return FamilyCall.create(school=school.school_id, pupil=pupil_id, date=day, **extra)


def statuses(actor, settings, rule="family_call", **kw):
    return {s.subject_id: s for s in engine.statuses(actor, settings, rule, **kw)}


def test_a_school_with_no_records_is_overdue_for_every_ended_week(school, settings):
    figures = engine.term_compliance(school.coordinator, settings).rule("family_call").total
    # 6 left-behind pupils x 13 weeks begun (12 ended, this one open) + 8 weeks to come.
    assert figures == Figures(due=78, done=0, overdue=72, upcoming=48)
    assert figures.open == 6 and figures.rate == 0


def test_statuses_done_due_overdue_and_a_failed_call(school, settings):
    p = school.pupil_ids
    for day in WEEK_DAYS:
        call(school, p[0], day)
    call(school, p[1], THIS_WEEK)  # caught up this week after missing the last one
    call(school, p[2], LAST_WEEK)  # called last week, nothing yet this week
    call(school, p[4], THIS_WEEK, connected=False)  # a failed attempt: kept, not counted
    call(school, p[4], THIS_WEEK, teacher_line=True)  # a parent calling the teacher line is not the pupil's call
    found = statuses(school.coordinator, settings)
    assert found[p[0]].status is Status.DONE and found[p[0]].missed == 0 and found[p[0]].owed == 13
    assert found[p[1]].status is Status.DONE and found[p[1]].missed == 12
    assert found[p[2]].status is Status.DUE and found[p[2]].due_by == dt.date(2026, 11, 29)
    assert found[p[3]].status is Status.OVERDUE
    assert found[p[4]].status is Status.OVERDUE and found[p[4]].count == 0
    assert found[p[2]].last_on == LAST_WEEK
    figures = engine.term_compliance(school.coordinator, settings).rule("family_call").total
    assert (figures.done, figures.overdue) == (13 + 1 + 1, 72 - 12 - 1)
    overdue = {o.rule.id: o for o in engine.overdue(school.coordinator, settings)}["family_call"]
    assert {s.subject_id for s in overdue.items} == {p[3], p[4], school.unassigned_pupil_id}


def test_a_withdrawn_call_does_not_count(school, settings):
    p = school.pupil_ids[0]
    call(school, p, THIS_WEEK, withdrawn=True, withdrawn_reason="wrong pupil")
    assert statuses(school.coordinator, settings)[p].status is not Status.DONE


def test_a_pupil_joining_mid_term_is_not_overdue_for_weeks_before(school, settings):
    joined = add_pupil(school.school_id, school.class_ids[0], "S200", "新同学")
    Pupil.update(enrolled_on=dt.date(2026, 11, 18)).where(Pupil.id == joined).execute()
    found = statuses(school.coordinator, settings)[joined]
    assert (found.owed, found.missed) == (2, 1)  # the week they joined in (missed) and this one
    call(school, joined, THIS_WEEK)
    assert statuses(school.coordinator, settings)[joined].status is Status.DONE


def test_a_pupil_who_left_owes_nothing_after(school, settings):
    p = school.pupil_ids[4]
    Pupil.update(status="transferred", left_on=dt.date(2026, 10, 14)).where(Pupil.id == p).execute()
    found = statuses(school.coordinator, settings)[p]
    assert found.owed == 7  # W36 … W42


def test_responsibility_follows_the_assignment_dates(school, settings):
    """Pupil 3 passes from the other teacher to the teacher on Monday 2 November (week 45)."""
    moved = school.pupil_ids[3]
    CareAssignment.update(end_on=dt.date(2026, 11, 2)).where(CareAssignment.pupil == moved).execute()
    CareAssignment.create(school=school.school_id, pupil=moved, teacher=school.teacher.staff_id,
                          start_on=dt.date(2026, 11, 2))
    rule = engine.term_compliance(school.coordinator, settings).rule("family_call")
    by_teacher = rule.by_teacher()
    assert by_teacher[school.teacher.staff_id].due == 3 * 13 + 4
    assert by_teacher[school.other_teacher.staff_id].due == 9 + 13
    assert by_teacher[None].due == 13  # the unassigned pupil: nobody answers, shown as such
    assert sum(f.due for f in by_teacher.values()) == rule.total.due  # due counts follow the pupil
    assert statuses(school.coordinator, settings)[moved].teacher_name == "郑老师"
    # The teacher now reaches the pupil; the figures they see include the weeks before they took over.
    teacher_view = engine.term_compliance(school.teacher, settings).rule("family_call")
    assert teacher_view.total.due == 4 * 13


def test_a_teacher_gets_only_their_pupils_and_class(school, settings):
    mine = statuses(school.teacher, settings)
    assert set(mine) == set(school.pupil_ids[:3])
    rule_ids = {r.rule.id for r in engine.term_compliance(school.teacher, settings).rules}
    assert "school_activity" not in rule_ids
    classes = statuses(school.teacher, settings, "class_activity")
    assert set(classes) == {school.class_ids[0]}
    assert set(statuses(school.principal, settings, "class_activity")) == set(school.class_ids)


def test_class_and_school_activities(school, settings):
    c1, c2 = school.class_ids
    activity = Activity.create(school=school.school_id, school_class=c1, scope="class", kind="class_meeting",
                               date=dt.date(2026, 11, 10), title="感恩父母主题班会")
    ActivityAttendance.create(activity=activity, pupil=school.pupil_ids[0])
    Activity.create(school=school.school_id, scope="school", kind="themed_care", date=dt.date(2026, 10, 20),
                    title="中秋关爱活动")
    found = statuses(school.coordinator, settings, "class_activity")
    assert found[c1].status is Status.DONE and found[c1].missed == 2  # September and October
    assert found[c2].status is Status.OVERDUE and found[c2].missed == 2
    rule = engine.term_compliance(school.coordinator, settings).rule("class_activity")
    assert rule.total == Figures(due=6, done=1, overdue=4, upcoming=4)
    assert rule.by_teacher()[school.teacher.staff_id].due == 3  # the homeroom teacher answers for class 1
    school_rule = engine.term_compliance(school.coordinator, settings).rule("school_activity").total
    assert (school_rule.due, school_rule.done) == (1, 1)


def test_home_visits_count_the_summer_holiday_before_the_term(school, settings):
    p = school.pupil_ids
    HomeVisit.create(school=school.school_id, pupil=p[0], date=dt.date(2026, 8, 20), visitors="郑老师")
    HomeVisit.create(school=school.school_id, pupil=p[1], date=dt.date(2026, 10, 12), visitors="郑老师")
    found = statuses(school.coordinator, settings, "home_visit")
    assert found[p[0]].status is Status.DONE and found[p[1]].status is Status.DONE
    assert found[p[2]].status is Status.DUE and found[p[2]].due_by == dt.date(2027, 1, 22)


def test_changing_a_rule_in_the_config_changes_the_figures(school, settings, tmp_path):
    for pupil_id in school.pupil_ids:
        HomeVisit.create(school=school.school_id, pupil=pupil_id, date=dt.date(2026, 10, 12))
    before = engine.term_compliance(school.coordinator, settings).rule("home_visit").total
    assert before.done == 5
    config = tmp_path / "config"
    shutil.copytree(default_config_dir(), config)
    rules = (config / "rules.yaml").read_text(encoding="utf-8")
    marker = "  - id: home_visit"
    head, tail = rules.split(marker)
    (config / "rules.yaml").write_text(head + marker + tail.replace("at_least: 1", "at_least: 2", 1), encoding="utf-8")
    twice = load_settings(config)
    assert twice.rule("home_visit").at_least == 2
    after = engine.term_compliance(school.coordinator, twice).rule("home_visit").total
    assert (after.due, after.done) == (before.due, 0)
    found = statuses(school.coordinator, twice, "home_visit")[school.pupil_ids[0]]
    assert (found.status, found.count, found.needed) == (Status.DUE, 1, 2)


def test_a_holiday_week_is_not_due_when_holidays_do_not_count(school, settings):
    """A spring term with the whole Spring Festival week off: that week is neither due nor overdue."""
    spring = Term("t", Label("春", "spring"), dt.date(2027, 2, 1), dt.date(2027, 3, 31),
                  (Holiday(Label("春节", "Spring Festival"), dt.date(2027, 2, 8), dt.date(2027, 2, 14)),))
    holiday_settings = dataclasses.replace(settings, calendar=Calendar((spring,)))
    p = school.pupil_ids[0]
    call(school, p, dt.date(2027, 2, 3))
    found = statuses(school.coordinator, holiday_settings, term_id="t", as_of=dt.date(2027, 2, 10))[p]
    assert found.status is Status.CLEAR and found.owed == 1
    assert statuses(school.coordinator, holiday_settings, term_id="t", as_of=dt.date(2027, 2, 17))[p].status \
        is Status.DUE  # the week before the holiday was done, the holiday week skipped
    weeks = engine.term_compliance(school.coordinator, holiday_settings, "t", as_of=dt.date(2027, 3, 31))
    labels = [period.label for period, _ in weeks.rule("family_call").by_period()]
    assert "2027-W06" not in labels and len(labels) == 8


def test_talks_count_for_cared_pupils_only(school, settings):
    Pupil.update(left_behind=False).where(Pupil.id == school.pupil_ids[0]).execute()
    assert school.pupil_ids[0] not in statuses(school.coordinator, settings, "teacher_talk")
    Pupil.update(in_difficulty=True).where(Pupil.id == school.pupil_ids[0]).execute()
    TeacherTalk.create(school=school.school_id, pupil=school.pupil_ids[0], teacher=school.teacher.staff_id,
                       date=THIS_WEEK, topic="学习")
    assert statuses(school.coordinator, settings, "teacher_talk")[school.pupil_ids[0]].status is Status.DONE


def test_the_number_of_queries_does_not_grow_with_the_pupils(school, settings, monkeypatch):
    def count_queries() -> int:
        seen = []
        original = db.obj.execute_sql

        def counting(sql, params=None, *args, **kwargs):
            seen.append(sql)
            return original(sql, params, *args, **kwargs)

        monkeypatch.setattr(db.obj, "execute_sql", counting)
        engine.term_compliance(school.coordinator, settings)
        engine.overdue(school.coordinator, settings)
        monkeypatch.setattr(db.obj, "execute_sql", original)
        return len(seen)

    small = count_queries()
    for n in range(40):
        pid = add_pupil(school.school_id, school.class_ids[n % 2], f"X{n:03d}", f"学生{n}")
        call(school, pid, WEEK_DAYS[n % 13])
    assert count_queries() == small


def test_an_unknown_term_is_named(school, settings):
    with pytest.raises(engine.NotFound) as caught:
        engine.term_compliance(school.coordinator, settings, "2031-spring")
    assert caught.value.code == "care.no_term" and caught.value.params["term"] == "2031-spring"
    assert "2031-spring" in reason(caught.value.code, caught.value.params, "zh-CN")


# ---------------------------------------------------------------- dates: enrolment and leaving

def _added_today(school, no="S300", name="今天来", class_index=0):
    pid = add_pupil(school.school_id, school.class_ids[class_index], no, name)
    Pupil.update(enrolled_on=TODAY).where(Pupil.id == pid).execute()
    return pid


def test_a_pupil_added_today_owes_this_week_only_and_it_is_due_not_overdue(school, settings):
    joined = _added_today(school)
    for rule in ("family_call", "teacher_talk"):
        found = statuses(school.coordinator, settings, rule)[joined]
        assert found.status is Status.DUE, rule
        assert (found.owed, found.missed, found.due_by) == (1, 0, dt.date(2026, 11, 29))
    assert joined not in {s.subject_id for o in engine.overdue(school.coordinator, settings) for s in o.items}
    # The term's home visit is owed from the term they join in, and due (not overdue) until the term ends.
    assert statuses(school.coordinator, settings, "home_visit")[joined].status is Status.DUE


def test_the_current_week_is_due_until_it_ends_then_overdue(school, settings):
    joined = _added_today(school)
    sunday, monday = dt.date(2026, 11, 29), dt.date(2026, 11, 30)
    assert statuses(school.coordinator, settings, as_of=sunday)[joined].status is Status.DUE
    found = statuses(school.coordinator, settings, as_of=monday)[joined]
    assert (found.status, found.missed) == (Status.OVERDUE, 1)


def test_the_batch_calls_say_not_called_last_week_only_of_pupils_here_last_week(school, settings):
    from schoolcare.services.care.calls_talks import batch_call_picks

    joined = _added_today(school)
    picks = {p.pupil_id: p for p in batch_call_picks(school.coordinator, settings)}
    assert picks[joined].note == "due" and picks[joined].preselected
    assert picks[school.pupil_ids[0]].note == "overdue"  # here all term, not called last week


def test_adding_a_pupil_never_changes_a_past_terms_figures(school, settings):
    # A class whose first pupil comes today: it owes no month before, not in the past term nor in this one.
    empty_class = SchoolClass.create(school=school.school_id, grade=5, number=1, name="五年级(1)班").id
    before = engine.term_compliance(school.coordinator, settings, "2026-spring", as_of=TODAY)
    joined = _added_today(school)
    newcomer = _added_today(school, "S301", "新班生")
    Pupil.update(school_class=empty_class).where(Pupil.id == newcomer).execute()
    after = engine.term_compliance(school.coordinator, settings, "2026-spring", as_of=TODAY)
    for rule in before.rules:
        assert after.rule(rule.rule.id).total == rule.total, rule.rule.id
    assert joined not in statuses(school.coordinator, settings, term_id="2026-spring")
    assert newcomer not in statuses(school.coordinator, settings, term_id="2026-spring")
    found = statuses(school.coordinator, settings, "class_activity")[empty_class]
    assert (found.status, found.owed, found.missed) == (Status.DUE, 1, 0)  # November only, open


def test_a_pupil_without_an_enrolment_date_owes_every_week_of_the_term(school, settings):
    """Rows from before enrolment dates were kept: treated as here all along, as the engine always did."""
    p = school.pupil_ids[0]
    Pupil.update(enrolled_on=None).where(Pupil.id == p).execute()
    assert statuses(school.coordinator, settings)[p].owed == 13


def test_a_pupil_leaving_on_a_monday_owes_nothing_of_that_week_and_is_gone_from_the_lists(school, settings):
    p = school.pupil_ids[4]
    Pupil.update(status="transferred", left_on=dt.date(2026, 10, 12)).where(Pupil.id == p).execute()
    found = statuses(school.coordinator, settings)[p]
    assert (found.owed, found.missed) == (6, 6)  # W36 … W41: their missed weeks stay in the figures
    assert found.status is Status.CLEAR and found.gone and found.due_by is None
    assert p not in {s.subject_id for o in engine.overdue(school.coordinator, settings) for s in o.items}
    assert p not in {row.pupil_id for row in engine.care_week(school.coordinator, settings).rows}


def test_a_school_owes_its_own_activities_from_its_first_pupil_as_a_class_does(school, settings):
    """A school added to a county database today owes no school activity for a past term it had no pupils in,
    and this term only from the day its first pupil came."""
    from tests.factories import build_small_school

    assert statuses(school.coordinator, settings, "school_activity", term_id="2026-spring")  # here all along
    new = build_small_school("白沙村小学", prefix="w")
    Pupil.update(enrolled_on=TODAY).where(Pupil.school == new.school_id).execute()
    assert not statuses(new.coordinator, settings, "school_activity", term_id="2026-spring")
    spring = engine.term_compliance(new.coordinator, settings, "2026-spring", as_of=TODAY)
    assert spring.rule("school_activity").total.due == 0
    found = statuses(new.coordinator, settings, "school_activity")[new.school_id]
    assert found.status is Status.DUE and found.missed == 0
