"""The pupil list: filter, sort and search in SQL (a page at a time), the search index, quick find."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.eligibility import AGE_LIMIT, age_on, turns_16_between
from schoolcare.domain.registry import CATEGORIES, SORTS, STATUSES, PupilPage, PupilQuery, PupilRow, SearchIndex
from schoolcare.domain.roles import Actor
from schoolcare.services.access import pupil_scope
from schoolcare.services.errors import ValidationError
from schoolcare.store.models import CareAssignment, Pupil, SchoolClass, Staff

EVERY_ENROLLED = PupilQuery()  # the list's default: every enrolled pupil in reach, by class


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _list_query(actor: Actor, query: PupilQuery) -> tuple[pw.ModelSelect, pw.Expression, object, object]:
    current = CareAssignment.alias("current")
    teacher = Staff.alias("care_teacher")
    where = pupil_scope(actor)
    if query.status:
        if query.status not in STATUSES:
            raise ValidationError("choice", "status", allowed=", ".join(STATUSES))
        where &= Pupil.status == query.status
    if query.class_id is not None:
        where &= Pupil.school_class == query.class_id
    if query.category:
        where &= _category(query.category)
    if query.care_teacher_id is not None:
        where &= current.teacher == query.care_teacher_id
    if query.no_care_teacher:
        where &= current.id.is_null()
    if query.turning_16 or query.needs_review:
        if query.term_start is None or query.term_end is None:
            raise ValidationError("registry.term_dates_needed", "term")
        # Born between (start - 16 years) and (end - 16 years): the 16th birthday falls in the term.
        turning = Pupil.birth_date.between(_years_ago(query.term_start, AGE_LIMIT), _years_ago(query.term_end, AGE_LIMIT))
        if query.needs_review:
            where &= (turning & (Pupil.left_behind == True)) | (Pupil.left_behind_review != "")  # noqa: E712
        else:
            where &= turning
    search = validation.normalise_text(query.search).lower()  # the relevance order ranks by it too
    matching = search_clause(search)
    if matching is not None:
        where &= matching
    select = (
        Pupil.select(
            Pupil.id, Pupil.student_no, Pupil.name, Pupil.name_pinyin, Pupil.name_initials, Pupil.gender,
            Pupil.birth_date, Pupil.school_class, Pupil.status, Pupil.boarding, Pupil.left_behind,
            Pupil.left_behind_review, Pupil.in_difficulty, Pupil.migrant, Pupil.poverty, Pupil.special_needs,
            Pupil.left_on, SchoolClass.name.alias("class_name"), current.teacher.alias("teacher_id"), teacher.name.alias("teacher_name"),
        )
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .switch(Pupil)
        .join(current, pw.JOIN.LEFT_OUTER, on=((current.pupil == Pupil.id) & current.end_on.is_null()))
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(current.teacher == teacher.id))
    )
    return select, where, teacher, search


def search_clause(text: str, pupil=Pupil) -> pw.Expression | None:
    """Pupils whose name, pinyin, initials or student number match what was typed (None: nothing typed)."""
    search = validation.normalise_text(text).lower()
    if not search:
        return None
    compact = search.replace(" ", "")
    return (pupil.name.contains(search) | pupil.student_no.contains(compact)
            | pupil.name_pinyin.startswith(compact) | pupil.name_initials.startswith(compact))


def _category(category: str) -> pw.Expression:
    flags = {
        "left_behind": Pupil.left_behind == True,  # noqa: E712
        "in_difficulty": Pupil.in_difficulty == True,  # noqa: E712
        "migrant": Pupil.migrant == True,  # noqa: E712
        "poverty": Pupil.poverty == True,  # noqa: E712
        "special_needs": Pupil.special_needs != "",
    }
    if category == "other":
        clause = ~flags["left_behind"]
        for name in ("in_difficulty", "migrant", "poverty", "special_needs"):
            clause &= ~flags[name]
        return clause
    if category not in flags:
        raise ValidationError("choice", "category", allowed=", ".join(CATEGORIES))
    return flags[category]


def _order(query: PupilQuery, teacher, search: str) -> list:
    if query.sort not in SORTS:
        raise ValidationError("choice", "sort", allowed=", ".join(SORTS))
    columns = {
        "class": [SchoolClass.grade, SchoolClass.number, Pupil.student_no],
        "student_no": [Pupil.student_no],
        "name": [Pupil.name_pinyin, Pupil.name],
        "gender": [Pupil.gender, Pupil.name_pinyin],
        "birth_date": [Pupil.birth_date, Pupil.name_pinyin],
        "care_teacher": [pw.fn.COALESCE(teacher.name, ""), Pupil.name_pinyin],
        "status": [Pupil.status, Pupil.student_no],
        "category": [pw.Case(None, [(Pupil.left_behind == True, 0), (Pupil.in_difficulty == True, 1),  # noqa: E712
                                    (Pupil.migrant == True, 2), (Pupil.poverty == True, 3)], 4), Pupil.student_no],  # noqa: E712
        "relevance": [],
    }[query.sort]
    if query.sort == "relevance" and search:
        compact = search.replace(" ", "")
        # Exact hits first (the initials, number or name typed in full), then prefixes, then the rest.
        rank = pw.Case(None, [
            ((Pupil.name_initials == compact) | (Pupil.student_no == compact) | (Pupil.name == search)
             | (Pupil.name_pinyin == compact), 0),
            (Pupil.name_initials.startswith(compact) | Pupil.name.startswith(search), 1),
            (Pupil.name_pinyin.startswith(compact), 2),
        ], 3)
        columns = [rank, SchoolClass.grade, SchoolClass.number, Pupil.name_pinyin]
    elif query.sort == "relevance":
        columns = [SchoolClass.grade, SchoolClass.number, Pupil.student_no]
    if query.descending:
        columns = [c.desc() for c in columns]
    return [*columns, Pupil.id]


def _row(r: Mapping, today: dt.date, query: PupilQuery, moved: Mapping[int, tuple[str, dt.date]]) -> PupilRow:
    birth = r["birth_date"]
    review: list[str] = []
    if query.term_start and query.term_end and r["left_behind"] and turns_16_between(birth, query.term_start, query.term_end):
        review.append("turns_16_this_term")
    if r["left_behind_review"]:
        review.append(r["left_behind_review"])
    return PupilRow(
        id=r["id"], student_no=r["student_no"], name=r["name"], name_pinyin=r["name_pinyin"],
        name_initials=r["name_initials"], gender=r["gender"], birth_date=birth, age=age_on(birth, today),
        class_id=r["school_class"], class_name=r["class_name"] or "", status=r["status"],
        boarding=bool(r["boarding"]), left_behind=bool(r["left_behind"]), in_difficulty=bool(r["in_difficulty"]),
        migrant=bool(r["migrant"]), poverty=bool(r["poverty"]), special_needs=bool(r["special_needs"]),
        care_teacher_id=r["teacher_id"], care_teacher=r["teacher_name"] or "", review=tuple(review),
        left_on=r["left_on"], moved_to=moved[r["id"]][0] if r["id"] in moved else "",
    )


def list_pupils(actor: Actor, query: PupilQuery = EVERY_ENROLLED, today: dt.date | None = None) -> PupilPage:
    """The pupils the actor may see that match `query`, sorted, one page of them, and how many match."""
    today = today or clock.today()
    select, where, teacher, search = _list_query(actor, query)
    # The total rides along as a window count (evaluated before LIMIT): one statement per keystroke, not two.
    ordered = select.select_extend(pw.fn.COUNT(Pupil.id).over().alias("total")).where(where).order_by(
        *_order(query, teacher, search))
    if query.limit is not None:
        ordered = ordered.limit(query.limit).offset(query.offset)
    found = list(ordered.dicts())
    if found:
        total = found[0]["total"]
    else:
        total = select.where(where).count() if query.offset else 0
    return PupilPage(_rows(found, today, query), total)


def _rows(found: list[Mapping], today: dt.date, query: PupilQuery) -> tuple[PupilRow, ...]:
    transferred = [r["id"] for r in found if r["status"] == "transferred"]
    moved: dict[int, tuple[str, dt.date]] = {}
    if transferred:  # where they went: one more query, only for a list showing pupils who left
        from schoolcare.services.county.transfers import moved_out

        moved = moved_out(transferred)
    return tuple(_row(r, today, query, moved) for r in found)


def count_pupils(actor: Actor, query: PupilQuery = EVERY_ENROLLED) -> int:
    """How many pupils the actor may see match `query` (its sort and page aside): one COUNT, no rows."""
    select, where, _teacher, _search = _list_query(actor, query)
    return select.where(where).count()


def search_index(actor: Actor, query: PupilQuery = EVERY_ENROLLED) -> SearchIndex:
    """The search keys of every pupil matching `query`'s filters (its search text aside), in its order."""
    if query.sort == "relevance":
        raise ValidationError("choice", "sort", allowed=", ".join(s for s in SORTS if s != "relevance"))
    query = replace(query, search="", limit=None, offset=0)
    select, where, teacher, search = _list_query(actor, query)
    found = select.select(Pupil.id, Pupil.name, Pupil.student_no, Pupil.name_pinyin, Pupil.name_initials).where(
        where).order_by(*_order(query, teacher, search)).tuples()
    ids, keys = [], []
    for pupil_id, name, student_no, pinyin, initials in found:
        ids.append(pupil_id)
        keys.append(SearchIndex.key(name, student_no, pinyin, initials))
    return SearchIndex(tuple(ids), tuple(keys))


def pupils_by_id(actor: Actor, ids: Iterable[int], query: PupilQuery = EVERY_ENROLLED,
                 today: dt.date | None = None) -> tuple[PupilRow, ...]:
    """These pupils, in this order, as the list shows them under `query` (its term, for review flags); those
    out of reach or no longer matching its filters are left out."""
    ids = list(ids)
    if not ids:
        return ()
    today = today or clock.today()
    select, where, _teacher, _search = _list_query(actor, replace(query, search=""))
    found = {r["id"]: r for r in select.where(where & Pupil.id.in_(ids)).dicts()}
    return _rows([found[pupil_id] for pupil_id in ids if pupil_id in found], today, query)


def find_pupils(actor: Actor, text: str, limit: int = 8) -> list[PupilRow]:
    """Quick find (the search key, the command palette): the best matches of any status, best first."""
    if not validation.normalise_text(text):
        return []
    page = list_pupils(actor, PupilQuery(search=text, status=None, sort="relevance", limit=limit))
    return list(page.rows)
