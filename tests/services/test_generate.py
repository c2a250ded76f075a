"""Generated schools look like schools a term and a half into using schoolcare, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from schoolcare.demo.generate import generate
from schoolcare.domain.eligibility import ParentSituation, left_behind_verdict
from schoolcare.services.accounts.auth import authenticate
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry.search_keys import class_name, pinyin_of
from schoolcare.store.database import db
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    CareAssignment,
    FamilyCall,
    Guardian,
    Hazard,
    HomeVisit,
    Incident,
    IncidentReport,
    Inspection,
    Pupil,
    Room,
    RoomEquipment,
    School,
    SchoolClass,
    Staff,
    TeacherTalk,
)

TODAY = dt.date(2026, 11, 28)  # a Saturday in the 2026 autumn term
PASSWORD = "pw-123456"


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def test_two_schools_share_the_pupils_with_classes_staff_and_accounts(db_url, settings):
    accounts = generate(300, 2, settings=settings, password=PASSWORD, today=TODAY, seed=3)

    schools = list(School.select().order_by(School.id))
    assert [s.name for s in schools] == ["青山镇中心小学", "石桥乡中心小学"]
    for school in schools:
        assert Pupil.select().where(Pupil.school == school).count() == 150
        classes = list(SchoolClass.select().where(SchoolClass.school == school))
        assert {c.grade for c in classes} == {1, 2, 3, 4, 5, 6}
        assert all(c.name == class_name(c.grade, c.number) and c.homeroom_teacher_id for c in classes)
        roles = Counter(s.role for s in Staff.select().where(Staff.school == school))
        assert roles["coordinator"] == 1 and roles["principal"] == 1 and roles["teacher"] >= len(classes)

    logins = [login for _, login in accounts]
    assert len(logins) == len(set(logins)) == Staff.select().count()
    assert accounts[:3] == [("coordinator", "s1-coord"), ("principal", "s1-head"), ("teacher", "s1-t001")]
    assert ("coordinator", "s2-coord") in accounts
    # Every account signs in with the one password.
    assert authenticate("s2-head", PASSWORD).role == "principal"


def test_pupils_are_derived_searchable_and_every_left_behind_pupil_but_a_few_has_a_care_teacher(db_url, settings):
    generate(300, 2, settings=settings, password=PASSWORD, today=TODAY, seed=3)

    pupils = list(Pupil.select())
    parents = defaultdict(list)
    for g in Guardian.select().where(Guardian.relation.in_(("father", "mother"))):
        parents[g.pupil_id].append(ParentSituation(g.relation, g.away, g.capacity))
    for p in pupils:
        assert (p.name_pinyin, p.name_initials) == pinyin_of(p.name)
        assert p.left_behind == left_behind_verdict(_day(p.birth_date), parents[p.id], TODAY).left_behind
    left_behind = [p for p in pupils if p.left_behind]
    assert 0.30 <= len(left_behind) / len(pupils) <= 0.50
    assert any(p.in_difficulty for p in pupils) and any(p.migrant for p in pupils)
    # Left-behind pupils have a grandparent or other relative as their entrusted day-to-day guardian.
    entrusted = {g.pupil_id for g in Guardian.select().where(Guardian.entrusted & Guardian.day_to_day)}
    assert {p.id for p in left_behind} <= entrusted

    current = {a.pupil_id: a.teacher_id for a in CareAssignment.select().where(CareAssignment.end_on.is_null())}
    cared = [p for p in pupils if p.left_behind or p.in_difficulty]
    unassigned = [p for p in cared if p.id not in current]
    assert 1 <= len(unassigned) <= 0.05 * len(cared)
    teachers = {s.id for s in Staff.select().where(Staff.role == "teacher")}
    assert set(current.values()) <= teachers
    assert max(Counter(current.values()).values()) > 1  # one teacher, many pupils


def test_records_fall_on_school_days_with_realistic_gaps(db_url, settings):
    generate(300, 2, settings=settings, password=PASSWORD, today=TODAY, seed=3)
    calendar = settings.calendar

    def school_day(day: dt.date) -> bool:
        term = calendar.term_on(day)
        return day.weekday() < 5 and term is not None and not term.is_holiday(day) and day <= TODAY

    for model in (FamilyCall, TeacherTalk, HomeVisit, Activity):
        days = {_day(r.date) for r in model.select(model.date).distinct()}
        assert days and all(school_day(d) for d in days), model.__name__
    # A term and a half: from the start of the spring term until today.
    first = _day(FamilyCall.select(FamilyCall.date).order_by(FamilyCall.date).first().date)
    assert calendar.term("2026-spring").start <= first < calendar.term("2026-spring").start + dt.timedelta(days=7)

    assert FamilyCall.select().where(~FamilyCall.connected).exists()
    # Some left-behind pupils have had no call this week nor last week; most have.
    since = TODAY - dt.timedelta(days=TODAY.weekday() + 7)
    called = {c.pupil_id for c in FamilyCall.select(FamilyCall.pupil).where(
        FamilyCall.connected & ~FamilyCall.teacher_line & (FamilyCall.date >= since))}
    left_behind = [p.id for p in Pupil.select(Pupil.id).where(Pupil.left_behind)]
    missing = [p for p in left_behind if p not in called]
    assert 0 < len(missing) <= 0.15 * len(left_behind)

    # Teacher talks come from the pupil's care teacher; activities have attendance.
    assert TeacherTalk.select().where(TeacherTalk.teacher.is_null()).count() == 0
    assert ActivityAttendance.select().count() > Activity.select().count()
    assert Activity.select().where(Activity.scope == "school").count() == 2 * 2  # each school, each term


def test_care_centre_hazards_and_incidents(db_url, settings):
    generate(300, 2, settings=settings, password=PASSWORD, today=TODAY, seed=3)
    kinds = {k.id for k in settings.centre.room_kinds}
    for school in School.select():
        rooms = list(Room.select().where(Room.school == school))
        assert {r.kind for r in rooms} == kinds
        assert sum(r.area_m2 for r in rooms) > settings.centre.min_area_m2
        signed = Inspection.select().where((Inspection.school == school) & Inspection.signed_at.is_null(False))
        assert {i.room_id for i in signed if i.kind == "room"} == {r.id for r in rooms}
        assert any(i.kind == "safety" for i in signed)
        hazards = list(Hazard.select().where(Hazard.school == school))
        assert any(h.closed_on is None and _day(h.deadline) < TODAY for h in hazards)
        assert any(h.closed_on is not None for h in hazards)
        open_incidents = Incident.select().where((Incident.school == school) & (Incident.status == "open"))
        assert IncidentReport.select().where(IncidentReport.incident.in_(open_incidents)).exists()
    # The inventory is complete but for one or two items per school.
    needs = {(k.id, e.id): e.count for k in settings.centre.room_kinds for e in k.equipment}
    short = [e for e in RoomEquipment.select(RoomEquipment, Room).join(Room)
             if e.count < needs[(e.room.kind, e.item)]]
    assert 2 <= len(short) <= 4


def _fingerprint() -> list:
    rows = []
    for table, columns in (("pupil", "*"), ("guardian", "*"), ("family_call", "*"), ("teacher_talk", "*"),
                           ("home_visit", "*"), ("care_assignment", "*"), ("hazard", "*"),
                           ("staff", "id, name, login, role, phone")):
        rows.append([tuple(map(str, r)) for r in db.execute_sql(f'SELECT {columns} FROM "{table}" ORDER BY id')])
    return rows


def test_the_same_seed_gives_the_same_school(db_url, settings):
    generate(80, 1, weeks=4, settings=settings, password=PASSWORD, today=TODAY, seed=11)
    first = _fingerprint()
    School.delete().execute()  # cascades to everything generated
    generate(80, 1, weeks=4, settings=settings, password=PASSWORD, today=TODAY, seed=11)
    assert _fingerprint() == first
    School.delete().execute()
    generate(80, 1, weeks=4, settings=settings, password=PASSWORD, today=TODAY, seed=12)
    assert _fingerprint()[0] != first[0]


def _indexes() -> set[tuple[str, str]]:
    return {(table, index.name) for table in ("family_call", "teacher_talk", "activity_attendance", "home_visit")
            for index in db.get_indexes(table)}


def test_indexes_set_aside_for_the_load_are_all_back_afterwards(db_url, settings):
    before = _indexes()
    assert len(before) >= 4
    generate(40, 1, weeks=2, settings=settings, password=PASSWORD, today=TODAY)
    assert _indexes() == before


def test_generating_again_into_the_same_database_is_refused_by_login(db_url, settings):
    generate(20, 1, weeks=1, settings=settings, password=PASSWORD, today=TODAY)
    with pytest.raises(ValidationError) as taken:
        generate(20, 1, weeks=1, settings=settings, password=PASSWORD, today=TODAY)
    assert (taken.value.code, taken.value.field, taken.value.params) == ("demo.login_taken", "login",
                                                                         {"login": "coord"})
    assert School.select().count() == 1


def test_the_demo_school_is_built_once_then_reused(settings, monkeypatch):
    from schoolcare.demo import school as demo
    from schoolcare.store.database import close_database, data_dir

    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())
    try:
        url, accounts = demo.ensure_demo(settings)
        assert url == demo.demo_database_url() and (data_dir() / "demo.db").exists()
        assert School.get().name == "青山镇中心小学"
        assert Pupil.select().count() == 600 and SchoolClass.select().count() == 18 and Staff.select().count() == 41
        assert [a[:2] for a in accounts] == [("coordinator", "coord"), ("principal", "head"), ("teacher", "t001"),
                                             ("teacher", "t002"), ("teacher", "t003"), ("county", "county")]
        assert authenticate("t002", demo.DEMO_PASSWORD).login == "t002"
        close_database()

        again_url, again = demo.ensure_demo(settings)
        assert (again_url, again) == (url, accounts)
        assert School.select().count() == 1  # reused, not generated a second time
    finally:
        close_database()
