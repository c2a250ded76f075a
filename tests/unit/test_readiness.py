"""Readiness arithmetic, the area check, and hazard deadlines and their overdue state."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain import readiness as r
from schoolcare.domain.settings import CentreTemplate, ChecklistItem, EquipmentNeed, Label, RoomKind

L = Label  # short for the test templates
COUNSELLING = RoomKind("counselling", L("心理咨询室", "Counselling room"), (
    EquipmentNeed("sofa", L("沙发", "Sofa"), 1),
    EquipmentNeed("printer", L("打印机", "Printer"), 1),
    EquipmentNeed("archive_boxes", L("档案盒", "Archive boxes"), 10),
))
READING = RoomKind("reading", L("阅览室", "Reading room"), (EquipmentNeed("open_bookcase", L("图书柜", "Bookcase"), 2),))
HAVES = (ChecklistItem("door_plate", L("有门牌", "Door plate")), ChecklistItem("rules", L("有制度", "Rules")))
CENTRE = CentreTemplate(50, (COUNSELLING, READING), HAVES, required_rooms=("counselling", "reading"))
FULL = {"sofa": 1, "printer": 1, "archive_boxes": 10}
DAY = dt.date(2026, 11, 20)
ALL_OK = {key: r.Check(r.OK, on=DAY) for key in ("sofa", "printer", "archive_boxes", "door_plate", "rules")}


def counselling(checks, inventory=FULL, area=20.0):
    return r.room_readiness(1, "心理咨询室", COUNSELLING, CENTRE, checks, inventory, area_m2=area)


def test_checklist_is_equipment_then_six_haves_in_template_order():
    lines = r.room_checklist(COUNSELLING, CENTRE)
    assert [(line.key, line.section, line.need) for line in lines] == [
        ("sofa", "equipment", 1), ("printer", "equipment", 1), ("archive_boxes", "equipment", 10),
        ("door_plate", "six_haves", None), ("rules", "six_haves", None),
    ]


def test_a_six_have_sharing_an_equipment_id_gets_a_distinct_key():
    kind = RoomKind("x", L("x", "x"), (EquipmentNeed("rules", L("规章牌", "Rules board"), 1),))
    keys = [line.key for line in r.room_checklist(kind, CENTRE)]
    assert keys == ["rules", "door_plate", "six_haves.rules"]


def test_everything_held_and_found_ok_is_100_percent():
    room = counselling(ALL_OK)
    assert room.percent == 100.0
    assert room.shortfalls == ()
    assert room.last_inspected == DAY


def test_a_broken_printer_takes_one_item_of_five_and_is_listed():
    room = counselling({**ALL_OK, "printer": r.Check(r.BROKEN, "卡纸", DAY)})
    assert room.percent == pytest.approx(80.0)
    [shortfall] = room.shortfalls
    assert (shortfall.key, shortfall.reason, shortfall.note) == ("printer", r.BROKEN, "卡纸")


def test_equipment_held_short_counts_the_fraction_held():
    room = counselling(ALL_OK, inventory={**FULL, "archive_boxes": 4})
    assert room.percent == pytest.approx(100 * (4 + 0.4) / 5)
    [shortfall] = room.shortfalls
    assert (shortfall.reason, shortfall.need, shortfall.held) == (r.SHORT, 10, 4)


def test_holding_more_than_needed_does_not_make_up_for_another_item():
    room = counselling(ALL_OK, inventory={**FULL, "sofa": 3, "printer": 0})
    assert room.percent == pytest.approx(80.0)


def test_not_applicable_items_leave_the_denominator():
    room = counselling({**ALL_OK, "printer": r.Check(r.NA)}, inventory={**FULL, "printer": 0})
    assert room.counted == 4
    assert room.percent == 100.0


def test_never_inspected_room_counts_equipment_from_inventory_but_not_the_six_haves():
    room = counselling({})
    assert room.percent == pytest.approx(60.0)
    assert [(s.key, s.reason) for s in room.shortfalls] == [("door_plate", r.UNCHECKED), ("rules", r.UNCHECKED)]
    assert room.last_inspected is None


def test_centre_is_the_mean_of_rooms_and_a_missing_required_room_counts_zero():
    broken = counselling({**ALL_OK, "printer": r.Check(r.BROKEN, on=DAY)})
    centre = r.centre_readiness([broken], CENTRE)
    assert [kind.id for kind in centre.missing_kinds] == ["reading"]
    assert centre.percent == pytest.approx(40.0)  # (80 + 0) / 2
    assert not centre.ready


def test_centre_with_every_room_ready_and_enough_area_is_ready():
    reading = r.room_readiness(2, "阅览室", READING, CENTRE, {"door_plate": r.Check(r.OK), "rules": r.Check(r.OK)},
                               {"open_bookcase": 2}, area_m2=30)
    centre = r.centre_readiness([counselling(ALL_OK, area=20), reading], CENTRE)
    assert centre.percent == 100.0
    assert centre.area.total_m2 == 50 and centre.area.ok
    assert centre.ready


@pytest.mark.parametrize(("areas", "ok", "short_by"), [((20, 30), True, 0), ((20, 25.5), False, 4.5), ((), False, 50)])
def test_area_check_against_the_minimum(areas, ok, short_by):
    rooms = [counselling(ALL_OK, area=a) for a in areas]
    area = r.centre_readiness(rooms, CENTRE).area
    assert (area.ok, area.short_by) == (ok, short_by)


def test_full_readiness_but_too_little_area_is_not_ready():
    reading = r.room_readiness(2, "阅览室", READING, CENTRE, {"door_plate": r.Check(r.OK), "rules": r.Check(r.OK)},
                               {"open_bookcase": 2}, area_m2=10)
    centre = r.centre_readiness([counselling(ALL_OK, area=20), reading], CENTRE)
    assert centre.percent == 100.0 and not centre.ready


def test_no_rooms_and_nothing_required_has_no_percentage():
    centre = r.centre_readiness([], CentreTemplate(50, (COUNSELLING,), HAVES))
    assert centre.percent is None and not centre.ready


@pytest.mark.parametrize(("severity", "deadline"), [
    ("high", dt.date(2026, 11, 23)), ("medium", dt.date(2026, 12, 4)), ("low", dt.date(2026, 12, 20)),
])
def test_deadline_is_found_day_plus_the_days_for_its_severity(severity, deadline):
    assert r.deadline_for(DAY, severity, {"low": 30, "medium": 14, "high": 3}) == deadline


def test_deadline_for_a_severity_the_config_lacks_falls_back():
    assert r.deadline_for(DAY, "medium", {}) == DAY + dt.timedelta(days=r.FALLBACK_DEADLINE_DAYS)


@pytest.mark.parametrize(("today", "status", "left"), [
    (dt.date(2026, 12, 3), r.OPEN, 1),
    (dt.date(2026, 12, 4), r.OPEN, 0),  # the deadline day itself is still in time
    (dt.date(2026, 12, 5), r.OVERDUE, -1),
])
def test_overdue_from_the_day_after_the_deadline(today, status, left):
    deadline = dt.date(2026, 12, 4)
    assert r.hazard_status(deadline, None, today) == status
    assert r.days_left(deadline, today) == left


def test_a_closed_hazard_is_never_overdue():
    assert r.hazard_status(dt.date(2026, 12, 4), dt.date(2026, 12, 10), dt.date(2027, 1, 1)) == r.CLOSED


def test_shipped_templates_give_the_counselling_room_a_printer_and_the_six_haves():
    from schoolcare.config import load_settings

    settings = load_settings()
    lines = r.room_checklist(settings.centre.room_kind("counselling"), settings.centre)
    assert ("printer", "equipment", 1) in [(line.key, line.section, line.need) for line in lines]
    assert len([line for line in lines if line.section == r.SIX_HAVES]) == 6
    safety = r.safety_checklist(settings.safety)
    assert len({line.key for line in safety}) == len(safety)  # hazards point at these keys
