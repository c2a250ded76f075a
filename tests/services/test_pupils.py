"""The pupil registry as a coordinator and a teacher use it: list, filter, search by pinyin, the file, edits that validate."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.registry import PupilQuery
from schoolcare.i18n import reason
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.registry import pupil_list, pupils
from schoolcare.services.registry.pupil_file import pupil_file, timeline
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    AuditEntry,
    FamilyCall,
    Guardian,
    HomeVisit,
    Incident,
    Pupil,
    TeacherTalk,
)
from tests.factories import add_pupil

TODAY = dt.date(2026, 11, 28)
TERM = dict(term_start=dt.date(2026, 9, 1), term_end=dt.date(2027, 1, 22))


def names(page) -> list[str]:
    return [row.name for row in page.rows]


def new_pupil(actor, name="张三", no="S200", father_away=True, mother_away=True, **extra):
    data = {"student_no": no, "name": name, "gender": "男", "birth_date": "2014年3月5日", **extra}
    family = [
        {"relation": "父亲", "name": "张父", "away": father_away, "phone": "１３８ ００００ ０１２３", "work_place": "广东深圳"},
        {"relation": "母亲", "name": "李母", "away": mother_away},
        {"relation": "奶奶", "name": "王奶奶", "entrusted": True, "phone": "0851-1234567"},
    ]
    return pupils.create_pupil(actor, data, family, today=TODAY)


def test_coordinator_lists_everyone_teacher_only_their_own(school):
    assert pupil_list.list_pupils(school.coordinator).total == 6
    mine = pupil_list.list_pupils(school.teacher)
    assert {r.id for r in mine.rows} == set(school.pupil_ids[:3])
    assert all(r.care_teacher == "郑老师" for r in mine.rows)


def test_filters_by_class_teacher_and_no_care_teacher(school):
    by_class = pupil_list.list_pupils(school.coordinator, PupilQuery(class_id=school.class_ids[1]))
    assert set(names(by_class)) == {"刘洋洋", "黄丽丽", "孙未分"}
    by_teacher = pupil_list.list_pupils(school.coordinator, PupilQuery(care_teacher_id=school.other_teacher.staff_id))
    assert set(names(by_teacher)) == {"刘洋洋", "黄丽丽"}
    nobody = pupil_list.list_pupils(school.coordinator, PupilQuery(no_care_teacher=True))
    assert names(nobody) == ["孙未分"]


def test_filters_by_category_and_status(school):
    Pupil.update(in_difficulty=True).where(Pupil.id == school.pupil_ids[1]).execute()
    Pupil.update(status="transferred").where(Pupil.id == school.pupil_ids[4]).execute()
    assert names(pupil_list.list_pupils(school.coordinator, PupilQuery(category="in_difficulty"))) == ["李思思"]
    assert names(pupil_list.list_pupils(school.coordinator, PupilQuery(status="transferred"))) == ["黄丽丽"]
    assert pupil_list.list_pupils(school.coordinator, PupilQuery(status=None)).total == 6
    assert pupil_list.list_pupils(school.coordinator, PupilQuery(category="other")).total == 0


def test_turning_16_this_term(school):
    add_pupil(school.school_id, school.class_ids[1], "S150", "赵大年", birth=dt.date(2010, 12, 1))
    add_pupil(school.school_id, school.class_ids[1], "S151", "钱早生", birth=dt.date(2010, 6, 1))  # already 16
    page = pupil_list.list_pupils(school.coordinator, PupilQuery(turning_16=True, **TERM), today=TODAY)
    assert names(page) == ["赵大年"]
    assert page.rows[0].review == ("turns_16_this_term",)


def test_sorting_by_name_follows_pinyin_and_can_be_reversed(school):
    ordered = names(pupil_list.list_pupils(school.coordinator, PupilQuery(sort="name")))
    assert ordered == ["陈一鸣", "黄丽丽", "李思思", "刘洋洋", "孙未分", "张小三"]
    reverse = names(pupil_list.list_pupils(school.coordinator, PupilQuery(sort="name", descending=True)))
    assert reverse == ordered[::-1]
    by_teacher = pupil_list.list_pupils(school.coordinator, PupilQuery(sort="care_teacher")).rows
    assert by_teacher[0].care_teacher == ""  # the unassigned pupil sorts first, where it is seen


def test_page_limit_keeps_the_total(school):
    page = pupil_list.list_pupils(school.coordinator, PupilQuery(sort="student_no", limit=2, offset=2))
    assert page.total == 6 and [r.student_no for r in page.rows] == ["S003", "S004"]


@pytest.mark.parametrize("typed", ["zhangs", "zs", "ZS", "张三", "zhang san", "S200"])
def test_search_by_pinyin_initials_name_or_number(school, typed):
    new_pupil(school.coordinator)
    found = names(pupil_list.list_pupils(school.coordinator, PupilQuery(search=typed)))
    assert "张三" in found
    assert "李思思" not in found


def test_quick_find_puts_the_exact_initials_first(school):
    new_pupil(school.coordinator)  # 张三: zs, also a prefix of nobody else
    add_pupil(school.school_id, school.class_ids[0], "S201", "周三顺", pinyin="zhousanshun", initials="zss")
    best = pupil_list.find_pupils(school.coordinator, "zs")
    assert [r.name for r in best][:2] == ["张三", "周三顺"]


def test_teacher_search_never_reaches_other_pupils(school):
    assert names(pupil_list.list_pupils(school.teacher, PupilQuery(search="lyy"))) == []
    assert pupil_list.find_pupils(school.teacher, "刘洋洋") == []
    assert names(pupil_list.list_pupils(school.other_teacher, PupilQuery(search="lyy"))) == ["刘洋洋"]
    assert pupil_list.list_pupils(school.teacher, PupilQuery(care_teacher_id=school.other_teacher.staff_id)).total == 0


def test_create_pupil_derives_left_behind_and_search_keys(school):
    pid = new_pupil(school.coordinator)
    pupil = Pupil.get_by_id(pid)
    assert (pupil.name_pinyin, pupil.name_initials) == ("zhangsan", "zs")
    assert pupil.left_behind and pupil.birth_date == dt.date(2014, 3, 5)
    father = Guardian.get((Guardian.pupil == pid) & (Guardian.relation == "father"))
    assert father.phone == "13800000123"
    grandmother = Guardian.get((Guardian.pupil == pid) & (Guardian.relation == "grandmother"))
    assert grandmother.day_to_day and grandmother.phone == "0851-1234567"
    assert AuditEntry.select().where((AuditEntry.pupil == pid) & (AuditEntry.action == "create")).count() == 4


def test_left_behind_cannot_be_typed(school):
    with pytest.raises(ValidationError) as caught:
        pupils.create_pupil(school.coordinator, {"student_no": "S9", "name": "甲", "gender": "f",
                                                 "birth_date": "2015-01-01", "left_behind": True}, today=TODAY)
    assert (caught.value.field, caught.value.code) == ("left_behind", "unknown_field")


def test_one_parent_home_with_full_capacity_is_not_left_behind(school):
    pid = new_pupil(school.coordinator, mother_away=False)
    assert not Pupil.get_by_id(pid).left_behind


def test_a_rejected_save_names_the_field_and_saves_nothing(school):
    before = Pupil.select().count()
    with pytest.raises(ValidationError) as caught:
        pupils.create_pupil(school.coordinator, {"student_no": "S300", "name": "王五", "gender": "男",
                                                 "birth_date": "2014-03-05"},
                            [{"relation": "father", "name": "王父", "phone": "1381234"}], today=TODAY)
    assert caught.value.field == "phone" and caught.value.code == "phone_mobile"
    with pytest.raises(ValidationError) as caught:
        pupils.create_pupil(school.coordinator, {"student_no": "S001", "name": "重号", "gender": "女",
                                                 "birth_date": "2014.3.5"}, today=TODAY)
    assert (caught.value.field, caught.value.code) == ("student_no", "registry.student_no_taken")
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "学号 S001 在本校已有学生使用"
    with pytest.raises(ValidationError) as caught:
        pupils.create_pupil(school.coordinator, {"student_no": "S" * 41, "name": "长号", "gender": "女",
                                                 "birth_date": "2014.3.5"}, today=TODAY)
    assert (caught.value.field, caught.value.code, caught.value.params["limit"]) == ("student_no", "too_long", 40)
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "最多 40 个字"
    assert Pupil.select().count() == before


def test_update_renames_and_audits(school):
    pid = school.pupil_ids[0]
    changes = pupils.update_pupil(school.teacher, pid, {"name": "张晓三", "address": "青石镇 二组"}, today=TODAY)
    assert changes["name"] == ["张小三", "张晓三"]
    assert Pupil.get_by_id(pid).name_initials == "zxs" and Pupil.get_by_id(pid).name_pinyin == "zhangxiaosan"
    entry = AuditEntry.select().where((AuditEntry.pupil == pid) & (AuditEntry.action == "update")).get()
    assert entry.actor_id == school.teacher.staff_id
    assert pupils.update_pupil(school.teacher, pid, {"address": "青石镇 二组"}, today=TODAY) == {}


def test_teacher_and_principal_cannot_edit_what_they_may_not(school):
    with pytest.raises(NotFound):
        pupils.update_pupil(school.teacher, school.pupil_ids[3], {"address": "x"}, today=TODAY)
    with pytest.raises(PermissionDenied):
        pupils.update_pupil(school.principal, school.pupil_ids[0], {"address": "x"}, today=TODAY)
    other_guardian = Guardian.get(Guardian.pupil == school.pupil_ids[3])
    with pytest.raises(NotFound):
        pupils.update_guardian(school.teacher, other_guardian.id, {"phone": "13912345678"})


def test_a_parent_coming_home_flags_the_pupil_for_review(school):
    pid = school.pupil_ids[0]
    mother = Guardian.get((Guardian.pupil == pid) & (Guardian.relation == "mother"))
    pupils.update_guardian(school.teacher, mother.id, {"away": "否"}, today=TODAY)
    pupil = Pupil.get_by_id(pid)
    assert not pupil.left_behind and pupil.left_behind_review == "parent_returned"
    review = pupil_list.list_pupils(school.coordinator, PupilQuery(needs_review=True, **TERM), today=TODAY)
    assert names(review) == ["张小三"] and review.rows[0].review == ("parent_returned",)
    verdict = pupil_file(school.coordinator, pid, TERM["term_end"], today=TODAY).verdict
    assert verdict.mother_away is False and "parent_returned" in verdict.review
    pupils.confirm_review(school.coordinator, pid)
    assert pupil_list.list_pupils(school.coordinator, PupilQuery(needs_review=True, **TERM), today=TODAY).total == 0


def test_only_one_day_to_day_guardian(school):
    pid = school.pupil_ids[0]
    new = pupils.add_guardian(school.teacher, pid, {"relation": "other", "name": "舅舅", "day_to_day": True,
                                                    "phone": "13912345678"})
    day_to_day = [g.id for g in Guardian.select().where((Guardian.pupil == pid) & Guardian.day_to_day)]
    assert day_to_day == [new]


def test_situation_notes_keep_their_history(school):
    pid = school.pupil_ids[0]
    pupils.add_situation_note(school.teacher, pid, "family", "父母在东莞打工", "2026-09-05", today=TODAY)
    pupils.add_situation_note(school.teacher, pid, "family", "母亲已回乡照顾", "2026年11月20日", today=TODAY)
    pupils.add_situation_note(school.teacher, pid, "psychological", "情绪稳定", None, today=TODAY)
    file = pupil_file(school.teacher, pid, today=TODAY)
    assert file.current_note("family").text == "母亲已回乡照顾"
    assert [n.text for n in file.note_history("family")] == ["母亲已回乡照顾", "父母在东莞打工"]
    assert file.current_note("psychological").noted_on == TODAY
    with pytest.raises(ValidationError) as caught:
        pupils.add_situation_note(school.teacher, pid, "family", "  ", None, today=TODAY)
    assert caught.value.field == "text"


def _records(school, pid):
    FamilyCall.create(school=school.school_id, pupil=pid, date=dt.date(2026, 11, 2), with_whom="mother",
                      duration_min=10, recorded_by=school.teacher.staff_id, notes="和妈妈视频")
    TeacherTalk.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=dt.date(2026, 11, 20),
                       topic="学习压力")
    HomeVisit.create(school=school.school_id, pupil=pid, teacher=school.teacher.staff_id, date=dt.date(2026, 10, 15),
                     family_findings="祖母身体尚可")
    activity = Activity.create(school=school.school_id, scope="class", kind="class_meeting", date=dt.date(2026, 11, 10),
                               title="感恩主题班会", school_class=school.class_ids[0])
    ActivityAttendance.create(activity=activity, pupil=pid)
    Incident.create(school=school.school_id, pupil=pid, kind="absence", occurred_at=dt.datetime(2026, 11, 25, 8, 0),
                    description="无故旷课一天")


def test_pupil_file_has_everything_and_the_timeline_newest_first(school):
    pid = school.pupil_ids[0]
    _records(school, pid)
    file = pupil_file(school.teacher, pid, today=TODAY)
    assert file.profile.class_name == "三年级(1)班" and file.profile.age == 11
    assert [g.relation for g in file.guardians] == ["father", "mother", "grandmother"]
    assert file.care_teacher.teacher == "郑老师"
    assert [e.kind for e in file.timeline] == ["incident", "teacher_talk", "activity", "family_call", "home_visit"]
    assert file.timeline[-1].summary == "祖母身体尚可"
    assert file.verdict.left_behind and file.verdict.father_away and file.verdict.mother_away
    assert file.warnings == ()


def test_another_teachers_pupil_file_and_timeline_are_not_found(school):
    pid = school.pupil_ids[3]
    _records(school, pid)
    with pytest.raises(NotFound):
        pupil_file(school.teacher, pid, today=TODAY)
    with pytest.raises(NotFound):
        timeline(school.teacher, pid)
    assert len(timeline(school.other_teacher, pid)) == 5


def test_unassigned_left_behind_pupil_file_warns(school):
    file = pupil_file(school.coordinator, school.unassigned_pupil_id, today=TODAY)
    assert "unassigned" in file.warnings


@pytest.mark.parametrize("typed", ["z", "zs", "zhang", "李", "S00", "s2", "lyy", "xiao", "三", "  ZX "])
def test_the_in_memory_search_agrees_with_the_sql_search(school, typed):
    from schoolcare.domain.registry import matches

    new_pupil(school.coordinator)
    everyone = pupil_list.list_pupils(school.coordinator).rows
    in_sql = {r.id for r in pupil_list.list_pupils(school.coordinator, PupilQuery(search=typed)).rows}
    assert {r.id for r in everyone if matches(r, typed)} == in_sql


def test_a_new_pupil_is_enrolled_from_the_day_they_are_entered(school):
    pid = new_pupil(school.coordinator)
    assert Pupil.get_by_id(pid).enrolled_on == TODAY
    given = new_pupil(school.coordinator, name="李四", no="S201", enrolled_on="2026-09-01")
    assert Pupil.get_by_id(given).enrolled_on == dt.date(2026, 9, 1)


def test_the_enrolment_date_once_known_is_never_emptied(school):
    pid = new_pupil(school.coordinator)
    with pytest.raises(ValidationError) as refused:
        pupils.update_pupil(school.coordinator, pid, {"enrolled_on": ""}, today=TODAY)
    assert (refused.value.code, refused.value.field) == ("required", "enrolled_on")


def test_leaving_without_a_date_leaves_today_and_not_before_joining(school):
    pid = new_pupil(school.coordinator, enrolled_on="2026-10-01")
    with pytest.raises(ValidationError) as refused:
        pupils.update_pupil(school.coordinator, pid, {"status": "转出", "left_on": "2026-09-20"}, today=TODAY)
    assert (refused.value.code, refused.value.field) == ("registry.left_before_enrolled", "left_on")
    pupils.update_pupil(school.coordinator, pid, {"status": "辍学"}, today=TODAY)
    left = Pupil.get_by_id(pid)
    assert (left.status, left.left_on) == ("dropped_out", TODAY)
