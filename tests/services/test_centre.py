"""Care centre: rooms and inventory, inspections that open and close hazards, readiness, and who may change what."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from schoolcare.domain import readiness as rd
from schoolcare.i18n import reason
from schoolcare.services.centre import hazards, inspections, rooms
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.store.models import AuditEntry, Hazard

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


@pytest.fixture
def room(school, settings) -> int:
    """A fully equipped counselling room of 20 m², the homeroom teacher in charge."""
    room_id = rooms.add_room(school.coordinator, settings, "counselling", "心理咨询室", 20,
                              person_in_charge_id=school.teacher.staff_id)
    for line in rooms.inventory(school.coordinator, settings, room_id):
        rooms.set_held(school.coordinator, settings, room_id, line.item, line.need)
    return room_id


def inspect(actor, settings, room_id, states: dict[str, str], default=rd.OK, **notes):
    inspection_id = inspections.start_inspection(actor, settings, rd.ROOM, room_id)
    for line in inspections.sheet(actor, settings, inspection_id).lines:
        inspections.set_item(actor, inspection_id, line.key, state=states.get(line.key, default),
                             note=notes.get(line.key))
    return inspections.sign_off(actor, settings, inspection_id)


def room_percent(actor, settings, room_id):
    [found] = [r for r in rooms.readiness(actor, settings).rooms if r.room_id == room_id]
    return found.percent


def test_inventory_lists_what_the_kind_needs_and_what_is_held(school, settings, room):
    lines = {line.item: line for line in rooms.inventory(school.principal, settings, room)}
    assert lines["archive_boxes"].need == 10 and lines["archive_boxes"].held == 10
    rooms.set_held(school.coordinator, settings, room, "archive_boxes", 6, note="4 个借给教务处")
    line = {x.item: x for x in rooms.inventory(school.coordinator, settings, room)}["archive_boxes"]
    assert (line.held, line.short, line.note) == (6, 4, "4 个借给教务处")


def test_broken_printer_opens_a_hazard_and_a_recheck_closes_it(school, settings, room):
    coordinator = school.coordinator
    inspect(coordinator, settings, room, {})
    assert room_percent(coordinator, settings, room) == 100.0

    result = inspect(coordinator, settings, room, {"printer": rd.BROKEN}, printer="卡纸，无法打印")
    [hazard_id] = result.opened
    hazard = hazards.get_hazard(school.principal, settings, hazard_id)
    assert (hazard.item, hazard.severity, hazard.status) == ("printer", "low", rd.OPEN)
    assert hazard.found_on == TODAY
    assert hazard.deadline == TODAY + dt.timedelta(days=settings.safety.deadline_days["low"])
    assert hazard.owner_id == school.teacher.staff_id  # the room's person in charge
    assert "打印机" in hazard.description and "卡纸" in hazard.description
    assert room_percent(coordinator, settings, room) == pytest.approx(100 * 12 / 13)
    [shortfall] = [r for r in rooms.readiness(coordinator, settings).rooms if r.room_id == room][0].shortfalls
    assert (shortfall.key, shortfall.reason) == ("printer", rd.BROKEN)

    # Still broken at the next inspection: the same hazard stays open, no duplicate.
    again = inspect(coordinator, settings, room, {"printer": rd.BROKEN})
    assert again.opened == () and again.still_open == (hazard_id,)

    fixed = hazards.recheck(coordinator, settings, hazard_id, rd.OK, note="已更换硒鼓")
    assert fixed.closed == (hazard_id,)
    closed = hazards.get_hazard(coordinator, settings, hazard_id)
    assert (closed.status, closed.closed_on, closed.closed_by) == (rd.CLOSED, TODAY, "周协调")
    assert room_percent(coordinator, settings, room) == 100.0
    assert hazards.list_hazards(coordinator, settings, "open") == []
    assert [h.id for h in hazards.list_hazards(coordinator, settings, "closed")] == [hazard_id]


def test_a_full_room_inspection_finding_the_item_ok_closes_its_hazard(school, settings, room):
    [hazard_id] = inspect(school.coordinator, settings, room, {"sofa": rd.MISSING}).opened
    assert inspect(school.coordinator, settings, room, {}).closed == (hazard_id,)


def test_not_applicable_at_recheck_leaves_the_hazard_open(school, settings, room):
    [hazard_id] = inspect(school.coordinator, settings, room, {"sofa": rd.MISSING}).opened
    assert inspect(school.coordinator, settings, room, {"sofa": rd.NA}).closed == ()
    assert hazards.get_hazard(school.coordinator, settings, hazard_id).status == rd.OPEN


def test_unfinished_inspection_is_resumed_with_what_was_recorded(school, settings, room):
    first = inspections.start_inspection(school.coordinator, settings, rd.ROOM, room)
    inspections.set_item(school.coordinator, first, "sofa", state=rd.OK, note="旧但能用")
    assert inspections.find_unfinished(school.principal, rd.ROOM, room) == first
    resumed = inspections.start_inspection(school.coordinator, settings, rd.ROOM, room)
    assert resumed == first
    sheet = inspections.sheet(school.coordinator, settings, resumed)
    sofa = next(line for line in sheet.lines if line.key == "sofa")
    assert (sofa.state, sofa.note) == (rd.OK, "旧但能用")
    assert len(sheet.unchecked) == len(sheet.lines) - 1


def test_sign_off_refuses_unchecked_items_and_keeps_what_was_recorded(school, settings, room):
    inspection_id = inspections.start_inspection(school.coordinator, settings, rd.ROOM, room)
    inspections.set_item(school.coordinator, inspection_id, "printer", state=rd.BROKEN)
    with pytest.raises(ValidationError) as error:
        inspections.sign_off(school.coordinator, settings, inspection_id)
    assert (error.value.code, error.value.field, error.value.params["n"]) == ("centre.items_unchecked", "items", 12)
    assert reason(error.value.code, error.value.params, "en").startswith("12 not checked yet: ")
    assert reason(error.value.code, error.value.params, "zh-CN").startswith("还有 12 项没有检查：")
    sheet = inspections.sheet(school.coordinator, settings, inspection_id)
    assert not sheet.summary.signed
    assert next(line for line in sheet.lines if line.key == "printer").state == rd.BROKEN
    assert Hazard.select().count() == 0


def test_signed_inspection_is_history(school, settings, room):
    result = inspect(school.coordinator, settings, room, {})
    with pytest.raises(ValidationError) as error:
        inspections.set_item(school.coordinator, result.inspection_id, "sofa", state=rd.BROKEN)
    assert (error.value.code, error.value.params) == ("centre.inspection_signed", {"signed_on": TODAY.isoformat()})
    with pytest.raises(ValidationError) as error:
        inspections.discard(school.coordinator, result.inspection_id)
    assert error.value.code == "centre.inspection_history"
    with pytest.raises(ValidationError) as error:
        inspections.sign_off(school.coordinator, settings, result.inspection_id)
    assert error.value.code == "centre.already_signed"
    [summary] = inspections.history(school.principal, room_id=room)
    assert (summary.signed_by, summary.items, summary.checked, summary.findings) == ("周协调", 13, 13, 0)
    assert summary.signed_at.date() == TODAY


def test_safety_finding_gets_its_severity_deadline_and_the_ledger_flags_it_overdue(school, settings, monkeypatch):
    coordinator = school.coordinator
    inspection_id = inspections.start_inspection(coordinator, settings, rd.SAFETY)
    lines = inspections.sheet(coordinator, settings, inspection_id).lines
    assert lines[0].section == "fire_electric" and lines[0].section_label is not None
    for line in lines:
        inspections.set_item(coordinator, inspection_id, line.key, state=rd.OK)
    inspections.set_item(coordinator, inspection_id, "wiring", state=rd.BROKEN, note="二楼走廊电线老化",
                         severity="high")
    [hazard_id] = inspections.sign_off(coordinator, settings, inspection_id).opened
    hazard = hazards.get_hazard(coordinator, settings, hazard_id)
    assert (hazard.kind, hazard.severity, hazard.owner_id) == (rd.SAFETY, "high", coordinator.staff_id)
    assert hazard.deadline == TODAY + dt.timedelta(days=3)
    assert hazard.item_label.en.startswith("Wiring")

    later = TODAY + dt.timedelta(days=4)
    [overdue] = hazards.list_hazards(school.principal, settings, "overdue", today=later)
    assert (overdue.id, overdue.status, overdue.days_left) == (hazard_id, rd.OVERDUE, -1)
    assert hazards.summary(school.principal, today=later) == hazards.HazardSummary(1, 1, 0, hazard.deadline)
    assert hazards.summary(school.principal, today=TODAY).overdue == 0

    hazards.change_deadline(coordinator, hazard_id, TODAY + dt.timedelta(days=10), "等电工周一来")
    moved = hazards.get_hazard(coordinator, settings, hazard_id, today=later)
    assert (moved.status, moved.deadline_reason) == (rd.OPEN, "等电工周一来")


def test_deadline_change_needs_a_reason_and_a_sensible_date(school, settings, room):
    [hazard_id] = inspect(school.coordinator, settings, room, {"tea_table": rd.MISSING}).opened
    with pytest.raises(ValidationError) as error:
        hazards.change_deadline(school.coordinator, hazard_id, TODAY + dt.timedelta(days=40), " ")
    assert (error.value.code, error.value.field) == ("centre.deadline_reason", "reason")
    with pytest.raises(ValidationError) as error:
        hazards.change_deadline(school.coordinator, hazard_id, TODAY - dt.timedelta(days=1), "错填")
    assert (error.value.code, error.value.field) == ("centre.deadline_before_found", "deadline")
    assert error.value.params == {"found": TODAY.isoformat()}
    # The reason reads in the user's language, the day it was found filled in (it once showed in English).
    assert reason(error.value.code, error.value.params, "zh-CN") == "整改期限不能早于发现隐患的日期（2026-11-28）"
    assert reason(error.value.code, error.value.params, "en") == "before the day it was found (2026-11-28)"


def test_assign_owner(school, settings, room):
    [hazard_id] = inspect(school.coordinator, settings, room, {"tea_table": rd.MISSING}).opened
    hazards.assign_owner(school.coordinator, hazard_id, school.other_teacher.staff_id)
    assert hazards.get_hazard(school.coordinator, settings, hazard_id).owner == "王老师"
    with pytest.raises(ValidationError) as error:
        hazards.assign_owner(school.coordinator, hazard_id, 99999)
    assert (error.value.code, error.value.field, error.value.params) == ("centre.no_staff", "owner", {"id": 99999})
    hazards.recheck(school.coordinator, settings, hazard_id, rd.OK)
    with pytest.raises(ValidationError) as error:  # closed: history
        hazards.assign_owner(school.coordinator, hazard_id, school.teacher.staff_id)
    assert (error.value.code, error.value.params) == ("centre.hazard_closed", {"closed_on": TODAY.isoformat()})


def test_centre_readiness_area_and_missing_required_rooms(school, settings, room):
    inspect(school.coordinator, settings, room, {})
    ready = rooms.readiness(school.principal, settings)
    assert {k.id for k in ready.missing_kinds} == {"family_reception", "health", "indoor_activity"}
    assert ready.percent == pytest.approx(25.0)
    assert (ready.area.total_m2, ready.area.ok) == (20.0, False)
    rooms.add_room(school.coordinator, settings, "reading", "阅览室", 32.5)
    assert rooms.total_area(school.teacher) == 52.5
    assert rooms.readiness(school.principal, settings).area.ok


def test_readiness_as_of_a_past_day_ignores_later_inspections(school, settings, room, monkeypatch):
    inspect(school.coordinator, settings, room, {})
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-12-10")
    inspect(school.coordinator, settings, room, {"printer": rd.BROKEN})
    assert room_percent(school.coordinator, settings, room) < 100
    past = rooms.readiness(school.coordinator, settings, as_of=TODAY)
    assert past.rooms[0].percent == 100.0


def test_room_validation_names_the_field(school, settings):
    cases = [(("kitchen", "厨房", 10), "kind", "centre.room_kind"), (("reading", " ", 10), "name", "required"),
             (("reading", "阅览室", -3), "area_m2", "centre.area_negative"),
             (("reading", "阅览室", "十"), "area_m2", "centre.area_number")]
    for args, field, code in cases:
        with pytest.raises(ValidationError) as error:
            rooms.add_room(school.coordinator, settings, *args)
        assert (error.value.field, error.value.code) == (field, code)
    assert reason(error.value.code, error.value.params, "en") == "a number of square metres, got '十'"
    room_id = rooms.add_room(school.coordinator, settings, "reading", "阅览室", 30)
    with pytest.raises(ValidationError) as error:
        rooms.set_held(school.coordinator, settings, room_id, "printer", 1)  # not reading-room equipment
    assert (error.value.code, error.value.field, error.value.params["item"]) == ("centre.not_equipment", "item",
                                                                                 "printer")
    with pytest.raises(ValidationError) as error:
        rooms.set_held(school.coordinator, settings, room_id, "open_bookcase", -1)
    assert (error.value.code, error.value.field) == ("centre.count_negative", "open_bookcase")  # the line at fault


def test_room_with_inspections_cannot_be_removed_but_a_mistake_can(school, settings, room):
    inspect(school.coordinator, settings, room, {})
    with pytest.raises(ValidationError) as error:
        rooms.remove_room(school.coordinator, room)
    assert (error.value.code, error.value.params) == ("centre.room_has_inspections", {"room": "心理咨询室", "n": 1})
    mistake = rooms.add_room(school.coordinator, settings, "health", "保健室", 15)
    rooms.remove_room(school.coordinator, mistake)
    assert [r.id for r in rooms.list_rooms(school.coordinator, settings)] == [room]


@pytest.mark.parametrize("who", ["principal", "teacher"])
def test_principal_and_teacher_see_everything_but_change_nothing(school, settings, room, who):
    actor = getattr(school, who)
    [hazard_id] = inspect(school.coordinator, settings, room, {"printer": rd.BROKEN}).opened
    unfinished = inspections.start_inspection(school.coordinator, settings, rd.SAFETY)
    # They see it all …
    assert rooms.readiness(actor, settings).rooms[0].percent < 100
    assert [h.id for h in hazards.list_hazards(actor, settings, "all")] == [hazard_id]
    assert len(inspections.history(actor)) == 2
    assert inspections.sheet(actor, settings, unfinished).lines
    # … and every change is refused, whatever screen or command asks.
    before = AuditEntry.select().count()
    writes = [
        lambda: rooms.add_room(actor, settings, "health", "保健室", 15),
        lambda: rooms.update_room(actor, room, area_m2=99),
        lambda: rooms.remove_room(actor, room),
        lambda: rooms.set_held(actor, settings, room, "printer", 2),
        lambda: inspections.start_inspection(actor, settings, rd.ROOM, room),
        lambda: inspections.set_item(actor, unfinished, "wiring", state=rd.OK),
        lambda: inspections.sign_off(actor, settings, unfinished),
        lambda: inspections.discard(actor, unfinished),
        lambda: hazards.assign_owner(actor, hazard_id, actor.staff_id),
        lambda: hazards.change_deadline(actor, hazard_id, TODAY + dt.timedelta(days=60), "想延期"),
        lambda: hazards.recheck(actor, settings, hazard_id, rd.OK),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert AuditEntry.select().count() == before
    assert hazards.get_hazard(actor, settings, hazard_id).status == rd.OPEN


def test_another_schools_rooms_and_hazards_are_out_of_reach(school, settings, room):
    from tests.factories import build_small_school

    other = build_small_school("白河乡小学", prefix="b_")
    [hazard_id] = inspect(school.coordinator, settings, room, {"printer": rd.BROKEN}).opened
    assert rooms.list_rooms(other.coordinator, settings) == []
    assert hazards.list_hazards(other.coordinator, settings, "all") == []
    with pytest.raises(NotFound) as error:
        hazards.recheck(other.coordinator, settings, hazard_id)
    assert (error.value.code, error.value.params) == ("centre.hazard_not_found", {"id": hazard_id})
    with pytest.raises(NotFound) as error:
        inspections.start_inspection(other.coordinator, settings, rd.ROOM, room)
    assert (error.value.code, error.value.params) == ("centre.room_not_found", {"id": room})


def test_every_write_leaves_an_audit_row(school, settings, room):
    [hazard_id] = inspect(school.coordinator, settings, room, {"printer": rd.BROKEN}).opened
    hazards.change_deadline(school.coordinator, hazard_id, TODAY + dt.timedelta(days=40), "等配件")
    hazards.recheck(school.coordinator, settings, hazard_id)
    rows = list(AuditEntry.select().where(AuditEntry.actor == school.coordinator.staff_id).order_by(AuditEntry.id))
    kinds = [(row.action, row.entity) for row in rows]
    assert ("create", "room") in kinds and ("update", "room_equipment") in kinds
    assert kinds.count(("update", "inspection_item")) == 13
    assert ("sign_off", "inspection") in kinds and ("create", "hazard") in kinds
    deadline = next(row for row in rows if row.entity == "hazard" and row.action == "update")
    assert json.loads(deadline.changes)["reason"] == "等配件"
    assert ("close", "hazard") == kinds[-1]
