"""Finding care records of any period: filters by pupil, class, kind, dates and recorder, scoped, paged by keyset."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.record_search import PageMark, RecordFilters
from schoolcare.services.care.finder import filter_choices, find_records
from schoolcare.services.errors import ValidationError
from schoolcare.store.models import Activity, ActivityAttendance, FamilyCall, HomeVisit, TeacherTalk

OLD = dt.date(2022, 3, 14)  # terms ago: older than any "recent" window


def _call(school, pupil, day, by, notes=""):
    return FamilyCall.create(school=school.school_id, pupil=pupil, date=day, recorded_by=by.staff_id, notes=notes).id


def _talk(school, pupil, day, by, topic="学习"):
    return TeacherTalk.create(school=school.school_id, pupil=pupil, date=day, recorded_by=by.staff_id,
                              teacher=by.staff_id, topic=topic).id


def _visit(school, pupil, day, by):
    return HomeVisit.create(school=school.school_id, pupil=pupil, date=day, recorded_by=by.staff_id,
                            teacher=by.staff_id, visitors=by.name, family_findings="家中整洁").id


def test_a_record_from_years_ago_is_found_by_pupil_and_kind(school):
    p = school.pupil_ids
    old_visit = _visit(school, p[0], OLD, school.teacher)
    _call(school, p[0], OLD, school.teacher)
    _call(school, p[1], dt.date(2026, 11, 2), school.teacher)
    for text in ("张小三", "zxs", "zhangxiao", "S001"):  # name, initials, pinyin, student number
        page = find_records(school.coordinator, RecordFilters(pupil=text, kind="home_visit"))
        assert [(e.kind, e.id, e.date) for e in page.rows] == [("home_visit", old_visit, OLD)], text
        assert page.next is None
    assert {e.pupil_id for e in find_records(school.coordinator, RecordFilters(pupil="zxs")).rows} == {p[0]}


def test_filters_by_class_dates_and_recorder(school):
    p = school.pupil_ids
    in_class1 = _call(school, p[0], dt.date(2023, 5, 1), school.teacher)
    in_class2 = _call(school, p[3], dt.date(2023, 5, 2), school.other_teacher)
    late = _talk(school, p[3], dt.date(2024, 1, 9), school.other_teacher)
    c1, c2 = school.class_ids
    ids = lambda f: [e.id for e in find_records(school.coordinator, f).rows]  # noqa: E731
    assert ids(RecordFilters(class_id=c1)) == [in_class1]
    assert ids(RecordFilters(class_id=c2, kind="family_call")) == [in_class2]
    assert ids(RecordFilters(start="2023-05-02", end="2023年12月31日")) == [in_class2]
    assert ids(RecordFilters(recorder_id=school.other_teacher.staff_id)) == [late, in_class2]
    assert ids(RecordFilters(recorder_id=school.other_teacher.staff_id, kind="teacher_talk")) == [late]


def test_withdrawn_records_are_listed_marked(school):
    call = FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=OLD, withdrawn=True,
                             withdrawn_reason="记错了学生", recorded_by=school.teacher.staff_id)
    (entry,) = find_records(school.coordinator, RecordFilters()).rows
    assert entry.id == call.id and entry.withdrawn and not entry.counts
    assert entry.details["reason"] == "记错了学生"


def test_a_teacher_finds_only_records_of_their_own_pupils(school):
    mine = _call(school, school.pupil_ids[0], OLD, school.coordinator)
    _call(school, school.pupil_ids[4], OLD, school.coordinator)  # 王老师's pupil, in a class 郑老师 does not lead
    assert [e.id for e in find_records(school.teacher, RecordFilters()).rows] == [mine]
    assert find_records(school.teacher, RecordFilters(pupil="hll")).rows == ()


def test_activities_by_class_and_by_pupil_who_attended(school):
    c1, c2 = school.class_ids
    meeting = Activity.create(school=school.school_id, school_class=c1, scope="class", kind="class_meeting",
                              date=OLD, title="安全教育", organiser=school.teacher.staff_id)
    ActivityAttendance.create(activity=meeting, pupil=school.pupil_ids[1])
    Activity.create(school=school.school_id, school_class=c2, scope="class", kind="class_meeting", date=OLD,
                    title="四年级班会")
    found = find_records(school.coordinator, RecordFilters(pupil="lss", kind="activity")).rows
    assert [(e.id, e.pupil_name) for e in found] == [(meeting.id, "三年级(1)班")]
    assert [e.id for e in find_records(school.teacher, RecordFilters(kind="activity")).rows] == [meeting.id]


def test_pages_follow_each_other_without_gaps_or_repeats(school):
    p = school.pupil_ids
    made = set()
    for n in range(7):  # several kinds on the same days, so the order's tie-breaks are exercised
        day = dt.date(2025, 3, 1) + dt.timedelta(days=n // 3)
        made.add(("family_call", _call(school, p[n % 5], day, school.teacher)))
        made.add(("teacher_talk", _talk(school, p[n % 5], day, school.teacher)))
        made.add(("home_visit", _visit(school, p[n % 5], day, school.teacher)))
    seen: list[tuple[str, int]] = []
    mark: PageMark | None = None
    pages = 0
    while True:
        page = find_records(school.coordinator, RecordFilters(), mark, size=4)
        assert len(page.rows) <= 4
        seen += [(e.kind, e.id) for e in page.rows]
        pages += 1
        if page.next is None:
            break
        mark = page.next
    assert pages == 6 and len(seen) == 21 and set(seen) == made
    dates = [e.date for e in find_records(school.coordinator, RecordFilters(), size=50).rows]
    assert dates == sorted(dates, reverse=True)


def test_a_wrong_date_or_kind_is_refused_on_its_field(school):
    with pytest.raises(ValidationError) as error:
        find_records(school.coordinator, RecordFilters(start="2025-02-30"))
    assert error.value.field == "records_start"
    with pytest.raises(ValidationError) as error:
        find_records(school.coordinator, RecordFilters(start="2025-03-01", end="2025-02-01"))
    assert error.value.code == "care.search.end_before_start" and error.value.field == "records_end"
    with pytest.raises(ValidationError) as error:
        find_records(school.coordinator, RecordFilters(kind="incident"))
    assert error.value.field == "kind"


def test_filter_choices_are_scoped(school):
    assert [c.name for c in filter_choices(school.coordinator).classes] == ["三年级(1)班", "四年级(2)班"]
    assert [c.name for c in filter_choices(school.teacher).classes] == ["三年级(1)班"]
    assert "王老师" in [s.name for s in filter_choices(school.teacher).staff]
