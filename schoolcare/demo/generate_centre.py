"""A generated school's care centre and safety work: rooms, equipment, signed inspections, hazards (incidents:
generate_protection.py)."""
from __future__ import annotations

import datetime as dt
import random

from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_care import SchoolDays
from schoolcare.demo.generate_people import SchoolPlan
from schoolcare.domain import readiness as rd
from schoolcare.domain.settings import Settings
from schoolcare.store.models import (
    Hazard,
    Inspection,
    InspectionItem,
    Room,
    RoomEquipment,
)

# Typical floor areas (m²) of a village school's rooms; together well above the 50 m² minimum.
AREAS = {"counselling": 16.0, "family_reception": 18.0, "health": 14.0, "indoor_activity": 42.0, "reading": 36.0}
ROOM_COLUMNS = ("id", "school_id", "kind", "name", "area_m2", "person_in_charge_id")
EQUIPMENT_COLUMNS = ("id", "room_id", "item", "count", "note")
INSPECTION_COLUMNS = ("id", "school_id", "kind", "room_id", "started_at", "started_by_id", "signed_at",
                      "signed_by_id", "note")
ITEM_COLUMNS = ("id", "inspection_id", "item", "section", "state", "note")
HAZARD_COLUMNS = ("id", "school_id", "inspection_id", "room_id", "item", "description", "severity", "owner_id",
                  "found_on", "deadline", "closed_on", "closed_by_id", "closing_inspection_id", "note")
# Findings of the two safety inspections: (item, state, severity, note, fixed since).
EARLIER_FINDINGS = (("wiring", "broken", "medium", "教学楼二楼走廊电线老化外露", True),
                    ("speed_bumps", "missing", "low", "校门口减速带损坏缺失", True))
LATER_FINDINGS = (("gas_stoves", "broken", "medium", "食堂液化气罐连接软管老化", False),
                  ("alarms_emergency_lights", "missing", "low", "宿舍楼应急照明灯不亮", False))


class CentreBuilder:
    def __init__(self, rng: random.Random, ids: Ids, loader: Loader, settings: Settings, days: SchoolDays,
                 today: dt.date):
        self.rng, self.ids, self.loader, self.settings, self.days = rng, ids, loader, settings, days
        self.today = today
        self.school_days = [d for d, _ in days.days]

    def day_before(self, days: int) -> dt.date:
        """The last school day at least `days` before today (or that calendar day if none is generated)."""
        limit = self.today - dt.timedelta(days=days)
        earlier = [d for d in self.school_days if d <= limit]
        return earlier[-1] if earlier else limit

    def load(self, plan: SchoolPlan) -> None:
        self.inspections: list[tuple] = []
        self.items: list[tuple] = []
        self.hazards: list[list] = []
        self._rooms(plan)
        self._safety(plan)
        self.loader.load(Inspection, INSPECTION_COLUMNS, self.inspections)
        self.loader.load(InspectionItem, ITEM_COLUMNS, self.items)
        self.loader.load(Hazard, HAZARD_COLUMNS, [tuple(h) for h in self.hazards])

    def _inspection(self, plan: SchoolPlan, kind: str, room_id: int | None, day: dt.date, hour: int,
                    lines, findings: dict[str, tuple[str, str]], note: str) -> int:
        """A signed-off inspection with every checklist line ok except `findings` (key → (state, note))."""
        take = self.ids.take
        inspection_id = take(Inspection)
        stamp = day.isoformat()
        self.inspections.append((inspection_id, plan.id, kind, room_id, f"{stamp} {hour:02d}:00:00",
                                 plan.coordinator_id, f"{stamp} {hour + 1:02d}:20:00", plan.coordinator_id, note))
        for line in lines:
            state, text = findings.get(line.key, (rd.OK, ""))
            self.items.append((take(InspectionItem), inspection_id, line.key, line.section, state, text))
        return inspection_id

    def _hazard(self, plan: SchoolPlan, inspection_id: int, room_id: int | None, key: str, description: str,
                severity: str, day: dt.date, note: str, owner: int) -> int:
        """A finding the sign-off put in the hazard ledger (限期整改), as the inspection service does."""
        hazard_id = self.ids.take(Hazard)
        deadline = rd.deadline_for(day, severity, self.settings.safety.deadline_days)
        self.hazards.append([hazard_id, plan.id, inspection_id, room_id, key, description, severity, owner,
                             day.isoformat(), deadline.isoformat(), None, None, None, note])
        return len(self.hazards) - 1

    def _close(self, plan: SchoolPlan, index: int, kind: str, room_id: int | None, line, day: dt.date) -> None:
        """A one-item re-check found the item fixed, which closes the hazard."""
        recheck = self._inspection(plan, kind, room_id, day, 14, [line], {}, "整改复查")
        self.hazards[index][10:13] = [day.isoformat(), plan.coordinator_id, recheck]

    def _rooms(self, plan: SchoolPlan) -> None:
        rng, take, centre = self.rng, self.ids.take, self.settings.centre
        kinds = centre.room_kinds
        areas = [AREAS.get(k.id, 15.0) for k in kinds]
        if sum(areas) <= centre.min_area_m2:
            areas = [a * (centre.min_area_m2 + 10) / sum(areas) for a in areas]
        needs = [(n, need.id) for n, kind in enumerate(kinds) for need in kind.equipment]
        short = set(rng.sample(needs, min(2, len(needs))))  # one or two items still to buy
        rooms, equipment = [], []
        day = self.day_before(21)
        for n, (kind, area) in enumerate(zip(kinds, areas, strict=True)):
            room_id = take(Room)
            rooms.append((room_id, plan.id, kind.id, kind.name.zh, round(area, 1), plan.coordinator_id))
            findings = {}
            for need in kind.equipment:
                held = need.count - 1 if (n, need.id) in short else need.count
                equipment.append((take(RoomEquipment), room_id, need.id, held, "待采购" if held < need.count else ""))
                if held < need.count:
                    findings[need.id] = (rd.MISSING, f"缺{need.count - held}，待采购")
            inspection_id = self._inspection(plan, rd.ROOM, room_id, day, 8 + n, rd.room_checklist(kind, centre),
                                             findings, "学期中功能室检查")
            for need in kind.equipment:
                if need.id in findings:
                    self._hazard(plan, inspection_id, room_id, need.id,
                                 f"{kind.name.zh}: {need.name.zh} — {findings[need.id][1]}",
                                 rd.DEFAULT_SEVERITY[rd.ROOM], day, findings[need.id][1], plan.coordinator_id)
        self.loader.load(Room, ROOM_COLUMNS, rooms)
        self.loader.load(RoomEquipment, EQUIPMENT_COLUMNS, equipment)

    def _safety(self, plan: SchoolPlan) -> None:
        safety = self.settings.safety
        lines = {line.key: line for line in rd.safety_checklist(safety)}
        medium_days = safety.deadline_days.get("medium", rd.FALLBACK_DEADLINE_DAYS)
        # The later inspection is old enough that its medium hazard is past its deadline (overdue).
        later_day = self.day_before(medium_days + 10)
        earlier_day = self.day_before(medium_days + 60)
        owner = plan.teacher_ids[0] if plan.teacher_ids else plan.coordinator_id
        for day, findings in ((earlier_day, EARLIER_FINDINGS), (later_day, LATER_FINDINGS)):
            found = {f[0]: f for f in findings if f[0] in lines}
            inspection_id = self._inspection(
                plan, rd.SAFETY, None, day, 9, lines.values(), {k: (f[1], f[3]) for k, f in found.items()},
                "安全隐患排查",
            )
            for key, _state, severity, note, fixed in found.values():
                index = self._hazard(plan, inspection_id, None, key, f"{lines[key].label.zh} — {note}", severity,
                                     day, note, owner)
                if fixed:
                    self._close(plan, index, rd.SAFETY, None, lines[key], day + dt.timedelta(days=3))
