"""Generated care records that follow the school's rules: family calls, teacher talks, activities, home visits, follow-ups."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_people import PupilPlan, SchoolPlan
from schoolcare.domain.settings import Calendar, Rule, Settings
from schoolcare.store.models import Activity, ActivityAttendance, FamilyCall, FollowUp, HomeVisit, TeacherTalk

# Shorter periods are the more demanding rule when two rules count the same record.
PERIOD_ORDER = {"week": 0, "month": 1, "quarter": 2, "term": 3}
CALL_COLUMNS = ("id", "school_id", "recorded_by_id", "created_at", "withdrawn", "withdrawn_reason", "pupil_id",
                "date", "time", "channel", "with_whom", "duration_min", "connected", "teacher_line", "notes")
TALK_COLUMNS = ("id", "school_id", "recorded_by_id", "created_at", "withdrawn", "withdrawn_reason", "pupil_id",
                "teacher_id", "date", "topic", "notes", "concern", "follow_up")
VISIT_COLUMNS = ("id", "school_id", "recorded_by_id", "created_at", "withdrawn", "withdrawn_reason", "pupil_id",
                 "teacher_id", "date", "visitors", "met_whom", "family_findings", "guardianship_findings",
                 "schooling_findings", "pupil_state")
ACTIVITY_COLUMNS = ("id", "school_id", "recorded_by_id", "created_at", "withdrawn", "withdrawn_reason",
                    "school_class_id", "scope", "kind", "date", "title", "organiser_id", "summary")
ATTENDANCE_COLUMNS = ("id", "activity_id", "pupil_id")
FOLLOW_UP_COLUMNS = ("id", "school_id", "pupil_id", "home_visit_id", "teacher_talk_id", "action", "owner_id", "due",
                     "done_on", "outcome")

CALL_TIMES = ("12:30", "17:20", "18:00", "19:00", "19:30", "20:00")
CALL_NOTES = {
    "father": ("和爸爸聊了这周的学习", "爸爸叮嘱按时吃饭、注意安全", "告诉爸爸数学考试进步了", "爸爸说过年回家"),
    "mother": ("和妈妈说了学校的趣事", "妈妈询问作业完成情况", "想妈妈了，聊了很久", "妈妈提醒天冷加衣服"),
}
FAILED = ("无人接听", "对方正在上班，未接通", "信号不好，未接通")
TOPICS = ("学习情况", "生活起居", "同学关系", "安全教育", "心理疏导", "兴趣爱好", "想念父母", "作业完成")
TALK_NOTES = ("状态良好，学习认真", "愿意交流，情绪稳定", "说最近睡得不好，已提醒按时休息", "和同桌闹了矛盾，已调解",
              "希望周末能和爸爸视频", "近期作业按时完成", "喜欢画画，鼓励参加兴趣小组")
CONCERNS = (("情绪低落，常一个人发呆", "联系家长，每周两次谈心"), ("多次未完成作业，成绩下滑", "安排学习小帮手，联系监护人"),
            ("说祖母生病，家里无人做饭", "家访了解情况，联系村委会"))
ACTIVITY_TITLES = {
    "class_meeting": ("感恩父母主题班会", "安全教育主题班会", "我的心愿卡", "防溺水安全教育", "文明礼仪班会",
                      "心理健康主题班会"),
    "team_activity": ("亲情书信写作", "集体生日会", "读书分享会", "趣味运动会", "手工制作：送给父母的礼物"),
}
THEMED = ("关爱留守儿童·亲情传递主题活动", "\"温暖童心\"关爱留守儿童主题活动", "\"手拉手\"结对帮扶活动",
          "留守儿童心理健康讲座")
FAMILY = ("家庭经济一般，父母按月寄生活费", "住房为两层砖房，居住条件尚可", "家中有弟弟一人，由祖母一并照看",
          "家庭经济较困难，已申请资助")
GUARDING = ("监护人身体尚可，能照顾孩子起居", "监护人年纪较大，辅导作业有困难", "监护人责任心强，与学校联系密切")
SCHOOLING = ("在校表现良好，按时上学", "作业有时需要督促", "成绩中等偏上")
STATE = ("精神状态好，见到老师很开心", "有些拘谨，问答较少", "表示想念父母", "和祖母相处融洽")
VISIT_ACTIONS = ("协助申请生活补助", "与家长电话沟通孩子学习情况", "联系村委会关注家庭困难", "安排每周辅导作业")


class SchoolDays:
    """The school days (weekdays inside a term, outside its holidays) from `start` to `today`, grouped by period."""

    def __init__(self, calendar: Calendar, start: dt.date, today: dt.date):
        self.days: list[tuple[dt.date, str]] = []
        day = start
        while day <= today:
            term = calendar.term_on(day) if day.weekday() < 5 else None
            if term is not None and not term.is_holiday(day):
                self.days.append((day, term.id))
            day += dt.timedelta(days=1)
        self._cache: dict[str, list[list[str]]] = {}

    def periods(self, period: str) -> list[list[str]]:
        """ISO dates of each period (week / month / quarter / term) that has school days, in order."""
        if period not in self._cache:
            key = {
                "week": lambda d, t: d - dt.timedelta(days=d.weekday()),
                "month": lambda d, t: (d.year, d.month),
                "quarter": lambda d, t: (d.year, (d.month - 1) // 3),
                "term": lambda d, t: t,
            }[period]
            grouped: dict[object, list[str]] = {}
            for day, term in self.days:
                grouped.setdefault(key(day, term), []).append(day.isoformat())
            self._cache[period] = list(grouped.values())
        return self._cache[period]


def rule_for(settings: Settings, record: str) -> Rule | None:
    """The most demanding rule counting `record` (shortest period, then most records)."""
    rules = [r for r in settings.rules if r.record == record]
    if not rules:
        return None
    return min(rules, key=lambda r: (PERIOD_ORDER.get(r.period, 9), -r.at_least))


def applies(rule: Rule, pupil: PupilPlan) -> bool:
    if rule.applies_to == "left_behind":
        return pupil.left_behind
    if rule.applies_to == "cared":
        return pupil.cared
    return True


def since(days: list[str], first: str) -> list[str]:
    return days if days[0] >= first else [d for d in days if d >= first]


class CareRecords:
    """Draws and loads one school's care records, with the gaps a real school shows."""

    def __init__(self, rng: random.Random, ids: Ids, loader: Loader, settings: Settings, days: SchoolDays,
                 today: dt.date):
        self.rng, self.ids, self.loader, self.settings, self.days = rng, ids, loader, settings, days
        self.today = today
        self.follow_ups: list[tuple] = []

    def load(self, plan: SchoolPlan) -> None:
        pupils = plan.pupils
        for record, write in (("family_call", self._calls), ("teacher_talk", self._talks),
                              ("home_visit", self._visits)):
            rule = rule_for(self.settings, record)
            if rule is not None and rule.subject == "pupil":
                write(plan, [p for p in pupils if applies(rule, p)], rule)
        rule = rule_for(self.settings, "class_activity")
        if rule is not None:
            self._class_activities(plan, rule)
        rule = rule_for(self.settings, "school_activity")
        if rule is not None:
            self._school_activities(plan, rule)
        self.loader.load(FollowUp, FOLLOW_UP_COLUMNS, self.follow_ups)
        self.follow_ups = []

    def _recent_gap(self, pupils: list[PupilPlan], share: float) -> set[int]:
        """A few pupils (`share` of them, at least one) for whom the latest two periods have no record."""
        if not pupils:
            return set()
        return {p.id for p in self.rng.sample(pupils, max(1, round(len(pupils) * share)))}

    # -- family calls ------------------------------------------------------------------------------
    def _calls(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> None:
        self.loader.load(FamilyCall, CALL_COLUMNS, self._call_rows(plan, pupils, rule))

    def _call_rows(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> Iterator[tuple]:
        rng, take = self.rng, self.ids.take
        periods = self.days.periods(rule.period)
        recent = len(periods) - 2
        gap = self._recent_gap(pupils, 0.07)
        school = plan.id
        for pupil in pupils:
            # Each child has habits: who they call, how, and when.
            contacts = pupil.contacts or ("mother", "father")
            time = rng.choice(CALL_TIMES)
            video = rng.random() < 0.3
            for n, days in enumerate(periods):
                if days[-1] < pupil.since:
                    continue
                days = since(days, pupil.since)
                if (pupil.id in gap and n >= recent) or rng.random() < 0.025:
                    if rng.random() < 0.5:  # tried, but nobody answered
                        day = rng.choice(days)
                        yield (take(FamilyCall), school, self._teacher_on(pupil, day) or pupil.homeroom_id,
                               f"{day} {time}:00", False, "", pupil.id, day, time, "phone", rng.choice(contacts),
                               None, False, False, rng.choice(FAILED))
                    continue
                for _ in range(rule.at_least + (rng.random() < 0.15)):
                    day = rng.choice(days)
                    who = rng.choice(contacts)
                    recorder = self._teacher_on(pupil, day) or pupil.homeroom_id
                    created = f"{day} {time}:00"
                    if rng.random() < 0.05:  # a failed attempt before getting through
                        yield (take(FamilyCall), school, recorder, created, False, "", pupil.id, day, time, "phone",
                               who, None, False, False, rng.choice(FAILED))
                    row = (take(FamilyCall), school, recorder, created, False, "", pupil.id, day, time,
                           "video" if video and rng.random() < 0.8 else "phone", who, rng.randint(5, 30),
                           True, False, rng.choice(CALL_NOTES[who]))
                    yield row
                    if rng.random() < 0.002:  # entered twice by mistake, then withdrawn
                        yield (take(FamilyCall),) + row[1:4] + (True, "重复录入") + row[6:]
                if rng.random() < 0.02:  # a parent rang the teacher line
                    day = rng.choice(days)
                    yield (take(FamilyCall), school, pupil.teacher_id or pupil.homeroom_id, f"{day} 12:10:00", False,
                           "", pupil.id, day, "12:10", "phone", rng.choice(contacts), rng.randint(3, 15), True, True,
                           "家长来电询问孩子近况")

    def _teacher_on(self, pupil: PupilPlan, day: str) -> int | None:
        if pupil.previous is not None and day < pupil.previous[1]:
            return pupil.previous[0]
        return pupil.teacher_id

    # -- teacher talks -----------------------------------------------------------------------------
    def _talks(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> None:
        self.loader.load(TeacherTalk, TALK_COLUMNS, self._talk_rows(plan, pupils, rule))

    def _talk_rows(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> Iterator[tuple]:
        rng, take = self.rng, self.ids.take
        periods = self.days.periods(rule.period)
        school = plan.id
        for pupil in pupils:
            if pupil.cared and pupil.teacher_id is None:
                continue  # no care teacher yet: nobody talks with this child (the gap the coverage figure shows)
            for days in periods:
                if days[-1] < pupil.since or rng.random() < 0.035:
                    continue
                days = since(days, pupil.since)
                for _ in range(rule.at_least):
                    day = rng.choice(days)
                    teacher = self._teacher_on(pupil, day) or pupil.homeroom_id
                    talk_id = take(TeacherTalk)
                    created = f"{day} 16:40:00"
                    if rng.random() < 0.02:
                        notes, follow = rng.choice(CONCERNS)
                        yield (talk_id, school, teacher, created, False, "", pupil.id, teacher, day, "心理疏导",
                               notes, True, follow)
                        if rng.random() < 0.3:
                            self._follow_up(school, pupil.id, None, talk_id, follow, teacher, day, 7)
                    else:
                        yield (talk_id, school, teacher, created, False, "", pupil.id, teacher, day,
                               rng.choice(TOPICS), rng.choice(TALK_NOTES), False, "")

    def _follow_up(self, school, pupil_id, visit_id, talk_id, action, owner, day: str, within: int) -> None:
        due = dt.date.fromisoformat(day) + dt.timedelta(days=within)
        done = due - dt.timedelta(days=self.rng.randrange(0, within)) if due < self.today - dt.timedelta(days=3) \
            else None
        self.follow_ups.append((
            self.ids.take(FollowUp), school, pupil_id, visit_id, talk_id, action, owner, due.isoformat(),
            done.isoformat() if done else None, "已落实" if done else "",
        ))

    # -- home visits -------------------------------------------------------------------------------
    def _visits(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> None:
        self.loader.load(HomeVisit, VISIT_COLUMNS, self._visit_rows(plan, pupils, rule))

    def _visit_rows(self, plan: SchoolPlan, pupils: list[PupilPlan], rule: Rule) -> Iterator[tuple]:
        rng, take = self.rng, self.ids.take
        periods = self.days.periods(rule.period)
        visited = [p for p in pupils if p.teacher_id is not None]
        # A handful not yet visited in the latest period (this term).
        not_yet = {p.id for p in rng.sample(visited, min(len(visited), max(2, round(len(visited) * 0.03))))}
        school, last = plan.id, len(periods) - 1
        for pupil in visited:
            for n, days in enumerate(periods):
                if days[-1] < pupil.since or (n == last and pupil.id in not_yet) or (n < last and rng.random() < 0.01):
                    continue
                days = since(days, pupil.since)
                for _ in range(rule.at_least + (rng.random() < 0.08)):
                    day = rng.choice(days)
                    teacher = self._teacher_on(pupil, day)
                    visit_id = take(HomeVisit)
                    yield (visit_id, school, teacher, f"{day} 18:30:00", False, "", pupil.id, teacher, day,
                           "关爱责任人、班主任" if teacher != pupil.homeroom_id else "班主任", pupil.carer,
                           rng.choice(FAMILY), rng.choice(GUARDING), rng.choice(SCHOOLING), rng.choice(STATE))
                    if rng.random() < 0.06:
                        self._follow_up(school, pupil.id, visit_id, None, rng.choice(VISIT_ACTIONS), teacher, day, 14)

    # -- activities --------------------------------------------------------------------------------
    def _class_activities(self, plan: SchoolPlan, rule: Rule) -> None:
        rng, take = self.rng, self.ids.take
        periods = self.days.periods(rule.period)
        # One class let a month pass without its activity: the previous month, or the only one there is.
        skipped = (rng.choice(plan.classes).id, max(0, len(periods) - 2))
        activities, attendance = [], []
        for school_class in plan.classes:
            for n, days in enumerate(periods):
                if days[-1] < school_class.since or (school_class.id, n) == skipped:
                    continue
                for _ in range(rule.at_least):
                    day = rng.choice(since(days, school_class.since))
                    kind = "class_meeting" if rng.random() < 0.6 else "team_activity"
                    activity_id = take(Activity)
                    activities.append((
                        activity_id, plan.id, school_class.homeroom_id, f"{day} 17:00:00", False, "",
                        school_class.id, "class", kind, day, rng.choice(ACTIVITY_TITLES[kind]),
                        school_class.homeroom_id, "全班参加，气氛热烈",
                    ))
                    attendance.extend(
                        (0, activity_id, p.id) for p in school_class.pupils if p.since <= day and rng.random() > 0.03
                    )
        self._load_activities(activities, attendance)

    def _school_activities(self, plan: SchoolPlan, rule: Rule) -> None:
        rng, take = self.rng, self.ids.take
        cared = [p for p in plan.pupils if p.cared]
        activities, attendance = [], []
        for days in self.days.periods(rule.period):
            for _ in range(rule.at_least):
                day = rng.choice(days)
                activity_id = take(Activity)
                activities.append((
                    activity_id, plan.id, plan.coordinator_id, f"{day} 17:30:00", False, "", None, "school",
                    "themed_care", day, rng.choice(THEMED), plan.coordinator_id, "全校关爱对象参加，家长代表到场",
                ))
                attendance.extend((0, activity_id, p.id) for p in cared if p.since <= day)
        self._load_activities(activities, attendance)

    def _load_activities(self, activities: list[tuple], attendance: list[tuple]) -> None:
        self.loader.load(Activity, ACTIVITY_COLUMNS, activities)
        take = self.ids.take
        self.loader.load(ActivityAttendance, ATTENDANCE_COLUMNS,
                         ((take(ActivityAttendance),) + row[1:] for row in attendance))
