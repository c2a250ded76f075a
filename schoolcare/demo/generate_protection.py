"""A generated school's child-protection incidents (R8), one at each stage: a mandatory report overdue, one
reported with follow-ups still open (one of them late), one closed with its outcome. Fictional, as all demo data."""
from __future__ import annotations

import datetime as dt
import json
import random

from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_people import SchoolPlan
from schoolcare.domain import protection as pr
from schoolcare.domain.settings import Settings
from schoolcare.store.models import AuditEntry, Incident, IncidentFollowUp, IncidentReport

INCIDENT_COLUMNS = ("id", "school_id", "pupil_id", "kind", "occurred_at", "description", "status", "recorded_by_id",
                    "created_at", "closed_on", "place", "found_by", "immediate_action", "report_due_at", "outcome",
                    "closed_by_id", "reopened")
REPORT_COLUMNS = ("id", "incident_id", "reported_at", "to_whom", "by_id", "note", "method", "receipt")
FOLLOW_UP_COLUMNS = ("id", "incident_id", "date", "stage", "action", "by_id", "kind", "owner_id", "due_on",
                     "done_on", "done_note")
AUDIT_COLUMNS = ("id", "school_id", "actor_id", "at", "action", "entity", "entity_id", "pupil_id", "changes")


def _at(value: dt.datetime) -> str:
    return value.isoformat(" ")


class ProtectionBuilder:
    def __init__(self, rng: random.Random, ids: Ids, loader: Loader, settings: Settings, today: dt.date):
        self.rng, self.ids, self.loader, self.settings, self.today = rng, ids, loader, settings, today
        self.kinds = {k.id: k for k in settings.incident_kinds}

    def _due(self, kind: str, found: dt.datetime) -> str | None:
        found_kind = self.kinds.get(kind)
        if found_kind is None or not found_kind.mandatory_report:
            return None
        return _at(pr.report_deadline(found, found_kind.report_within_hours))

    def _kind(self, wanted: str) -> str:
        return wanted if wanted in self.kinds else next(iter(self.kinds))

    def load(self, plan: SchoolPlan) -> None:
        if not self.kinds:
            return
        left_behind = [p for p in plan.pupils if p.left_behind and p.teacher_id] or plan.pupils
        if len(left_behind) < 3:
            return
        take, rng, day = self.ids.take, self.rng, self.today
        # The first teacher's pupil for the overdue one: that teacher sees it in their week (demo login).
        first_teacher = plan.teacher_ids[0] if plan.teacher_ids else plan.coordinator_id
        overdue_pupil = next((p for p in left_behind if p.teacher_id == first_teacher), left_behind[0])
        others = [p for p in left_behind if p is not overdue_pupil]
        reported_pupil, closed_pupil = rng.sample(others, 2)
        incidents, reports, follow_ups, audit = [], [], [], []

        def record(pupil, kind, found, seen, place, action, recorder, found_by="", **closing):
            incident_id = take(Incident)
            incidents.append((incident_id, plan.id, pupil.id, kind, _at(found), seen,
                              "closed" if closing else "open", recorder, _at(found + dt.timedelta(minutes=25)),
                              closing.get("closed_on"), place, found_by, action,
                              self._due(kind, found), closing.get("outcome", ""),
                              plan.coordinator_id if closing else None, 0))
            audit.append((take(AuditEntry), plan.id, recorder, _at(found + dt.timedelta(minutes=25)), "create",
                          "incident", incident_id, pupil.id, json.dumps({"kind": kind}, ensure_ascii=False)))
            return incident_id

        def report(incident_id, pupil, at, to_whom, by, method, receipt, note=""):
            reports.append((take(IncidentReport), incident_id, _at(at), to_whom, by, note, method, receipt))
            audit.append((take(AuditEntry), plan.id, by, _at(at), "report", "incident", incident_id, pupil.id,
                          json.dumps({"to_whom": to_whom}, ensure_ascii=False)))

        def follow(incident_id, added, kind, action, owner, due, done=None, note=""):
            follow_ups.append((take(IncidentFollowUp), incident_id, added.isoformat(), "", action, plan.coordinator_id,
                               kind, owner, due.isoformat(), done.isoformat() if done else None, note))

        # 1. Overdue: bruises seen in a PE lesson the day before yesterday; the report not yet made.
        found = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(15, 40))
        record(overdue_pupil, self._kind("domestic_violence"), found,
               "体育课换衣服时发现背部和手臂有多处淤青，学生说是喝酒后的叔叔打的", "学校操场更衣室",
               "班主任陪同到校医室检查并拍照留存，当晚安排住校", overdue_pupil.teacher_id or first_teacher,
               found_by="体育老师")
        # 2. Reported at once, follow-ups under way (the guardianship guidance is late).
        found = dt.datetime.combine(day - dt.timedelta(days=4), dt.time(7, 40))
        owner = reported_pupil.teacher_id or reported_pupil.homeroom_id
        incident_id = record(reported_pupil, self._kind("living_alone"), found,
                             "祖母住院，孩子独自在家居住两天，早上未吃饭到校", "学生家中（村委会旁）",
                             "由班主任接到学校食堂吃饭，联系姑姑当晚接回", plan.coordinator_id,
                             found_by="班主任")
        report(incident_id, reported_pupil, found + dt.timedelta(hours=2), "police", plan.coordinator_id, "phone",
               "派出所接警单 2026-0317", "电话报告镇派出所值班民警")
        report(incident_id, reported_pupil, found + dt.timedelta(hours=3), "township", plan.coordinator_id,
               "in_person", "", "当面报告乡镇分管领导")
        start = found.date()
        follow(incident_id, start, "emergency", "暂由姑姑接回照看，民警上门了解情况", owner,
               start + dt.timedelta(days=1), start + dt.timedelta(days=1), "已由姑姑照看")
        follow(incident_id, start, "guardianship", "联系在外务工的父亲，确定受委托监护人并进行监护指导",
               owner, day - dt.timedelta(days=1))
        follow(incident_id, start, "assessment", "会同村委会评估家庭监护状况", plan.coordinator_id,
               day + dt.timedelta(days=3))
        # 3. Closed: bullying on the way home, reported, support given, closed with its outcome.
        found = dt.datetime.combine(day - dt.timedelta(days=45), dt.time(17, 10))
        closed_on = (found + dt.timedelta(days=20)).date()
        incident_id = record(closed_pupil, self._kind("school_bullying"), found,
                             "放学路上被高年级学生多次索要零花钱并推搡", "学校后门至村口的路上",
                             "当即制止，通知双方家长，安排教师护送放学", plan.coordinator_id,
                             closed_on=closed_on.isoformat(), found_by="值周教师",
                             outcome="涉事学生已批评教育并由家长赔礼道歉，受害学生情绪稳定，放学护送持续两周后解除")
        report(incident_id, closed_pupil, found + dt.timedelta(hours=5), "education_bureau", plan.coordinator_id,
               "written", "教安〔2026〕12号")
        start = found.date()
        follow(incident_id, start, "psychological", "心理辅导老师每周谈心一次，共四次", owner,
               start + dt.timedelta(days=28), start + dt.timedelta(days=19), "四次谈心已完成，情绪稳定")
        follow(incident_id, start, "behaviour", "对涉事学生开展行为矫治教育", plan.coordinator_id,
               start + dt.timedelta(days=14), start + dt.timedelta(days=12), "已教育，家长签字确认")
        audit.append((take(AuditEntry), plan.id, plan.coordinator_id, _at(dt.datetime.combine(closed_on,
                      dt.time(16, 0))), "close", "incident", incident_id, closed_pupil.id,
                      json.dumps({"status": ["open", "closed"]})))
        self.loader.load(Incident, INCIDENT_COLUMNS, incidents)
        self.loader.load(IncidentReport, REPORT_COLUMNS, reports)
        self.loader.load(IncidentFollowUp, FOLLOW_UP_COLUMNS, follow_ups)
        self.loader.load(AuditEntry, AUDIT_COLUMNS, audit)
