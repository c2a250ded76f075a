"""A school too big to hold as rows is searched in its search keys: the same pupils, in the same order, as SQL finds."""
from __future__ import annotations

import pytest

from schoolcare.domain.registry import PupilQuery
from schoolcare.services.registry import pupil_list
from tests.factories import add_pupil

MORE = [("张子涵", "zhangzihan", "zzh"), ("张晓", "zhangxiao", "zx"), ("李晓明", "lixiaoming", "lxm"),
        ("王小雨", "wangxiaoyu", "wxy"), ("赵三", "zhaosan", "zs"), ("陈晨", "chenchen", "cc")]


@pytest.fixture
def bigger(school):
    for n, (name, pinyin, initials) in enumerate(MORE):
        add_pupil(school.school_id, school.class_ids[n % 2], f"S2{n:02d}", name, pinyin=pinyin, initials=initials)
    return school


@pytest.mark.parametrize("sort", ["class", "name", "care_teacher", "student_no"])
@pytest.mark.parametrize("typed", ["", "z", "zh", "zhang", "李", "S00", "s2", "x", "晓", "  ZX ", "nobody"])
def test_the_search_keys_find_what_the_sql_search_finds(bigger, typed, sort):
    actor = bigger.coordinator
    index = pupil_list.search_index(actor, PupilQuery(sort=sort))
    for limit in (1, 3, 50):
        in_sql = pupil_list.list_pupils(actor, PupilQuery(search=typed, sort=sort, limit=limit))
        ids, total = index.find(typed, limit)
        assert list(ids) == [row.id for row in in_sql.rows]
        assert total == in_sql.total == pupil_list.count_pupils(actor, PupilQuery(search=typed))


def test_the_page_found_is_fetched_in_its_order_and_only_within_reach(bigger):
    everyone = pupil_list.list_pupils(bigger.coordinator).rows
    wanted = [row.id for row in reversed(everyone[:4])]
    assert [row.id for row in pupil_list.pupils_by_id(bigger.coordinator, wanted)] == wanted
    assert pupil_list.pupils_by_id(bigger.coordinator, wanted)[0] == everyone[3]  # the same row the list shows
    # A teacher's keys and pages hold their own pupils only, whatever ids are asked for.
    own = {row.id for row in pupil_list.list_pupils(bigger.teacher).rows}
    assert set(pupil_list.search_index(bigger.teacher).ids) == own
    assert {row.id for row in pupil_list.pupils_by_id(bigger.teacher, [row.id for row in everyone])} == own
