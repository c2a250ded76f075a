"""The pupil registry: list, filter, sort and search in SQL; create and edit pupils and guardians; situation notes."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

import peewee as pw

from schoolcare.domain import clock, pupil_forms, validation
from schoolcare.domain.eligibility import (
    AGE_LIMIT,
    ParentSituation,
    age_on,
    left_behind_verdict,
    turns_16_between,
)
from schoolcare.domain.registry import CATEGORIES, SORTS, STATUSES, PupilPage, PupilQuery, PupilRow, SearchIndex
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.validation import InvalidField
from schoolcare.services import audit
from schoolcare.services.access import get_pupil, pupil_scope, require, require_pupil_write
from schoolcare.services.errors import NotFound, ValidationError, invalid
from schoolcare.services.registry import national_ids
from schoolcare.services.registry.search_keys import pinyin_of
from schoolcare.services.tx import writing
from schoolcare.store.models import CareAssignment, Guardian, Pupil, SchoolClass, SituationNote, Staff

PARENT_RETURNED = "parent_returned"
EVERY_ENROLLED = PupilQuery()  # the list's default: every enrolled pupil in reach, by class


# ---------------------------------------------------------------- the list

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


# ---------------------------------------------------------------- left-behind status

def refresh_left_behind(actor: Actor | None, pupil_ids: Iterable[int] | None, school_id: int,
                        today: dt.date | None = None) -> dict[int, bool]:
    """Derive the left-behind flag of these pupils (None: the whole school) from their parents and age.

    Runs inside the caller's transaction; a pupil who stops counting because a parent came home is
    kept for review. Two queries whatever the number of pupils; returns {pupil id: new flag} of changes.
    """
    today = today or clock.today()
    pupils = Pupil.select(Pupil.id, Pupil.birth_date, Pupil.left_behind, Pupil.left_behind_review).where(
        Pupil.school == school_id)
    parents = Guardian.select(Guardian.pupil, Guardian.relation, Guardian.away, Guardian.capacity).join(Pupil).where(
        Pupil.school == school_id).order_by(Guardian.position, Guardian.id)
    if pupil_ids is not None:
        ids = list(pupil_ids)
        pupils = pupils.where(Pupil.id.in_(ids))
        parents = parents.where(Guardian.pupil.in_(ids))
    situations: dict[int, list[ParentSituation]] = {}
    for g in parents.tuples():
        if g[1] in ("father", "mother"):
            situations.setdefault(g[0], []).append(ParentSituation(g[1], bool(g[2]), g[3]))
        else:
            situations.setdefault(g[0], [])
    changed: dict[int, bool] = {}
    for pid, birth, was, review in pupils.tuples():
        if pid not in situations:
            continue  # no guardian on file at all: nothing to derive from, the flag stays as it is
        verdict = left_behind_verdict(birth, situations.get(pid, []), today, was_left_behind=bool(was))
        new_review = PARENT_RETURNED if "parent_returned" in verdict.review else ("" if verdict.left_behind else review)
        if verdict.left_behind != bool(was) or new_review != review:
            Pupil.update(left_behind=verdict.left_behind, left_behind_review=new_review).where(Pupil.id == pid).execute()
            if verdict.left_behind != bool(was):
                changed[pid] = verdict.left_behind
                audit.record(actor, "derive", "pupil", pid, pupil_id=pid, school_id=school_id,
                             changes={"left_behind": [bool(was), verdict.left_behind]})
    return changed


def confirm_review(actor: Actor, pupil_id: int) -> None:
    """The coordinator has looked at a pupil whose parent came home: the review flag is cleared."""
    require(actor, Permission.ASSIGN_CARE_TEACHERS)
    pupil = get_pupil(actor, pupil_id)
    with writing():
        Pupil.update(left_behind_review="").where(Pupil.id == pupil.id).execute()
        audit.record(actor, "update", "pupil", pupil.id, pupil_id=pupil.id,
                     changes={"left_behind_review": [pupil.left_behind_review, ""]})


# ---------------------------------------------------------------- pupils

def _check_class(actor: Actor, class_id: int | None) -> None:
    if class_id is None:
        return
    school_class = SchoolClass.get_or_none((SchoolClass.id == class_id) & (SchoolClass.school == actor.school_id))
    if school_class is None:
        raise ValidationError("registry.no_such_class", "class_id")
    if not actor.can(Permission.VIEW_ALL_PUPILS) and school_class.homeroom_teacher_id != actor.staff_id:
        raise ValidationError("registry.own_class_only", "class_id")


def _check_student_no(actor: Actor, student_no: str, pupil_id: int | None = None) -> None:
    clash = Pupil.select(Pupil.id).where((Pupil.school == actor.school_id) & (Pupil.student_no == student_no))
    if pupil_id is not None:
        clash = clash.where(Pupil.id != pupil_id)
    if clash.exists():
        raise ValidationError("registry.student_no_taken", "student_no", student_no=student_no)


def _pupil_values(pupil: Pupil) -> dict[str, object]:
    values = {name: getattr(pupil, name) for name in pupil_forms.PUPIL_CHECKS if name != "class_id"}
    values["birth_date"] = pupil.birth_date
    values["class_id"] = pupil.school_class_id
    return values


def create_pupil(actor: Actor, data: Mapping[str, object], guardians: Iterable[Mapping[str, object]] = (),
                 today: dt.date | None = None) -> int:
    """A new pupil (and their guardians) after every field is checked; returns the pupil's id."""
    require(actor, Permission.EDIT_PUPILS)
    today = today or clock.today()
    try:
        clean = pupil_forms.settle_dates(pupil_forms.clean_pupil(data, today), today)  # enrolled today if not said
        family = [pupil_forms.clean_guardian(g) for g in guardians]
    except InvalidField as error:
        raise invalid(error) from None
    class_id = clean.pop("class_id", None)
    _check_class(actor, class_id)
    if class_id is None and not actor.can(Permission.VIEW_ALL_PUPILS):
        raise ValidationError("registry.own_class_only", "class_id")
    pinyin, initials = pinyin_of(str(clean["name"]))
    with writing():
        _check_student_no(actor, str(clean["student_no"]))
        if clean.get("status", "enrolled") == "enrolled":
            national_ids.check_free(actor, str(clean.get("national_id") or ""))
        pupil = Pupil.create(school=actor.school_id, school_class=class_id, name_pinyin=pinyin,
                             name_initials=initials, **clean)
        audit.record(actor, "create", "pupil", pupil.id, pupil_id=pupil.id,
                     changes={**clean, "class_id": class_id})
        for position, guardian in enumerate(family):
            row = Guardian.create(pupil=pupil, position=position, **guardian)
            audit.record(actor, "create", "guardian", row.id, pupil_id=pupil.id, changes=guardian)
        settle_day_to_day(pupil.id, None)
        refresh_left_behind(actor, [pupil.id], actor.school_id, today)
    return pupil.id


def update_pupil(actor: Actor, pupil_id: int, data: Mapping[str, object], today: dt.date | None = None) -> dict:
    """Change some of a pupil's fields; returns the audited {field: [old, new]} (empty when nothing changed)."""
    pupil = require_pupil_write(actor, pupil_id, Permission.EDIT_PUPILS)
    today = today or clock.today()
    try:
        stored = {"enrolled_on": pupil.enrolled_on, "left_on": pupil.left_on, "status": pupil.status}
        clean = pupil_forms.settle_dates(pupil_forms.clean_pupil(data, today, partial=True), today, stored)
    except InvalidField as error:
        raise invalid(error) from None
    if "class_id" in clean:
        _check_class(actor, clean["class_id"])
    before = _pupil_values(pupil)
    changes = audit.diff(before, clean)
    if not changes:
        return {}
    with writing():
        if "student_no" in changes:
            _check_student_no(actor, str(clean["student_no"]), pupil.id)
        if ("national_id" in changes or "status" in changes) and clean.get("status", pupil.status) == "enrolled":
            national_ids.check_free(actor, str(clean.get("national_id", pupil.national_id) or ""), pupil.id)
        fields = {k: v for k, v in clean.items() if k in changes and k != "class_id"}
        if "class_id" in changes:
            fields["school_class"] = clean["class_id"]
        if "name" in changes:
            fields["name_pinyin"], fields["name_initials"] = pinyin_of(str(clean["name"]))
        fields["updated_at"] = clock.now()
        Pupil.update(**fields).where(Pupil.id == pupil.id).execute()
        audit.record(actor, "update", "pupil", pupil.id, pupil_id=pupil.id, changes=changes)
        if "status" in changes and clean["status"] == "dropped_out":
            from schoolcare.services.protection.dropouts import open_for_status

            open_for_status(actor, pupil.id, today)  # before end_current, so the case names the care teacher
        if "status" in changes and clean["status"] != "enrolled":
            from schoolcare.services.registry.assignments import end_current

            end_current(actor, [pupil.id], today, f"status: {clean['status']}")
        if "birth_date" in changes:
            refresh_left_behind(actor, [pupil.id], actor.school_id, today)
    return changes


# ---------------------------------------------------------------- guardians

def settle_day_to_day(pupil_id: int, keep: int | None) -> None:
    """Exactly one current day-to-day guardian: the one just marked (`keep`), else the first entrusted, else the first."""
    rows = list(Guardian.select().where(Guardian.pupil == pupil_id).order_by(Guardian.position, Guardian.id))
    if not rows:
        return
    marked = [g for g in rows if g.day_to_day]
    chosen = next((g for g in rows if g.id == keep and g.day_to_day), None) or (marked[0] if marked else None)
    if chosen is None:
        chosen = next((g for g in rows if g.entrusted), None) or next((g for g in rows if not g.away), rows[0])
    for g in rows:
        if g.day_to_day != (g.id == chosen.id):
            Guardian.update(day_to_day=g.id == chosen.id).where(Guardian.id == g.id).execute()


def add_guardian(actor: Actor, pupil_id: int, data: Mapping[str, object], today: dt.date | None = None) -> int:
    pupil = require_pupil_write(actor, pupil_id, Permission.EDIT_PUPILS)
    try:
        clean = pupil_forms.clean_guardian(data)
    except InvalidField as error:
        raise invalid(error) from None
    with writing():
        position = Guardian.select(pw.fn.COALESCE(pw.fn.MAX(Guardian.position) + 1, 0)).where(
            Guardian.pupil == pupil.id).scalar()
        row = Guardian.create(pupil=pupil.id, position=position, **clean)
        audit.record(actor, "create", "guardian", row.id, pupil_id=pupil.id, changes=clean)
        settle_day_to_day(pupil.id, row.id)
        refresh_left_behind(actor, [pupil.id], actor.school_id, today)
    return row.id


def _guardian_in_reach(actor: Actor, guardian_id: int) -> Guardian:
    require(actor, Permission.EDIT_PUPILS)
    row = Guardian.get_or_none(Guardian.id == guardian_id)
    if row is None:
        raise NotFound("registry.guardian_not_found", id=guardian_id)
    get_pupil(actor, row.pupil_id)  # NotFound when the pupil is out of reach
    return row


def update_guardian(actor: Actor, guardian_id: int, data: Mapping[str, object], today: dt.date | None = None) -> dict:
    row = _guardian_in_reach(actor, guardian_id)
    try:
        clean = pupil_forms.clean_guardian(data, partial=True)
    except InvalidField as error:
        raise invalid(error) from None
    changes = audit.diff({name: getattr(row, name) for name in clean}, clean)
    if not changes:
        return {}
    with writing():
        Guardian.update(**clean).where(Guardian.id == row.id).execute()
        audit.record(actor, "update", "guardian", row.id, pupil_id=row.pupil_id, changes=changes)
        settle_day_to_day(row.pupil_id, row.id)
        refresh_left_behind(actor, [row.pupil_id], actor.school_id, today)
    return changes


def remove_guardian(actor: Actor, guardian_id: int, today: dt.date | None = None) -> None:
    row = _guardian_in_reach(actor, guardian_id)
    with writing():
        Guardian.delete().where(Guardian.id == row.id).execute()
        audit.record(actor, "delete", "guardian", row.id, pupil_id=row.pupil_id,
                     changes={"relation": row.relation, "name": row.name})
        settle_day_to_day(row.pupil_id, None)
        refresh_left_behind(actor, [row.pupil_id], actor.school_id, today)


# ---------------------------------------------------------------- situation notes

def add_situation_note(actor: Actor, pupil_id: int, aspect: str, text: str, noted_on: object = None,
                       today: dt.date | None = None) -> int:
    """A new dated note on one aspect; earlier notes stay as the history (nothing is overwritten)."""
    pupil = require_pupil_write(actor, pupil_id, Permission.EDIT_PUPILS)
    try:
        aspect, body, day = pupil_forms.clean_note(aspect, text, noted_on, today or clock.today())
    except InvalidField as error:
        raise invalid(error) from None
    with writing():
        note = SituationNote.create(pupil=pupil.id, aspect=aspect, text=body, noted_on=day, author=actor.staff_id)
        audit.record(actor, "create", "situation_note", note.id, pupil_id=pupil.id,
                     changes={"aspect": aspect, "noted_on": day, "text": body})
    return note.id
