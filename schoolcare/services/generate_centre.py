"""A generated school's care centre and safety work: rooms, equipment, signed inspections, hazards, incidents."""
from __future__ import annotations

import datetime as dt
import random

from schoolcare.domain.settings import Settings
from schoolcare.store.models import (
    Hazard, Incident, IncidentFollowUp, IncidentReport, Inspection, InspectionItem, Room, RoomEquipment,
)

from .generate_bulk import Ids, Loader
from .generate_care import SchoolDays
from .generate_people import SchoolPlan

# Typical floor areas (m²) of a village school's rooms; together well above the 50 m² minimum.
AREAS = {"counselling": 16.0, "family_reception": 18.0, "health": 14.0, "indoor_activity": 42.0, "reading": 36.0}
ROOM_COLUMNS = ("id", "school_id", "kind", "name", "area_m2", "person_in_charge_id")
EQUIPMENT_COLUMNS = ("id", "room_id", "item", "count", "note")
INSPECTION_COLUMNS = ("id", "school_id", "kind", "room_id", "started_at", "started_by_id", "signed_at",
                      "signed_by_id", "note")
ITEM_COLUMNS = ("id", "inspection_id", "item", "section", "state", "note")
HAZARD_COLUMNS = ("id", "school_id", "inspection_id", "room_id", "item", "description", "severity", "owner_id",
                  "found_on", "deadline", "closed_on", "closed_by_id", "closing_inspection_id", "note")
INCIDENT_COLUMNS = ("id", "school_id", "pupil_id", "kind", "occurred_at", "description", "status", "recorded_by_id",
                    "created_at", "closed_on")
REPORT_COLUMNS = ("id", "incident_id", "reported_at", "to_whom", "by_id", "note")
INCIDENT_FOLLOW_UP_COLUMNS = ("id", "incident_id", "date", "stage", "action", "by_id")
# Findings of the two safety inspections: (item, state, severity, description, closed).
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
        rooms = self._rooms(plan)
        self._safety(plan, rooms)
        self._incidents(plan)

    def _rooms(self, plan: SchoolPlan) -> dict[str, int]:
        rng, take, centre = self.rng, self.ids.take, self.settings.centre
        kinds = centre.room_kinds
        areas = [AREAS.get(k.id, 15.0) for k in kinds]
        if sum(areas) <= centre.min_area_m2:
            areas = [a * (centre.min_area_m2 + 10) / sum(areas) for a in areas]
        needs = [(n, need) for n, kind in enumerate(kinds) for need in kind.equipment]
        short = set(rng.sample(range(len(needs)), min(2, len(needs))))  # one or two items still to buy
        rooms, equipment, inspections, items = {}, [], [], []
        day = self.day_before(21)
        for n, (kind, area) in enumerate(zip(kinds, areas)):
            room_id = take(Room)
            rooms[kind.id] = room_id
            inspection_id = take(Inspection)
            started = f"{day.isoformat()} 15:{10 + n:02d}:00"
            inspections.append((inspection_id, plan.id, "room", room_id, started, plan.coordinator_id,
                                f"{day.isoformat()} 16:{10 + n:02d}:00", plan.coordinator_id, "学期中检查"))
            for i, need in enumerate(kind.equipment):
                is_short = needs.index((n, need)) in short
                count = need.count - 1 if is_short else need.count
                equipment.append((take(RoomEquipment), room_id, need.id, count, "待采购" if is_short else ""))
                items.append((take(InspectionItem), inspection_id, need.id, "equipment",
                              "missing" if is_short else "ok", f"缺{need.count - count}" if is_short else ""))
            for have in centre.six_haves:
                if all(have.id != need.id for need in kind.equipment):
                    items.append((take(InspectionItem), inspection_id, have.id, "six_haves", "ok", ""))
        self.loader.load(Room, ROOM_COLUMNS, [
            (rooms[k.id], plan.id, k.id, k.name.zh, round(a, 1), plan.coordinator_id) for k, a in zip(kinds, areas)
        ])
        self.loader.load(RoomEquipment, EQUIPMENT_COLUMNS, equipment)
        self.loader.load(Inspection, INSPECTION_COLUMNS, inspections)
        self.loader.load(InspectionItem, ITEM_COLUMNS, items)
        return rooms

    def _safety(self, plan: SchoolPlan, rooms: dict[str, int]) -> None:
        take, safety = self.ids.take, self.settings.safety
        deadline_days = {s: safety.deadline_days.get(s, 14) for s in ("low", "medium", "high")}
        # The later inspection is old enough that its medium hazard is past its deadline (限期整改 overdue).
        later_day = self.day_before(deadline_days["medium"] + 10)
        earlier_day = self.day_before(deadline_days["medium"] + 60)
        known = {item.id: section.id for section in safety.sections for item in section.items}
        inspections, items, hazards = [], [], []
        owner = plan.teacher_ids[0] if plan.teacher_ids else plan.coordinator_id
        for day, findings in ((earlier_day, EARLIER_FINDINGS), (later_day, LATER_FINDINGS)):
            inspection_id = take(Inspection)
            stamp = day.isoformat()
            inspections.append((inspection_id, plan.id, "safety", None, f"{stamp} 09:00:00", plan.coordinator_id,
                                f"{stamp} 11:30:00", plan.coordinator_id, "安全隐患排查"))
            found = {f[0]: f for f in findings if f[0] in known}
            for item_id, section_id in known.items():
                finding = found.get(item_id)
                items.append((take(InspectionItem), inspection_id, item_id, section_id,
                              finding[1] if finding else "ok", finding[3] if finding else ""))
            for item_id, _state, severity, description, closed in found.values():
                deadline = day + dt.timedelta(days=deadline_days[severity])
                closed_on = min(deadline, day + dt.timedelta(days=5)) if closed else None
                hazards.append((
                    take(Hazard), plan.id, inspection_id, None, item_id, description, severity, owner,
                    stamp, deadline.isoformat(), closed_on.isoformat() if closed_on else None,
                    plan.coordinator_id if closed else None, None, "已整改，复查合格" if closed else "",
                ))
        if "health" in rooms:  # a room hazard found and fixed
            day = self.day_before(40)
            hazards.append((take(Hazard), plan.id, None, rooms["health"], "first_aid_kit", "医药箱内部分药品过期",
                            "low", plan.coordinator_id, day.isoformat(),
                            (day + dt.timedelta(days=deadline_days["low"])).isoformat(),
                            (day + dt.timedelta(days=3)).isoformat(), plan.coordinator_id, None, "已更换"))
        self.loader.load(Inspection, INSPECTION_COLUMNS, inspections)
        self.loader.load(InspectionItem, ITEM_COLUMNS, items)
        self.loader.load(Hazard, HAZARD_COLUMNS, hazards)

    def _incidents(self, plan: SchoolPlan) -> None:
        rng, take = self.rng, self.ids.take
        left_behind = [p for p in plan.pupils if p.left_behind] or plan.pupils
        if not left_behind:
            return
        kinds = {k.id: k for k in self.settings.incident_kinds}
        if not kinds:
            return
        first = next(iter(kinds))
        open_pupil, closed_pupil = rng.choice(left_behind), rng.choice(left_behind)
        incidents, reports, follow_ups = [], [], []
        # Open: a child found living alone while the grandmother was in hospital; reported at once.
        occurred = dt.datetime.combine(self.today - dt.timedelta(days=4), dt.time(7, 40))
        incident_id = take(Incident)
        incidents.append((incident_id, plan.id, open_pupil.id, "living_alone" if "living_alone" in kinds else first,
                          occurred.isoformat(" "), "祖母住院，孩子独自在家居住两天，由班主任发现",
                          "open", plan.coordinator_id, occurred.isoformat(" "), None))
        reported = occurred + dt.timedelta(hours=3)
        reports.append((take(IncidentReport), incident_id, reported.isoformat(" "), "police", plan.coordinator_id,
                         "电话报告派出所"))
        reports.append((take(IncidentReport), incident_id, (reported + dt.timedelta(hours=1)).isoformat(" "),
                        "township", plan.coordinator_id, "报告乡政府分管领导"))
        follow_ups.append((take(IncidentFollowUp), incident_id, (occurred.date() + dt.timedelta(days=1)).isoformat(),
                           "", "联系父亲返乡，暂由姑姑接回照看", open_pupil.teacher_id or open_pupil.homeroom_id))
        # Closed: a pupil stopped coming to school, was persuaded back.
        occurred = dt.datetime.combine(self.day_before(45), dt.time(8, 30))
        incident_id = take(Incident)
        day = occurred.date()
        incidents.append((incident_id, plan.id, closed_pupil.id, "dropout" if "dropout" in kinds else first,
                          occurred.isoformat(" "), "连续三天无故未到校", "closed", plan.coordinator_id,
                          occurred.isoformat(" "), (day + dt.timedelta(days=9)).isoformat()))
        reports.append((take(IncidentReport), incident_id, (occurred + dt.timedelta(hours=30)).isoformat(" "),
                        "education_bureau", plan.coordinator_id, "书面报告教育局"))
        for offset, stage, action in ((0, "registration", "登记辍学情况"), (2, "persuasion", "班主任与村干部上门劝返"),
                                      (9, "persuasion", "学生已返校，持续关注")):
            follow_ups.append((take(IncidentFollowUp), incident_id, (day + dt.timedelta(days=offset)).isoformat(),
                               stage, action, closed_pupil.homeroom_id))
        self.loader.load(Incident, INCIDENT_COLUMNS, incidents)
        self.loader.load(IncidentReport, REPORT_COLUMNS, reports)
        self.loader.load(IncidentFollowUp, INCIDENT_FOLLOW_UP_COLUMNS, follow_ups)
