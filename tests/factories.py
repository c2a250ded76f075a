"""A small, fully known school for services and UI tests (fictional names)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schoolcare.domain.roles import Actor
from schoolcare.services.accounts.auth import actor_for, hash_password
from schoolcare.store.models import CareAssignment, Guardian, Pupil, School, SchoolClass, Staff

PASSWORD = "secret-pw"
# A cheap hash for fixtures; production hashes use the full scrypt cost.
_HASH = hash_password(PASSWORD, n=16)


@dataclass
class SmallSchool:
    school_id: int
    coordinator: Actor
    principal: Actor
    teacher: Actor  # homeroom teacher of class 1, care teacher of pupils[0:3]
    other_teacher: Actor  # care teacher of pupils[3:5], no class
    class_ids: list[int]
    pupil_ids: list[int] = field(default_factory=list)
    unassigned_pupil_id: int = 0  # left-behind, in class 2, nobody's


def _staff(school, name, login, role, post="") -> Staff:
    return Staff.create(school=school, name=name, login=login, role=role, password_hash=_HASH, post=post)


def add_pupil(school_id: int, class_id: int, no: str, name: str, *, left_behind=True,
              birth=dt.date(2015, 5, 1), pinyin="", initials="") -> int:
    pupil = Pupil.create(
        school=school_id, school_class=class_id, student_no=no, name=name, gender="f",
        birth_date=birth, left_behind=left_behind, name_pinyin=pinyin, name_initials=initials,
        enrolled_on=dt.date(2021, 9, 1),
    )
    Guardian.create(pupil=pupil, relation="father", name=name[0] + "父", away=left_behind, work_place="广东东莞")
    Guardian.create(pupil=pupil, relation="mother", name="母亲" + no, away=left_behind, work_place="浙江宁波")
    Guardian.create(pupil=pupil, relation="grandmother", name="祖母" + no, day_to_day=True, entrusted=True)
    return pupil.id


def assign(school_id: int, pupil_id: int, teacher: Actor, start=dt.date(2026, 9, 1)) -> None:
    CareAssignment.create(school=school_id, pupil=pupil_id, teacher=teacher.staff_id, start_on=start)


def build_small_school(name: str = "青石镇中心小学", prefix: str = "") -> SmallSchool:
    school = School.create(name=name)
    coordinator = _staff(school, "周协调", f"{prefix}coord", "coordinator", "政教主任")
    principal = _staff(school, "吴校长", f"{prefix}head", "principal", "校长")
    teacher = _staff(school, "郑老师", f"{prefix}zheng", "teacher", "班主任")
    other = _staff(school, "王老师", f"{prefix}wang", "teacher", "科任教师")
    class1 = SchoolClass.create(school=school, grade=3, number=1, name="三年级(1)班", homeroom_teacher=teacher)
    class2 = SchoolClass.create(school=school, grade=4, number=2, name="四年级(2)班")
    built = SmallSchool(
        school_id=school.id, coordinator=actor_for(coordinator), principal=actor_for(principal),
        teacher=actor_for(teacher), other_teacher=actor_for(other), class_ids=[class1.id, class2.id],
    )
    names = [("张小三", "zhangxiaosan", "zxs"), ("李思思", "lisisi", "lss"), ("陈一鸣", "chenyiming", "cym"),
             ("刘洋洋", "liuyangyang", "lyy"), ("黄丽丽", "huanglili", "hll")]
    for i, (pname, pinyin, initials) in enumerate(names):
        class_id = class1.id if i < 3 else class2.id
        built.pupil_ids.append(add_pupil(school.id, class_id, f"{prefix}S{i + 1:03d}", pname,
                                         pinyin=pinyin, initials=initials))
    for pid in built.pupil_ids[:3]:
        assign(school.id, pid, built.teacher)
    for pid in built.pupil_ids[3:]:
        assign(school.id, pid, built.other_teacher)
    built.unassigned_pupil_id = add_pupil(school.id, class2.id, f"{prefix}S099", "孙未分", pinyin="sunweifen",
                                          initials="swf")
    return built
