"""Left-behind status is derived from the parents and the age, with the inputs kept for display."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain.eligibility import ParentSituation as P
from schoolcare.domain.eligibility import age_on, away_answer, left_behind_verdict, turns_16_between, works_away

TODAY = dt.date(2026, 11, 28)
TERM_END = dt.date(2027, 1, 22)


def verdict(father, mother, birth=dt.date(2015, 6, 1), **kw):
    parents = [p for p in (father and P("father", *father), mother and P("mother", *mother)) if p]
    return left_behind_verdict(birth, parents, TODAY, TERM_END, **kw)


def test_both_parents_away_under_16_is_left_behind():
    result = verdict((True, "full"), (True, "full"))
    assert result.left_behind and result.father_away and result.mother_away and result.age == 11


def test_one_away_and_the_other_without_capacity_is_left_behind():
    assert verdict((True, "full"), (False, "none")).left_behind
    assert verdict((False, "limited"), (True, "full")).left_behind


def test_one_away_and_the_other_capable_at_home_is_not():
    assert not verdict((True, "full"), (False, "full")).left_behind


def test_both_at_home_is_not_even_if_one_lacks_capacity():
    assert not verdict((False, "none"), (False, "full")).left_behind


def test_sixteen_and_over_no_longer_counts():
    assert not verdict((True, "full"), (True, "full"), birth=dt.date(2010, 11, 1)).left_behind


def test_turning_16_this_term_is_flagged_for_review():
    result = verdict((True, "full"), (True, "full"), birth=dt.date(2011, 1, 10))
    assert result.left_behind and result.review == ("turns_16_this_term",)


def test_parent_who_came_home_is_flagged_for_review():
    result = verdict((True, "full"), (False, "full"), was_left_behind=True)
    assert not result.left_behind and result.review == ("parent_returned",)


def test_a_missing_parent_cannot_look_after_the_child():
    result = verdict((True, "full"), None)
    assert result.left_behind and result.mother_away is None


def test_age_and_leap_day_birthdays():
    assert age_on(dt.date(2012, 2, 29), dt.date(2028, 2, 28)) == 15
    assert age_on(dt.date(2012, 2, 29), dt.date(2028, 2, 29)) == 16
    assert turns_16_between(dt.date(2011, 2, 28), dt.date(2027, 2, 1), dt.date(2027, 3, 1))


@pytest.mark.parametrize("place", ["广东省东莞市", "浙江义乌", "在外务工", "外出务工", "上海", "福建 厦门", "新疆"])
def test_a_work_place_away_from_home_means_away(place):
    assert works_away(place)


@pytest.mark.parametrize("place", ["在家", "在家务农", "务农", "本地", "本村", "本镇", "本县", "无", "", None, "  ",
                                   "本地务工", "在家带孩子", "—", "未外出"])
def test_home_words_and_an_empty_place_mean_at_home(place):
    assert not works_away(place)


@pytest.mark.parametrize(("answer", "away"), [("外出务工", True), ("打工", True), ("在家务农", False), ("在家", False),
                                              ("也许", None), ("", None)])
def test_an_away_column_in_words(answer, away):
    assert away_answer(answer) is away
