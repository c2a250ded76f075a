"""A fuller fictional school for the screen snapshots: three classes, five care teachers, two terms of care records.

Built on tests.factories.build_small_school() and through the services a
user's keys call (create_pupil, assign, log_calls, log_talk, log_visit,
log_activity, inspections…), on fixed dates with today 2026-11-28, so every
picture is the same on every run. This term's weekly calls and talks rise with
a dip in the National Day week; the spring term had fewer records and fewer care
teachers, so the principal's progress shows a change from the previous term.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field

from schoolcare.domain import readiness as rd
from schoolcare.domain.care import ActivityDraft, FollowUpDraft, TalkDraft, VisitDraft
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.care import activities as care_activities
from schoolcare.services.care import calls_talks
from schoolcare.services.care import visits as care_visits
from schoolcare.services.centre import inspections
from schoolcare.services.centre import rooms as centre
from schoolcare.services.registry import assignments, pupils
from schoolcare.store.models import SchoolClass
from tests.factories import SmallSchool, _staff, build_small_school

D = dt.date
TODAY = D(2026, 11, 28)  # the conftest's SCHOOLCARE_TODAY, a Saturday in week 48
# (Monday of the first week, first day of term, share of pupils called / talked with, week by week)
SPRING = (D(2026, 2, 23), D(2026, 2, 24), (0.6,) * 19, (0.45,) * 19)
AUTUMN = (D(2026, 8, 31), D(2026, 9, 1),  # weeks 36..48, the last one still running
          (0.55, 0.65, 0.70, 0.75, 0.40, 0.50, 0.80, 0.85, 0.85, 0.90, 0.90, 0.95, 0.60),
          (0.40, 0.50, 0.55, 0.60, 0.30, 0.45, 0.65, 0.70, 0.75, 0.80, 0.80, 0.85, 0.50))
HOLIDAYS = ((D(2026, 4, 4), D(2026, 4, 6)), (D(2026, 5, 1), D(2026, 5, 5)), (D(2026, 6, 19), D(2026, 6, 21)),
            (D(2026, 9, 25), D(2026, 9, 27)), (D(2026, 10, 1), D(2026, 10, 7)))  # config/school.yaml
HANDOVER = D(2026, 10, 12)  # 何雨欣 moves from 王老师 to 郑老师
FILE_PUPIL = "S101"  # 何雨欣: the pupil whose file is pictured
# 郑老师's pupils last week and this week: (call last, call this, talk last, talk this) → done / due / overdue.
TEACHER_WEEKS = {"S001": (1, 1, 1, 1), "S002": (1, 0, 1, 1), "S003": (0, 0, 0, 0), "S101": (1, 1, 1, 0),
                 "S103": (0, 0, 1, 0)}
TOPICS = ("学习情况", "想念父母", "与同学相处", "周末安排", "身体情况", "兴趣爱好")


@dataclass
class ScreenSchool:
    small: SmallSchool
    li: Actor  # homeroom teacher of 五年级(3)班
    zhao: Actor
    pupil: dict[str, int] = field(default_factory=dict)  # student no -> id, the factory's pupils included

    @property
    def file_pupil_id(self) -> int:
        return self.pupil[FILE_PUPIL]


@contextlib.contextmanager
def on_day(day: D):
    """Services that stamp 'now' (an inspection's sign-off) act as if on `day`."""
    before = os.environ.get("SCHOOLCARE_TODAY")
    os.environ["SCHOOLCARE_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SCHOOLCARE_TODAY", None)
        else:
            os.environ["SCHOOLCARE_TODAY"] = before


def _away(relation: str, name: str, work_place: str, phone: str = "") -> dict:
    return {"relation": relation, "name": name, "away": True, "work_place": work_place, "phone": phone}


def _carer(relation: str, name: str, phone: str = "") -> dict:
    return {"relation": relation, "name": name, "phone": phone, "age": 63, "day_to_day": True, "entrusted": True}


# student no, name, gender, birth date, class (index), guardians, other fields; left-behind status is derived.
NEW_PUPILS = (
    ("S101", "何雨欣", "f", "2017-03-14", 0, [
        _away("father", "何建国", "广东深圳", "13612345678"), _away("mother", "周丽", "浙江义乌", "13798765432"),
        _carer("grandmother", "王秀英", "13907451234"),
        {"relation": "grandfather", "name": "何长福", "age": 67, "capacity": "limited"},
    ], {"address": "青石镇柳溪村3组", "health_notes": "轻度近视"}),
    ("S102", "罗浩然", "m", "2016-11-02", 0, [  # mother at home: not left-behind
        _away("father", "罗军", "江苏苏州"), {"relation": "mother", "name": "陈芳", "day_to_day": True},
    ], {}),
    ("S103", "杨子涵", "f", "2017-06-20", 0, [
        _away("father", "杨伟", "福建厦门"), _away("mother", "刘娟", "福建厦门"), _carer("grandfather", "杨德明"),
    ], {}),
    ("S201", "林小雨", "f", "2015-04-09", 2, [
        _away("father", "林涛", "上海"), _away("mother", "张敏", "上海"), _carer("grandmother", "李桂兰"),
    ], {"boarding": True}),
    ("S202", "刘一帆", "m", "2015-08-30", 2, [
        _away("father", "刘强", "广东东莞"), _away("mother", "吴霞", "广东东莞"), _carer("other", "刘叔叔"),
    ], {}),
    ("S203", "吴佳怡", "f", "2015-12-11", 2, [
        _away("father", "吴斌", "湖北武汉"), _away("mother", "孙丽", "湖北武汉"), _carer("grandmother", "赵玉兰"),
    ], {}),
    ("S204", "李雨桐", "f", "2015-02-17", 2, [
        _away("father", "李刚", "浙江杭州"), _away("mother", "何静", "浙江杭州"), _carer("grandfather", "李福"),
    ], {"in_difficulty": True}),
    ("S205", "马思远", "m", "2015-10-05", 2, [  # in difficulty, not left-behind
        {"relation": "father", "name": "马林", "capacity": "none"},
        {"relation": "mother", "name": "郑红", "day_to_day": True},
    ], {"in_difficulty": True, "special_needs": "父亲重病，家庭经济困难"}),
    ("S301", "卢晓峰", "m", "2016-01-23", 1, [
        _away("father", "卢勇", "新疆乌鲁木齐"), _away("mother", "黄梅", "新疆乌鲁木齐"), _carer("grandmother", "卢奶奶"),
    ], {}),
)


def _school_day(monday: D, term_start: D) -> D | None:
    """The day a week's records are logged: Wednesday, else another day in term, not a holiday, not after today."""
    for offset in (2, 3, 4, 1, 0):
        day = monday + dt.timedelta(days=offset)
        if term_start <= day <= TODAY and not any(a <= day <= b for a, b in HOLIDAYS):
            return day
    return None


def _rotation(ids: list[int], week: int, share: float, salt: int) -> list[int]:
    """round(share × pupils) of them, a different few left out each week (deterministic)."""
    order = sorted(ids, key=lambda pid: (pid * 7 + week * (3 + salt)) % 11)
    return order[: round(share * len(ids))]


class _Builder:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        small = build_small_school()
        li = actor_for(_staff(small.school_id, "李老师", "li", "teacher", "班主任"))
        zhao = actor_for(_staff(small.school_id, "赵老师", "zhao", "teacher", "心理辅导教师"))
        class3 = SchoolClass.create(school=small.school_id, grade=5, number=3, name="五年级(3)班",
                                    homeroom_teacher=li.staff_id)
        self.built = ScreenSchool(small, li, zhao)
        self.built.pupil.update(zip(("S001", "S002", "S003", "S004", "S005"), small.pupil_ids, strict=True))
        self.built.pupil["S099"] = small.unassigned_pupil_id
        self.class_ids = [*small.class_ids, class3.id]
        self.coordinator, self.zheng, self.wang = small.coordinator, small.teacher, small.other_teacher

    def ids(self, *numbers: str) -> list[int]:
        return [self.built.pupil[no] for no in numbers]

    def pupils(self) -> None:
        for no, name, gender, birth, class_index, guardians, extra in NEW_PUPILS:
            data = {"student_no": no, "name": name, "gender": gender, "birth_date": birth,
                    "class_id": self.class_ids[class_index], "enrolled_on": "2021-09-01", **extra}
            self.built.pupil[no] = pupils.create_pupil(self.coordinator, data, guardians, today=D(2026, 2, 20))

    def care_teachers(self) -> None:
        """The factory's pupils got a care teacher this term; these had one since spring. S301 and S099 have none."""
        spring, b = SPRING[1], self.built
        assignments.assign(self.coordinator, self.ids("S103"), self.zheng.staff_id, on=spring)
        assignments.assign(self.coordinator, self.ids("S201", "S202", "S203"), b.li.staff_id, on=spring)
        assignments.assign(self.coordinator, self.ids("S204", "S205"), b.zhao.staff_id, on=spring)
        assignments.assign(self.coordinator, self.ids("S101"), self.wang.staff_id, on=spring)
        for week in range(6):  # 王老师's calls with 何雨欣 (one week missed), before the handover takes her out of reach
            day = _school_day(AUTUMN[0] + dt.timedelta(weeks=week), AUTUMN[1])
            if day is not None and week != 4:
                calls_talks.log_calls(self.wang, self.ids("S101"), date=day, with_whom="mother")
        assignments.reassign(self.coordinator, b.pupil["S101"], self.zheng.staff_id, "王老师改任四年级班主任，按班级调整",
                             on=HANDOVER)

    def weekly_records(self) -> None:
        b = self.built
        caseloads = {self.zheng: ("S001", "S002", "S003", "S101", "S103"), self.wang: ("S004", "S005"),
                     b.li: ("S201", "S202", "S203"), b.zhao: ("S204", "S205")}
        not_left_behind = set(self.ids("S205"))  # the call rule is for left-behind pupils, talks for all cared for
        for monday, start, calls, talks in (SPRING, AUTUMN):
            for week in range(len(calls)):
                day = _school_day(monday + dt.timedelta(weeks=week), start)
                if day is None:
                    continue
                for teacher, numbers in caseloads.items():
                    if teacher == self.zheng and (start == SPRING[1] or day < HANDOVER):
                        numbers = tuple(no for no in numbers if no != "S101")
                    ids = self.ids(*numbers)
                    called = _rotation([i for i in ids if i not in not_left_behind], week, calls[week], 0)
                    talked = _rotation(ids, week, talks[week], 1)
                    if start == AUTUMN[1] and week >= len(calls) - 2 and teacher == self.zheng:
                        column = week - (len(calls) - 2)  # 0: last week, 1: this week
                        called = self.ids(*(no for no in numbers if TEACHER_WEEKS[no][column]))
                        talked = self.ids(*(no for no in numbers if TEACHER_WEEKS[no][2 + column]))
                    if called:
                        calls_talks.log_calls(teacher, called, date=day, channel="video" if week % 3 == 0 else "phone",
                                           with_whom="parents")
                    for pid in talked:
                        calls_talks.log_talk(teacher, TalkDraft(pid, day, topic=TOPICS[(pid + week) % len(TOPICS)]))

    def concerns_and_visits(self) -> None:
        b, zheng = self.built, self.zheng
        calls_talks.log_talk(zheng, TalkDraft(b.pupil["S003"], D(2026, 11, 13), topic="情绪低落",
                                           notes="说晚上常梦见妈妈，上课走神", concern=True,
                                           follow_up="联系母亲每周视频两次", follow_up_due=D(2026, 11, 20)))
        care_visits.log_visit(zheng, VisitDraft(
            b.pupil["S101"], D(2026, 11, 7), visitors="郑老师、周协调", met_whom="祖母王秀英",
            family_findings="父母在深圳、义乌务工，春节回家", guardianship_findings="祖母照料起居，祖父腿脚不便",
            schooling_findings="作业多由祖母督促，数学较弱", pupil_state="开朗，想念妈妈",
            follow_ups=(FollowUpDraft("安排数学学习伙伴", zheng.staff_id, D(2026, 12, 5)),)))
        visits = (("S001", zheng, D(2026, 10, 17)), ("S004", self.wang, D(2026, 10, 24)),
                  ("S201", b.li, D(2026, 10, 10)), ("S202", b.li, D(2026, 11, 14)), ("S205", b.zhao, D(2026, 11, 21)),
                  # the spring term: fewer visits
                  ("S001", zheng, D(2026, 5, 16)), ("S103", zheng, D(2026, 4, 18)), ("S201", b.li, D(2026, 3, 21)),
                  ("S202", b.li, D(2026, 6, 6)), ("S004", self.wang, D(2026, 5, 23)))
        for no, teacher, day in visits:
            care_visits.log_visit(self.coordinator, VisitDraft(b.pupil[no], day, visitors=teacher.name,
                                                               teacher_id=teacher.staff_id, met_whom="祖辈",
                                                               family_findings="家中住房安全，祖辈照料，情况稳定"))

    def activities(self) -> None:
        held = ((0, D(2026, 3, 13), "学雷锋主题班会"), (0, D(2026, 4, 17), "清明缅怀先烈"), (0, D(2026, 5, 22), "我爱我家"),
                (1, D(2026, 3, 20), "春季安全教育"), (1, D(2026, 6, 12), "防溺水主题班会"),
                (2, D(2026, 3, 27), "读书分享会"), (2, D(2026, 4, 24), "中队活动：春游"), (2, D(2026, 5, 29), "六一联欢准备"),
                (0, D(2026, 9, 18), "新学期适应班会"), (0, D(2026, 10, 23), "我的家人主题班会"),
                (0, D(2026, 11, 20), "感恩主题班会"), (1, D(2026, 9, 25), "安全教育班会"),
                (1, D(2026, 11, 6), "亲情书信活动"), (2, D(2026, 9, 11), "中队活动：认识新朋友"),
                (2, D(2026, 10, 30), "心理健康班会"))
        for index, day, title in held:
            care_activities.log_activity(self.coordinator, ActivityDraft("class", self.class_ids[index],
                                                                         "class_meeting", day, title))
        everyone = tuple(self.built.pupil.values())
        for day, title in ((D(2026, 5, 29), "“快乐六一”关爱活动"), (D(2026, 10, 16), "“温暖同行”主题关爱活动")):
            care_activities.log_activity(self.coordinator, ActivityDraft("school", None, "themed_care", day, title,
                                                                         pupil_ids=everyone))

    def centre(self) -> None:
        """Three of the four required rooms (no health room yet); the family line's broken phone is overdue."""
        settings, coordinator, b = self.settings, self.coordinator, self.built
        rooms = {}
        for kind, name, area, person, short in (("counselling", "心理咨询室", 20, self.zheng, {}),
                                                ("family_reception", "亲情聊天室", 15, b.li, {}),
                                                ("indoor_activity", "室内活动室", 30, b.zhao, {"desks_chairs": 6, "tv": 0})):
            rooms[kind] = centre.add_room(coordinator, settings, kind, name, area, person_in_charge_id=person.staff_id)
            for line in centre.inventory(coordinator, settings, rooms[kind]):
                centre.set_held(coordinator, settings, rooms[kind], line.item, short.get(line.item, line.need))
        self.inspect(rd.ROOM, rooms["counselling"], D(2026, 11, 2), {})
        # A low-severity finding gets 30 days: due 19 November, overdue today.
        self.inspect(rd.ROOM, rooms["family_reception"], D(2026, 10, 20), {"wired_phone": (rd.BROKEN, "话机无拨号音", "low")})
        self.inspect(rd.SAFETY, None, D(2026, 11, 25), {"wiring": (rd.BROKEN, "二楼走廊插座松动", "medium")})

    def inspect(self, kind: str, room_id: int | None, day: D, findings: dict[str, tuple[str, str, str]]) -> None:
        settings, coordinator = self.settings, self.coordinator
        with on_day(day):  # sign-off stamps today: the finding's date and deadline follow it
            inspection = inspections.start_inspection(coordinator, settings, kind, room_id)
            for line in inspections.sheet(coordinator, settings, inspection).lines:
                state, note, severity = findings.get(line.key, (rd.OK, "", None))
                inspections.set_item(coordinator, inspection, line.key, state=state, note=note, severity=severity)
            inspections.sign_off(coordinator, settings, inspection)

    def situation_notes(self) -> None:
        for aspect, text, day in (("family", "父母在外务工，每年春节回家一次", "2026-09-05"),
                                  ("guardianship", "祖母照料起居；祖父腿脚不便，监护能力有限", "2026-09-05"),
                                  ("schooling", "数学较弱，语文较好，喜欢画画", "2026-10-20"),
                                  ("psychological", "开学初想家爱哭，现已适应", "2026-11-07")):
            pupils.add_situation_note(self.zheng, self.built.file_pupil_id, aspect, text, day)


def build_screen_school(settings: Settings) -> ScreenSchool:
    builder = _Builder(settings)
    builder.pupils()
    builder.care_teachers()
    builder.weekly_records()
    builder.concerns_and_visits()
    builder.activities()
    builder.centre()
    builder.situation_notes()
    return builder.built
