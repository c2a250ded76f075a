"""Generated schools' people: staff, classes, pupils with their families and situation notes, care teachers."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from schoolcare.demo import fictional as fx
from schoolcare.demo.generate_bulk import Ids, Loader
from schoolcare.demo.generate_county import school_code
from schoolcare.demo.generate_passwords import AccountHashes
from schoolcare.domain.eligibility import ParentSituation, age_on, left_behind_verdict
from schoolcare.services.registry.search_keys import class_name, pinyin_of
from schoolcare.store.models import CareAssignment, Guardian, Pupil, School, SchoolClass, SituationNote, Staff

PUPILS_PER_CLASS = 33
PUPILS_PER_STAFF = 15
GRADES = range(1, 7)


@dataclass(slots=True)
class PupilPlan:
    """What the care-record generator needs to know about one pupil."""

    id: int
    school_id: int
    class_id: int
    homeroom_id: int
    grade: int
    left_behind: bool
    cared: bool  # left-behind or in difficulty: has (or should have) a care teacher
    contacts: tuple[str, ...]  # parents away from home, whom family calls reach
    carer: str  # who a home visit meets, e.g. "祖母王桂英"
    since: str  # first day records can exist (enrolment or start of the generated span)
    teacher_id: int | None = None  # current care teacher
    previous: tuple[int, str] | None = None  # (former care teacher, first day of the current one)


@dataclass(frozen=True)
class Family:
    parents: tuple[tuple[str, bool, str], ...]  # (relation, away, capacity); a deceased parent is absent
    difficulty: str  # "" | deceased | ill | disabled
    migrant: bool


@dataclass(slots=True)
class ClassPlan:
    id: int
    grade: int
    number: int
    name: str
    homeroom_id: int
    since: str
    team: list[int] = field(default_factory=list)  # homeroom teacher first, then teachers who help care
    pupils: list[PupilPlan] = field(default_factory=list)


@dataclass(slots=True)
class SchoolPlan:
    id: int
    index: int
    name: str
    township: str
    coordinator_id: int
    principal_id: int
    teacher_ids: list[int]
    classes: list[ClassPlan]
    accounts: list[tuple[str, str]]

    @property
    def pupils(self) -> list[PupilPlan]:
        return [p for c in self.classes for p in c.pupils]


STAFF_COLUMNS = ("id", "school_id", "name", "login", "role", "password_hash", "phone", "age", "address", "post",
                 "active", "created_at")
CLASS_COLUMNS = ("id", "school_id", "grade", "number", "name", "homeroom_teacher_id")
PUPIL_COLUMNS = ("id", "school_id", "student_no", "name", "name_pinyin", "name_initials", "gender", "birth_date",
                 "school_class_id", "status", "boarding", "address", "left_behind", "in_difficulty", "migrant",
                 "poverty", "special_needs", "health_notes", "peer_helper", "caring_parent", "enrolled_on",
                 "left_on", "created_at", "updated_at")
GUARDIAN_COLUMNS = ("id", "pupil_id", "relation", "name", "age", "phone", "address", "work_place", "occupation",
                    "away", "capacity", "day_to_day", "entrusted", "position")
NOTE_COLUMNS = ("id", "pupil_id", "aspect", "text", "noted_on", "author_id", "created_at")
ASSIGNMENT_COLUMNS = ("id", "school_id", "pupil_id", "teacher_id", "start_on", "end_on", "reason", "end_reason",
                      "created_by_id")

KIN = {"grandmother": "祖母", "grandfather": "祖父", "other": "伯母"}
SPECIAL_NEEDS = ("听力障碍，需要前排就座", "肢体残疾，行动不便", "智力障碍，送教上门")
HEALTH_NOTES = ("哮喘，随身带药", "先天性心脏病术后，避免剧烈运动", "过敏性鼻炎", "近视，需配镜", "青霉素过敏")
SCHOOLING = ("学习态度端正，成绩中等", "成绩较好，喜欢阅读", "基础较弱，数学需要辅导", "偶有作业未完成，需督促",
             "上课注意力不集中", "成绩优秀，担任班干部")
PSYCH = ("性格开朗，与同学相处融洽", "性格内向，不爱说话", "想念父母，情绪偶有低落", "自尊心强，需要鼓励",
         "近期情绪稳定", "有时脾气急躁，与同学发生矛盾")
LATER_PSYCH = ("本学期比上学期开朗，愿意主动交流", "父母春节未回家，情绪低落，已加强谈心", "参加兴趣小组后更自信了")
DIFFICULTY = {"deceased": "父亲因病去世", "ill": "因病丧失劳动能力", "disabled": "残疾，无监护能力"}


def staff_counts(pupils: int) -> tuple[int, int]:
    """(classes, teachers) for a school of `pupils`: ~33 a class, ~15 pupils per member of staff."""
    classes = max(len(GRADES), round(pupils / PUPILS_PER_CLASS))
    return classes, max(classes, round(pupils / PUPILS_PER_STAFF) - 2)


def staff_logins(pupils: int, prefix: str = "") -> list[tuple[str, str]]:
    """(role, login) of a generated school's staff: coordinator, principal, then teachers t001, t002…"""
    teachers = staff_counts(pupils)[1]
    width = max(3, len(str(teachers)))
    return [("coordinator", f"{prefix}coord"), ("principal", f"{prefix}head")] + [
        ("teacher", f"{prefix}t{i:0{width}d}") for i in range(1, teachers + 1)
    ]


class PeopleBuilder:
    """Draws one school's people and loads them; the plan it returns drives the care records."""

    def __init__(self, rng: random.Random, ids: Ids, loader: Loader, passwords: AccountHashes, *,
                 today: dt.date, academic_year: int, records_from: dt.date, current_term_start: dt.date):
        self.rng, self.ids, self.loader = rng, ids, loader
        self.namer = fx.Namer(rng)
        self.passwords = passwords  # each account its own salt and hash, made alongside (generate_passwords)
        self.today = today
        self.year = academic_year
        self.records_from = records_from
        self.current_term_start = current_term_start
        self.stamp = f"{records_from.isoformat()} 08:00:00"

    # -- staff and classes -------------------------------------------------------------------------
    def school(self, index: int, pupils: int, prefix: str) -> SchoolPlan:
        rng = self.rng
        school_id = self.ids.take(School)
        name = fx.school_name(index)
        township = fx.TOWNSHIPS[index % len(fx.TOWNSHIPS)]
        self.loader.load(School, ("id", "name", "code", "address", "created_at"),
                         [(school_id, name, school_code(school_id), f"{fx.COUNTY}{township}", self.stamp)])
        n_classes = staff_counts(pupils)[0]
        staff_rows, accounts = [], staff_logins(pupils, prefix)
        placeholder = self.passwords.ask([login for _role, login in accounts])
        posts = {"coordinator": "政教主任", "principal": "校长"}
        staff_ids = []
        for n, (role, login) in enumerate(accounts):
            staff_ids.append(self.ids.take(Staff))
            kind = "woman" if rng.random() < 0.62 else "man"
            # The first teachers are the homeroom teachers (班主任), one a class; the rest teach subjects.
            post = posts.get(role) or ("班主任" if n - 2 < n_classes else "科任教师")
            staff_rows.append((
                staff_ids[-1], school_id, self.namer.name(kind), login, role, placeholder,
                fx.fictional_phone(rng), rng.randint(24, 56), self.namer.address(township), post, True, self.stamp,
            ))
        self.loader.load(Staff, STAFF_COLUMNS, staff_rows)
        coordinator, principal, teachers = staff_ids[0], staff_ids[1], staff_ids[2:]

        classes: list[ClassPlan] = []
        per_grade = [n_classes // len(GRADES) + (1 if g < n_classes % len(GRADES) else 0) for g in range(len(GRADES))]
        for grade, count in zip(GRADES, per_grade, strict=True):
            # Classes are kept under their current grade, and the rules engine holds every class to every
            # month; so a class has its activities from the first day generated (newcomers join as enrolled).
            since = self.records_from.isoformat()
            for number in range(1, count + 1):
                homeroom = teachers[len(classes)]
                classes.append(ClassPlan(self.ids.take(SchoolClass), grade, number, class_name(grade, number),
                                         homeroom, since, [homeroom]))
        for i, teacher in enumerate(teachers[n_classes:]):
            classes[i % n_classes].team.append(teacher)
        self.loader.load(SchoolClass, CLASS_COLUMNS, [
            (c.id, school_id, c.grade, c.number, c.name, c.homeroom_id) for c in classes
        ])
        return SchoolPlan(school_id, index, name, township, coordinator, principal, teachers, classes, accounts)

    # -- pupils and families -----------------------------------------------------------------------
    def pupils(self, plan: SchoolPlan, count: int) -> None:
        per_class = [count // len(plan.classes) + (1 if i < count % len(plan.classes) else 0)
                     for i in range(len(plan.classes))]
        pupil_rows, guardian_rows, note_rows = [], [], []
        seq = 0
        for school_class, size in zip(plan.classes, per_class, strict=True):
            for _ in range(size):
                seq += 1
                pupil_rows.append(self._pupil(plan, school_class, seq, guardian_rows, note_rows))
        self.loader.load(Pupil, PUPIL_COLUMNS, pupil_rows)
        self.loader.load(Guardian, GUARDIAN_COLUMNS, guardian_rows)
        self.loader.load(SituationNote, NOTE_COLUMNS, note_rows)

    def _pupil(self, plan: SchoolPlan, school_class: ClassPlan, seq: int, guardians: list, notes: list) -> tuple:
        rng, namer = self.rng, self.namer
        pupil_id = self.ids.take(Pupil)
        grade = school_class.grade
        enrolled = dt.date(self.year - grade + 1, 9, 1)
        born_from = dt.date(self.year - grade - 6, 9, 1) - dt.timedelta(days=365 if rng.random() < 0.03 else 0)
        birth = born_from + dt.timedelta(days=rng.randrange(365))
        gender = "m" if rng.random() < 0.52 else "f"
        father_surname = namer.surname()
        surname = father_surname if rng.random() < 0.92 else namer.surname()
        name = namer.name("boy" if gender == "m" else "girl", surname)
        full, initials = pinyin_of(name)
        home = namer.address(plan.township)
        age = age_on(birth, self.today)

        family = self._family()
        parents = [ParentSituation(relation, away, capacity) for relation, away, capacity in family.parents]
        # The category is derived from the family, as the registry derives it, never drawn directly.
        left_behind = left_behind_verdict(birth, parents, self.today).left_behind
        difficulty = family.difficulty
        in_difficulty = bool(difficulty)
        cared = left_behind or in_difficulty

        # Guardians: parents, and a grandparent who looks after the child when the parents cannot.
        father_name = namer.name("man", father_surname)
        mother_name = namer.name("woman")
        shared_place = rng.choice(fx.WORK_PLACES)
        home_job = rng.choice(fx.HOME_JOBS)
        rows = []
        for relation, away, capacity in family.parents:
            if relation == "father":
                rows.append(self._parent(pupil_id, relation, father_name, age + rng.randint(24, 36), home,
                                         away, capacity, shared_place, home_job))
            else:
                place = shared_place if rng.random() < 0.7 else rng.choice(fx.WORK_PLACES)
                rows.append(self._parent(pupil_id, relation, mother_name, age + rng.randint(22, 33), home,
                                         away, capacity, place, home_job))
        carer_relation = ""
        if left_behind:
            carer_relation = rng.choice(("grandmother", "grandmother", "grandmother", "grandfather", "other"))
            kind = {"grandmother": "old_woman", "grandfather": "old_man", "other": "woman"}[carer_relation]
            carer_name = namer.name(kind, father_surname if carer_relation == "grandfather" else None)
            carer_age = age + rng.randint(50, 66) if carer_relation != "other" else age + rng.randint(30, 45)
            rows.append([self.ids.take(Guardian), pupil_id, carer_relation, carer_name, carer_age,
                         fx.fictional_phone(rng), home, "", rng.choice(("务农", "务农", "在家")), False,
                         "limited" if rng.random() < 0.12 else "full", True, True, 0])
            carer = KIN[carer_relation] + carer_name
        else:
            at_home = [r for r in rows if not r[9] and r[10] == "full"]
            keeper = at_home[0] if at_home else rows[-1]
            keeper[11] = True
            carer = ("父亲" if keeper[2] == "father" else "母亲") + keeper[3]
        for position, row in enumerate(rows):
            row[13] = position
            guardians.append(tuple(row))

        if cared:
            self._notes(pupil_id, notes, rows, carer, carer_relation, difficulty, school_class.homeroom_id)
        pupil = PupilPlan(
            pupil_id, plan.id, school_class.id, school_class.homeroom_id, grade, left_behind, cared,
            tuple(r[2] for r in rows if r[2] in ("father", "mother") and r[9]), carer,
            max(enrolled, self.records_from).isoformat(),
        )
        school_class.pupils.append(pupil)
        boarding = rng.random() < (0.3 if grade >= 4 else 0.05)
        return (
            pupil_id, plan.id, f"{enrolled.year}{seq:05d}", name, full, initials, gender, birth.isoformat(),
            school_class.id, "enrolled", boarding,
            f"{fx.COUNTY}{plan.township}租住房屋" if family.migrant else home,
            left_behind, in_difficulty, family.migrant, in_difficulty or rng.random() < 0.1,
            rng.choice(SPECIAL_NEEDS) if rng.random() < 0.01 else "",
            rng.choice(HEALTH_NOTES) if rng.random() < 0.04 else "",
            namer.name("boy" if rng.random() < 0.5 else "girl") if left_behind and rng.random() < 0.3 else "",
            namer.name("woman") if left_behind and rng.random() < 0.1 else "",
            enrolled.isoformat(), None, self.stamp, self.stamp,
        )

    def _family(self) -> Family:
        """Where the parents are and whether they can look after the child: ~40% end up left-behind, ~5% in difficulty."""
        rng = self.rng
        scenario = rng.random()
        father = ["father", False, "full"]
        mother = ["mother", False, "full"]
        difficulty, migrant = "", False
        if scenario < 0.34:  # both parents away working
            father[1] = mother[1] = True
        elif scenario < 0.40:  # one away, the other unable to look after the child
            away, home = (father, mother) if rng.random() < 0.85 else (mother, father)
            away[1] = True
            difficulty = "disabled" if rng.random() < 0.45 else ""
            home[2] = "none" if difficulty else "limited"
        elif scenario < 0.67:  # one away, the other at home
            (father if rng.random() < 0.85 else mother)[1] = True
        elif scenario < 0.71:  # the family moved here for work (流动儿童)
            migrant = True
        parents = [tuple(father), tuple(mother)]
        if not difficulty and rng.random() < 0.015:
            difficulty = "deceased"
            parents = parents[1:]
        elif not difficulty and rng.random() < 0.01:
            difficulty = "ill"
            parents[0] = ("father", False, "none")
        return Family(tuple(parents), difficulty, migrant)

    def _parent(self, pupil_id, relation, name, age, home, away, capacity, place, home_job) -> list:
        rng = self.rng
        return [self.ids.take(Guardian), pupil_id, relation, name, age, fx.fictional_phone(rng),
                place + "务工" if away else home, place if away else "",
                rng.choice(fx.AWAY_JOBS) if away else ("无" if capacity == "none" else home_job),
                away, capacity, False, False, 0]

    def _notes(self, pupil_id, notes, guardians, carer, carer_relation, difficulty, author) -> None:
        rng = self.rng
        away = "、".join(("父亲" if g[2] == "father" else "母亲") + "在" + g[7] + "务工" for g in guardians if g[9])
        family = (away or "父母在家") + (f"；{DIFFICULTY[difficulty]}" if difficulty in ("deceased",) else "")
        if difficulty in ("ill", "disabled"):
            family += "；" + ("父亲" if any(g[2] == "father" and g[10] == "none" for g in guardians) else "母亲") \
                + DIFFICULTY[difficulty]
        guardianship = (f"由{carer}照料，{KIN[carer_relation]}为委托监护人，能照顾日常起居"
                        if carer_relation else f"由{carer}照料")
        noted = self.records_from.isoformat()
        for aspect, text in (("family", family), ("guardianship", guardianship),
                             ("schooling", rng.choice(SCHOOLING)), ("psychological", rng.choice(PSYCH))):
            notes.append((self.ids.take(SituationNote), pupil_id, aspect, text, noted, author, self.stamp))
        if rng.random() < 0.2 and self.current_term_start > self.records_from:
            later = self.current_term_start + dt.timedelta(days=rng.randrange(7, 40))
            if later < self.today:
                notes.append((self.ids.take(SituationNote), pupil_id, "psychological", rng.choice(LATER_PSYCH),
                              later.isoformat(), author, f"{later.isoformat()} 17:00:00"))

    # -- care teachers -----------------------------------------------------------------------------
    def assign(self, plan: SchoolPlan, first_term_start: dt.date) -> list[PupilPlan]:
        """Every cared pupil gets a care teacher from their class's team, except a few (a realistic gap)."""
        rng = self.rng
        cared = [p for p in plan.pupils if p.cared]
        unassigned = set(rng.sample(range(len(cared)), min(len(cared), max(2, len(cared) // 100))))
        rows = []
        switch = self.current_term_start.isoformat()
        by_class = {c.id: c for c in plan.classes}
        for n, pupil in enumerate(cared):
            if n in unassigned:
                continue
            team = by_class[pupil.class_id].team
            pupil.teacher_id = team[n % len(team)]
            # Assigned when the first term began, or on enrolment for pupils who came later.
            start = pupil.since if pupil.since > self.records_from.isoformat() else first_term_start.isoformat()
            if start < switch and rng.random() < 0.03:
                former = rng.choice(plan.teacher_ids)
                if former != pupil.teacher_id:
                    pupil.previous = (former, switch)
                    ended = (self.current_term_start - dt.timedelta(days=1)).isoformat()
                    rows.append((self.ids.take(CareAssignment), plan.id, pupil.id, former, start, ended,
                                 "学期初统一安排", "教师工作调整", plan.coordinator_id))
                    start = switch
            rows.append((self.ids.take(CareAssignment), plan.id, pupil.id, pupil.teacher_id, start, None,
                         "学期初统一安排", "", plan.coordinator_id))
        self.loader.load(CareAssignment, ASSIGNMENT_COLUMNS, rows)
        return [cared[n] for n in sorted(unassigned)]
