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
