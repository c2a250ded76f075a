"""A generated school's daily absences over the recent weeks and its dropout cases (控辍保学), one at each step:
registration overdue, persuasion under way, written report sent, back in school. Fictional, as all demo data."""
from __future__ import annotations

import datetime as dt
import json
import random

from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_people import PupilPlan, SchoolPlan
from schoolcare.domain.dropouts import is_school_day
from schoolcare.domain.settings import Settings
from schoolcare.store.models import Absence, AttendanceDay, AuditEntry, DropoutCase, PersuasionAttempt

WEEKS = 4
DAY_COLUMNS = ("id", "school_id", "school_class_id", "date", "recorded_by_id", "recorded_at")
ABSENCE_COLUMNS = ("id", "school_id", "pupil_id", "school_class_id", "date", "kind", "note", "recorded_by_id",
                   "created_at")
CASE_COLUMNS = ("id", "school_id", "pupil_id", "school_class_id", "care_teacher_id", "trigger", "opened_on", "reason",
                "registered_on", "registered_by_id", "report_sent_on", "report_sent_to", "report_sent_by_id",
                "request", "outcome", "outcome_note", "closed_on", "created_at")
ATTEMPT_COLUMNS = ("id", "case_id", "date", "by_whom", "with_whom", "method", "outcome", "recorded_by_id",
                   "created_at")
AUDIT_COLUMNS = ("id", "school_id", "actor_id", "at", "action", "entity", "entity_id", "pupil_id", "changes")
EXCUSED_NOTES = {"sick": ("发烧", "感冒咳嗽", "肠胃不适", "牙疼看医生", ""),
                 "personal": ("家中有事", "随祖父母走亲戚", "外出办理证件", "")}
REASONS = ("随外出务工的父母去了外地，未办理转学手续", "厌学，在家帮祖父母干农活", "沉迷手机游戏，不愿到校",
           "与同学发生矛盾后不愿上学")


def _at(day: dt.date, hour: int = 8) -> str:
    return dt.datetime.combine(day, dt.time(hour, 30)).isoformat(" ")


class AttendanceBuilder:
    def __init__(self, rng: random.Random, ids: Ids, loader: Loader, settings: Settings, today: dt.date):
        self.rng, self.ids, self.loader, self.settings, self.today = rng, ids, loader, settings, today
        start = today - dt.timedelta(weeks=WEEKS)
        # Up to yesterday: today's register is still to be taken (the demo teacher can try it).
        self.days = [start + dt.timedelta(days=n) for n in range((today - start).days)
                     if is_school_day(settings.calendar, start + dt.timedelta(days=n))]

    def load(self, plan: SchoolPlan) -> None:
        if len(self.days) < 6 or not plan.classes:
            return
        take = self.ids.take
        cases, attempts, audit = [], [], []
        absences: dict[tuple[int, dt.date], tuple] = {}

        def absent(pupil: PupilPlan, day: dt.date, kind: str, note: str = "") -> None:
            absences[(pupil.id, day)] = (plan.id, pupil.id, pupil.class_id, day.isoformat(), kind, note,
                                         pupil.homeroom_id, _at(day))

        case_pupils = self._case_pupils(plan)
        for step, pupil in case_pupils.items():
            case_id = take(DropoutCase)
            opened, run = self._run(step)
            for day in run:
                absent(pupil, day, "unexcused", "未请假，电话联系不上家长" if day == run[0] else "")
            reason = self.rng.choice(REASONS)
            registered = None if step == "registration" else opened
            report_on = opened + dt.timedelta(days=16) if step in ("reported", "returned") else None
            closed = self.days[-3] if step == "returned" else None
            request = "恳请乡政府协调其父母，督促送孩子返校复学" if report_on else ""
            cases.append((case_id, plan.id, pupil.id, pupil.class_id, pupil.teacher_id, "unexcused_absence",
                          opened.isoformat(), reason if registered else "", registered and registered.isoformat(),
                          registered and pupil.homeroom_id, report_on and report_on.isoformat(),
                          "education_bureau,township" if report_on else "", report_on and plan.coordinator_id,
                          request, "returned" if closed else None,
                          "经乡政府和学校多次做工作，家长已送孩子返校" if closed else "",
                          closed and closed.isoformat(), _at(opened, 17)))
            audit.append((take(AuditEntry), plan.id, pupil.homeroom_id, _at(opened, 17), "create", "dropout_case",
                          case_id, pupil.id, json.dumps({"trigger": "unexcused_absence"})))
            if registered is None:
                continue
            tries = {"persuasion": 1, "reported": 3, "returned": 3}[step]
            for n in range(tries):
                day = opened + dt.timedelta(days=1 + n * 5)
                outcome = ("家长答应劝孩子回校，但孩子仍未到校" if n < tries - 1 or step == "persuasion"
                           else "家长表示孩子在外地，暂不回来")
                attempts.append((take(PersuasionAttempt), case_id, day.isoformat(),
                                 "班主任、关爱责任人" if n == 0 else "班主任、政教主任、村干部", pupil.carer or "监护人",
                                 "home_visit" if n != 1 else "phone", outcome, pupil.homeroom_id, _at(day, 18)))

        taken = {p.id for p in case_pupils.values()}
        for school_class in plan.classes:
            for pupil in school_class.pupils:
                if pupil.id in taken:
                    continue
                for day in self.days:
                    if self.rng.random() < 0.015:
                        kind = "sick" if self.rng.random() < 0.65 else "personal"
                        absent(pupil, day, kind, self.rng.choice(EXCUSED_NOTES[kind]))
                    elif self.rng.random() < 0.001 and day.weekday() == 2:  # a single unexcused day, on a Wednesday
                        absent(pupil, day, "unexcused", "")
        registers = [(take(AttendanceDay), plan.id, c.id, day.isoformat(), c.homeroom_id, _at(day, 9))
                     for c in plan.classes for day in self.days]
        self.loader.load(AttendanceDay, DAY_COLUMNS, registers)
        self.loader.load(Absence, ABSENCE_COLUMNS, ((take(Absence), *row) for row in absences.values()))
        self.loader.load(DropoutCase, CASE_COLUMNS, cases)
        self.loader.load(PersuasionAttempt, ATTEMPT_COLUMNS, attempts)
        self.loader.load(AuditEntry, AUDIT_COLUMNS, audit)

    def _case_pupils(self, plan: SchoolPlan) -> dict[str, PupilPlan]:
        """One pupil per step; the overdue one is a pupil of the first teacher (the demo teacher sees it)."""
        pool = [p for p in plan.pupils if p.left_behind and p.teacher_id]
        if len(pool) < 8:
            return {}
        first = plan.teacher_ids[0] if plan.teacher_ids else None
        overdue = next((p for p in pool if first in (p.teacher_id, p.homeroom_id)), pool[0])
        rest = self.rng.sample([p for p in pool if p is not overdue], 3)
        return {"registration": overdue, "persuasion": rest[0], "reported": rest[1], "returned": rest[2]}

    def _run(self, step: str) -> tuple[dt.date, list[dt.date]]:
        """The day the case opened (the third unexcused day) and the unexcused days, from the school-day list."""
        needed = self.settings.dropout_rules.after_unexcused_days
        start = {"registration": -needed - 2, "persuasion": -8, "reported": 0, "returned": 0}[step]
        first = max(0, len(self.days) + start) if start < 0 else 0
        end = len(self.days) - 3 if step == "returned" else len(self.days)
        run = self.days[first:max(end, first + needed)]
        return run[needed - 1], run
