"""Brief pupil lists for home screens: the pupils within the actor's reach, the left-behind without a care teacher."""
from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from schoolcare.domain.roles import Actor
from schoolcare.store.models import CareAssignment, Pupil, SchoolClass, Staff

from .access import pupil_scope

ENROLLED = "enrolled"


@dataclass(frozen=True)
class PupilBrief:
    """One line of a pupil list: enough to recognise the pupil and see who cares for them."""

    id: int
    student_no: str
    name: str
    class_name: str
    left_behind: bool
    in_difficulty: bool
    care_teacher: str  # "" when nobody is assigned


def _briefs(actor: Actor) -> pw.ModelSelect:
    # One query: the current assignment (end_on IS NULL, at most one per pupil
    # by the partial unique index) and the class joined in, no query per pupil.
    current = CareAssignment.alias()
    teacher = Staff.alias()
    return (
        Pupil.select(
            Pupil.id, Pupil.student_no, Pupil.name, Pupil.left_behind, Pupil.in_difficulty,
            SchoolClass.name.alias("class_name"), teacher.name.alias("teacher_name"),
        )
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .switch(Pupil)
        .join(current, pw.JOIN.LEFT_OUTER, on=((current.pupil == Pupil.id) & current.end_on.is_null()))
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(current.teacher == teacher.id))
        .where(pupil_scope(actor) & (Pupil.status == ENROLLED))
        .order_by(SchoolClass.grade, SchoolClass.number, Pupil.student_no)
    )


def _rows(query: pw.ModelSelect) -> list[PupilBrief]:
    return [
        PupilBrief(r["id"], r["student_no"], r["name"], r["class_name"] or "", bool(r["left_behind"]),
                   bool(r["in_difficulty"]), r["teacher_name"] or "")
        for r in query.dicts()
    ]


def list_pupils(actor: Actor, limit: int = 500) -> list[PupilBrief]:
    """Enrolled pupils the actor may see (a teacher: their own), by class and student number."""
    return _rows(_briefs(actor).limit(limit))


def unassigned_left_behind(actor: Actor, limit: int = 50) -> list[PupilBrief]:
    """Left-behind pupils with no current care teacher: the gap in 100% coverage (R2)."""
    current = CareAssignment.select(CareAssignment.pupil).where(CareAssignment.end_on.is_null())
    query = _briefs(actor).where((Pupil.left_behind == True) & ~Pupil.id.in_(current))  # noqa: E712
    return _rows(query.limit(limit))
