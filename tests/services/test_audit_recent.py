"""The audit log the admin screen shows: newest first, naming who did it, only the actor's school."""
from __future__ import annotations

import pytest

from schoolcare.services import audit
from schoolcare.services.accounts import auth
from schoolcare.services.errors import PermissionDenied
from schoolcare.services.tx import writing
from tests.factories import PASSWORD, build_small_school


def test_recent_names_the_actor_newest_first(school):
    auth.authenticate("zheng", PASSWORD)
    with writing():
        audit.record(None, "create", "school", school.school_id, school_id=school.school_id)
    rows = audit.recent(school.coordinator)
    assert [(r.actor, r.action) for r in rows[:2]] == [("", "create"), ("郑老师", "login")]


def test_recent_stays_in_the_actors_school(school):
    other = build_small_school("白云乡小学", prefix="b_")
    auth.authenticate("b_zheng", PASSWORD)
    assert audit.recent(school.coordinator) == []
    assert [r.actor for r in audit.recent(other.principal)] == ["郑老师"]


def test_teachers_do_not_read_the_audit_log(school):
    with pytest.raises(PermissionDenied):
        audit.recent(school.teacher)


def test_the_log_is_filtered_by_pupil_user_and_dates(school):
    import datetime as dt

    from schoolcare.services.errors import NotFound, ValidationError
    from schoolcare.services.registry import pupils
    from schoolcare.ui.accounts.audit_log import sentence

    pupils.update_pupil(school.coordinator, school.pupil_ids[0], {"enrolled_on": "2026-09-01"})
    with writing():
        audit.record(school.teacher, "create", "family_call", 7, pupil_id=school.pupil_ids[1])
    mine = audit.search(school.coordinator, pupil="S001")
    assert [(r.action, r.pupil) for r in mine] == [("update", "张小三")]
    assert sentence(mine[0], "en") == "周协调 changed pupil 张小三: Enrolled on 2021-09-01 → 2026-09-01"
    assert sentence(mine[0], "zh-CN") == "周协调 修改了学生 张小三：入学日期 2021-09-01 → 2026-09-01"
    assert [r.actor for r in audit.recent(school.coordinator, staff_id=school.teacher.staff_id)] == ["郑老师"]
    today = dt.date.today()
    assert len(audit.recent(school.coordinator, since=today, until=today)) == 2
    assert audit.recent(school.coordinator, until=today - dt.timedelta(days=1)) == []
    with pytest.raises(ValidationError) as bad:
        audit.search(school.coordinator, since="2026-02-30")
    assert bad.value.field == "since"
    with pytest.raises(NotFound):
        audit.search(school.coordinator, pupil="无此人")
