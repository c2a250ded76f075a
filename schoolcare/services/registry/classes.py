"""Classes and their homeroom teachers (班主任): who leads a class, from when, kept as dated history."""
from __future__ import annotations

import datetime as dt

from schoolcare.store.models import HomeroomTerm, SchoolClass


def assign_homeroom(school_id: int, class_id: int, staff_id: int | None, on: dt.date, reason: str = "") -> bool:
    """Make `staff_id` (None: nobody) the class's homeroom teacher from `on`, closing the current term.

    Call inside the caller's transaction (`writing()`), which also writes its audit row; returns whether
    anything changed. A change on the day the current term began replaces that term rather than leaving a
    term of no days.
    """
    school_class = SchoolClass.get((SchoolClass.id == class_id) & (SchoolClass.school == school_id))
    if school_class.homeroom_teacher_id == staff_id:
        return False
    current = (HomeroomTerm.select()
               .where((HomeroomTerm.school_class == class_id) & HomeroomTerm.end_on.is_null())
               .first())
    if current is not None:
        if current.start_on >= on:
            current.delete_instance()
        else:
            current.end_on = on - dt.timedelta(days=1)
            current.save()
    if staff_id is not None:
        HomeroomTerm.create(school=school_id, school_class=class_id, teacher=staff_id, start_on=on, reason=reason)
    school_class.homeroom_teacher = staff_id
    school_class.save()
    return True
