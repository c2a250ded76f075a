"""Who counts as a left-behind pupil (留守儿童), derived from the parents' situation and age, never typed."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

AGE_LIMIT = 16


@dataclass(frozen=True)
class ParentSituation:
    relation: str  # father | mother
    away: bool
    capacity: str  # full | limited | none


@dataclass(frozen=True)
class LeftBehindVerdict:
    """The result with the inputs that produced it, so screens can show why."""

    left_behind: bool
    age: int
    father_away: bool | None
    mother_away: bool | None
    father_capable: bool | None
    mother_capable: bool | None
    review: tuple[str, ...]  # reasons to review: turns_16_this_term, parent_returned


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def turns_16_between(birth: dt.date, start: dt.date, end: dt.date) -> bool:
    try:
        birthday = birth.replace(year=birth.year + AGE_LIMIT)
    except ValueError:  # born 29 February
        birthday = dt.date(birth.year + AGE_LIMIT, 3, 1)
    return start <= birthday <= end


def left_behind_verdict(
    birth: dt.date,
    parents: list[ParentSituation],
    today: dt.date,
    term_end: dt.date | None = None,
    was_left_behind: bool = False,
) -> LeftBehindVerdict:
    """Both parents away, or one away and the other without guardianship capacity, and under 16."""
    father = next((p for p in parents if p.relation == "father"), None)
    mother = next((p for p in parents if p.relation == "mother"), None)

    def away(p: ParentSituation | None) -> bool:
        # A parent who is absent from the file (deceased, unknown) cannot look after the child.
        return True if p is None else p.away

    def capable(p: ParentSituation | None) -> bool:
        return False if p is None else p.capacity == "full"

    age = age_on(birth, today)
    f_away, m_away = away(father), away(mother)
    parents_away = (f_away and m_away) or (f_away and not capable(mother)) or (m_away and not capable(father))
    result = parents_away and age < AGE_LIMIT
    review: list[str] = []
    if term_end and age < AGE_LIMIT and turns_16_between(birth, today, term_end) and result:
        review.append("turns_16_this_term")
    if was_left_behind and not result and age < AGE_LIMIT:
        review.append("parent_returned")
    return LeftBehindVerdict(
        left_behind=result,
        age=age,
        father_away=None if father is None else father.away,
        mother_away=None if mother is None else mother.away,
        father_capable=None if father is None else capable(father),
        mother_capable=None if mother is None else capable(mother),
        review=tuple(review),
    )


# ---------------------------------------------------------------- reading a parent's work place

# What schools write in 务工地点 for a parent who lives at home: local words, farming, "none".
HOME_EXACT = frozenset({"无", "没有", "否", "不", "/", "-", "--", "—", "——", "无外出", "未外出", "none", "no", "home", "local"})
HOME_PREFIXES = ("本地", "本村", "本组", "本乡", "本镇", "本县", "当地", "在家", "家中", "居家", "家里", "回家", "返乡", "在本")
HOME_WORDS = ("在家", "务农", "种地", "种田", "家中", "居家", "本地", "本村", "本镇", "本乡", "本县", "未外出", "没外出", "不外出")
AWAY_WORDS = ("外出", "在外", "外地", "外省", "省外", "县外", "外县", "打工", "务工")


def _clean(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().lower().replace(" ", "")


def works_away(place: object) -> bool:
    """Whether a parent's work place (父亲务工地点 …) means working away: 广东省东莞市 → yes; 在家务农, 本村, 无, blank → no."""
    return not _at_home(_clean(place))


def _at_home(text: str) -> bool:
    # Any other text is a place (广东省东莞市, 浙江义乌) or says away (在外务工): the parent works away.
    return not text or text in HOME_EXACT or text.startswith(HOME_PREFIXES) or any(w in text for w in HOME_WORDS)


def away_answer(answer: object) -> bool | None:
    """An explicit 是否外出 cell written in words rather than 是 / 否 (外出务工, 在家务农); None when it says neither."""
    text = _clean(answer)
    if not text:
        return None
    if _at_home(text):
        return False
    if any(word in text for word in AWAY_WORDS):
        return True
    return None
