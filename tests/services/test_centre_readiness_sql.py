"""The county's readiness in one statement (services/centre/readiness_sql.py) is each school's own screen's
(rooms.readiness): the same percentage to the last bit, rooms partly ready, with a past day too."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain import readiness as rd
from schoolcare.services.centre import inspections, readiness_sql, rooms
from schoolcare.store.models import Room
from tests.factories import build_small_school

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


def inspect(actor, settings, room_id, states: dict[str, str], default=rd.OK):
    inspection_id = inspections.start_inspection(actor, settings, rd.ROOM, room_id)
    for line in inspections.sheet(actor, settings, inspection_id).lines:
        inspections.set_item(actor, inspection_id, line.key, state=states.get(line.key, default))
    return inspections.sign_off(actor, settings, inspection_id)


def equip(actor, settings, room_id, short: dict[str, int]):
    """Every piece the room's kind needs, in full but for `short` (item → how many held)."""
    for line in rooms.inventory(actor, settings, room_id):
        rooms.set_held(actor, settings, room_id, line.item, short.get(line.item, line.need))


def partly_ready(school, settings) -> None:
    """Three rooms held short, a finding, an n.a., a room no inspection has seen, a room of a kind the config no
    longer has, two required rooms missing. The rooms' percentages (1/10, 1/10 and 4/10 of a need held) add up
    to a different last bit in 16 of their 24 orders, and compensated (math.fsum): only Python's order will do."""
    who = school.coordinator
    counselling = rooms.add_room(who, settings, "counselling", "心理咨询室", 20)
    equip(who, settings, counselling, {"archive_boxes": 1})
    inspect(who, settings, counselling, {"printer": rd.BROKEN, "voice_recorder": rd.NA})
    activity = rooms.add_room(who, settings, "indoor_activity", "活动室", 40)
    equip(who, settings, activity, {"desks_chairs": 1, "tv": 0})
    inspect(who, settings, activity, {"door_plate": rd.MISSING, "rules": rd.NA})
    reading = rooms.add_room(who, settings, "reading", "阅览室", 30)
    equip(who, settings, reading, {"open_bookcase": 1, "desks_chairs": 4})
    Room.create(school=school.school_id, kind="old_gym", name="旧体育室", area_m2=12)


def test_sql_readiness_is_the_schools_own_to_the_last_bit(school, settings, monkeypatch):
    partly_ready(school, settings)
    other = build_small_school("白河镇小学", "b")
    health = rooms.add_room(other.coordinator, settings, "health", "卫生室", 15)
    equip(other.coordinator, settings, health, {})
    inspect(other.coordinator, settings, health, {})
    empty = build_small_school("杨柳村小学", "c")  # no room at all: every required room missing
    ids = (school.school_id, other.school_id, empty.school_id)
    own = {s.school_id: rooms.readiness(s.principal, settings).percent for s in (school, other, empty)}
    assert 0 < own[other.school_id] < own[school.school_id] < 100 and own[empty.school_id] == 0.0
    assert readiness_sql.percent_by_school(settings.centre, ids) == own

    # A later inspection finds more wrong; as of the day before, neither side sees it.
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-10")
    [counselling] = [r.id for r in rooms.list_rooms(school.coordinator, settings) if r.kind == "counselling"]
    inspect(school.coordinator, settings, counselling, {"printer": rd.BROKEN, "voice_recorder": rd.NA, "sofa": rd.MISSING})
    now = readiness_sql.percent_by_school(settings.centre, ids)
    assert now[school.school_id] == rooms.readiness(school.principal, settings).percent < own[school.school_id]
    past = readiness_sql.percent_by_school(settings.centre, ids, as_of=TODAY)
    assert past[school.school_id] == rooms.readiness(school.principal, settings, as_of=TODAY).percent
    assert past == own


def test_no_schools_no_figures(db_url, settings):
    assert readiness_sql.percent_by_school(settings.centre, ()) == {}
