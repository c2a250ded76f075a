"""The pupil registry: create and edit pupils and guardians, their left-behind status, situation notes (the list
and its search are pupil_list.py's)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import peewee as pw

from schoolcare.domain import clock, pupil_forms
from schoolcare.domain.eligibility import (
    ParentSituation,
    left_behind_verdict,
)
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.validation import InvalidField
from schoolcare.services import audit
from schoolcare.services.access import get_pupil, require, require_pupil_write
from schoolcare.services.errors import NotFound, ValidationError, invalid
from schoolcare.services.registry import national_ids
from schoolcare.services.registry.search_keys import pinyin_of
from schoolcare.services.tx import writing
from schoolcare.store.models import Guardian, Pupil, SchoolClass, SituationNote

PARENT_RETURNED = "parent_returned"


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
