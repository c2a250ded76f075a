"""一对一: care teachers for pupils — assign one or many, reassign with a reason, hand over a caseload, coverage and loads."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.registry import AssignOutcome, CareSpell, Coverage, TeacherLoad
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.services import audit
from schoolcare.services.access import active_colleague, get_pupil, pupil_scope, require
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.database import db, is_sqlite
from schoolcare.store.models import CareAssignment, Pupil, Staff

ENROLLED = "enrolled"


def _care_teacher(actor: Actor, staff_id: int) -> Staff:
    staff = active_colleague(actor, staff_id, "teacher")
    if staff.role == Role.PRINCIPAL.value:
        raise ValidationError("registry.principal_no_caseload", "teacher", name=staff.name)
    return staff


def _current(pupil_ids: Sequence[int]) -> dict[int, CareAssignment]:
    rows = CareAssignment.select().where(CareAssignment.pupil.in_(list(pupil_ids)) & CareAssignment.end_on.is_null())
    return {row.pupil_id: row for row in rows}


def end_current(actor: Actor | None, pupil_ids: Sequence[int], on: dt.date, reason: str) -> int:
    """Close these pupils' current assignments on `on`; inside the caller's transaction. Returns how many."""
    current = _current(pupil_ids)
    for pupil_id, row in current.items():
        CareAssignment.update(end_on=max(on, row.start_on), end_reason=reason).where(CareAssignment.id == row.id).execute()
        audit.record(actor, "end", "care_assignment", row.id, pupil_id=pupil_id,
                     changes={"teacher_id": row.teacher_id, "end_on": max(on, row.start_on), "end_reason": reason})
    return len(current)


def assign(actor: Actor, pupil_ids: Iterable[int], teacher_id: int, *, reason: str = "",
           on: dt.date | None = None) -> AssignOutcome:
    """Make `teacher_id` the care teacher of every pupil given, in one transaction.

    Pupils with nobody get the teacher; pupils with another teacher are moved, which needs a reason
    (kept with both spells' dates); pupils already with this teacher are left as they are.
    """
    require(actor, Permission.ASSIGN_CARE_TEACHERS)
    on = on or clock.today()
    ids = list(dict.fromkeys(pupil_ids))
    if not ids:
        raise ValidationError("registry.pick_pupils", "pupils")
    reason = visible(reason, "reason").strip()
    with writing():
        teacher = _care_teacher(actor, teacher_id)
        found = {
            row.id: row.status for row in
            Pupil.select(Pupil.id, Pupil.status).where(pupil_scope(actor) & Pupil.id.in_(ids))
        }
        missing = [pid for pid in ids if pid not in found]
        if missing:
            raise NotFound("registry.pupil_not_found", "pupil", id=missing[0])
        left = [pid for pid in ids if found[pid] != ENROLLED]
        if left:
            raise ValidationError("registry.not_enrolled", "pupils", id=left[0])
        current = _current(ids)
        moving = {pid: row for pid, row in current.items() if row.teacher_id != teacher.id}
        unchanged = [pid for pid, row in current.items() if row.teacher_id == teacher.id]
        if moving and not reason:
            raise ValidationError("registry.move_reason", "reason")
        for pid, row in moving.items():
            if on < row.start_on:
                raise ValidationError("registry.move_before_start", "on", id=pid, start=row.start_on.isoformat())
        for row in moving.values():
            CareAssignment.update(end_on=on, end_reason=reason).where(CareAssignment.id == row.id).execute()
        new = [pid for pid in ids if pid not in current or pid in moving]
        for pid in new:
            created = CareAssignment.create(school=actor.school_id, pupil=pid, teacher=teacher.id, start_on=on,
                                            reason=reason, created_by=actor.staff_id)
            before = moving.get(pid)
            audit.record(actor, "assign", "care_assignment", created.id, pupil_id=pid, changes={
                "teacher_id": [before.teacher_id if before else None, teacher.id], "start_on": on, "reason": reason,
            })
    return AssignOutcome(assigned=len(new) - len(moving), reassigned=len(moving), unchanged=len(unchanged))


def reassign(actor: Actor, pupil_id: int, teacher_id: int, reason: str, on: dt.date | None = None) -> AssignOutcome:
    """Move one pupil to another care teacher; the reason is required and kept with the dates."""
    if not reason.strip():
        raise ValidationError("registry.change_reason", "reason")
    return assign(actor, [pupil_id], teacher_id, reason=reason, on=on)


def unassign(actor: Actor, pupil_id: int, reason: str, on: dt.date | None = None) -> None:
    """End a pupil's care assignment without a successor (the pupil left, or no longer needs one)."""
    require(actor, Permission.ASSIGN_CARE_TEACHERS)
    if not visible(reason, "reason").strip():
        raise ValidationError("registry.end_reason", "reason")
    pupil = get_pupil(actor, pupil_id)
    with writing():
        if not end_current(actor, [pupil.id], on or clock.today(), reason.strip()):
            raise ValidationError("registry.no_care_teacher", "pupil", name=pupil.name)


def handover(actor: Actor, from_teacher_id: int, to_teacher_ids: Sequence[int], reason: str,
             on: dt.date | None = None) -> dict[int, int]:
    """A departing teacher's whole caseload to the others, in one transaction: {pupil id: new teacher id}.

    Each pupil goes to whichever receiving teacher holds the fewest pupils at that moment; pupils of
    one class are handed over together in class order so classmates tend to stay with one teacher.
    """
    require(actor, Permission.ASSIGN_CARE_TEACHERS)
    on = on or clock.today()
    targets = [t for t in dict.fromkeys(to_teacher_ids) if t != from_teacher_id]
    if not targets:
        raise ValidationError("registry.handover_to", "to")
    if not visible(reason, "reason").strip():
        raise ValidationError("registry.handover_reason", "reason")
    with writing():
        _care_teacher_any(actor, from_teacher_id)
        receivers = [_care_teacher(actor, t) for t in targets]
        caseload = [
            row.pupil_id for row in
            CareAssignment.select(CareAssignment.pupil).join(Pupil)
            .where((CareAssignment.teacher == from_teacher_id) & CareAssignment.end_on.is_null()
                   & (CareAssignment.school == actor.school_id))
            .order_by(Pupil.school_class, Pupil.student_no)
        ]
        load = dict(
            CareAssignment.select(CareAssignment.teacher, pw.fn.COUNT(CareAssignment.id))
            .where(CareAssignment.teacher.in_([r.id for r in receivers]) & CareAssignment.end_on.is_null())
            .group_by(CareAssignment.teacher).tuples()
        )
        plan: dict[int, int] = {}
        for pid in caseload:
            target = min(receivers, key=lambda r: (load.get(r.id, 0), targets.index(r.id))).id
            plan[pid] = target
            load[target] = load.get(target, 0) + 1
        for target in targets:  # one bulk assignment per receiving teacher, not one per pupil
            mine = [pid for pid, t in plan.items() if t == target]
            if mine:
                assign(actor, mine, target, reason=reason.strip(), on=on)
        audit.record(actor, "handover", "staff", from_teacher_id,
                     changes={"pupils": len(plan), "to": targets, "reason": reason.strip()})
    return plan


def _care_teacher_any(actor: Actor, staff_id: int) -> Staff:
    # The departing teacher may already be inactive: only the school matters.
    staff = Staff.get_or_none((Staff.id == staff_id) & (Staff.school == actor.school_id))
    if staff is None:
        raise ValidationError("registry.no_staff", "from", id=staff_id)
    return staff


def history(actor: Actor, pupil_id: int) -> list[CareSpell]:
    """Every care teacher a pupil has had: the current one first, then the newest."""
    pupil = get_pupil(actor, pupil_id)
    return spells([pupil.id])


def spells(pupil_ids: Sequence[int]) -> list[CareSpell]:
    rows = (
        CareAssignment.select(CareAssignment, Staff.name)
        .join(Staff, on=(CareAssignment.teacher == Staff.id))
        .where(CareAssignment.pupil.in_(list(pupil_ids)))
        .order_by(CareAssignment.end_on.is_null().desc(), CareAssignment.start_on.desc(), CareAssignment.id.desc())
    )
    return [
        CareSpell(r.id, r.pupil_id, r.teacher_id, r.teacher.name, r.start_on, r.end_on, r.reason, r.end_reason)
        for r in rows
    ]


def coverage(actor: Actor) -> Coverage:
    """Assigned / left-behind enrolled pupils, and each active teacher's load, in two queries."""
    left_behind, assigned = db.execute_sql(*coverage_counts_sql(actor)).fetchone()
    return Coverage(left_behind=left_behind or 0, assigned=assigned or 0, loads=teacher_loads(actor))


def _may_see_coverage(actor: Actor) -> None:
    if not (actor.can(Permission.ASSIGN_CARE_TEACHERS) or actor.can(Permission.VIEW_REPORTS)):
        raise PermissionDenied("registry.coverage_denied")


def coverage_counts_sql(actor: Actor) -> tuple[str, list]:
    """coverage's left-behind and assigned counts as SQL of one row, for a caller that asks it together with
    other counts in one statement (the term progress)."""
    _may_see_coverage(actor)
    return _coverage_sql(actor, is_sqlite())[0]


def teacher_loads(actor: Actor) -> tuple[TeacherLoad, ...]:
    """coverage's loads: the active teachers (and anyone else holding a caseload), by name."""
    _may_see_coverage(actor)
    return tuple(TeacherLoad(staff_id, name, login, post, n or 0, lb or 0) for staff_id, name, login, post, n, lb
                 in db.execute_sql(*_coverage_sql(actor, is_sqlite())[1]).fetchall())


@lru_cache(maxsize=64)
def _coverage_sql(actor: Actor, sqlite: bool) -> tuple[tuple[str, list], tuple[str, list]]:
    """coverage's queries as SQL, written once for an actor (and backend's placeholders): the term progress
    asks for coverage on every load, and peewee takes longer writing these out than the database answering."""
    current = CareAssignment.select(CareAssignment.pupil).where(  # the school's own: not the county's
        CareAssignment.end_on.is_null() & (CareAssignment.school == actor.school_id))
    counts = Pupil.select(
        pw.fn.COUNT(Pupil.id), pw.fn.SUM(pw.Case(None, [(Pupil.id.in_(current), 1)], 0)),
    ).where(pupil_scope(actor) & (Pupil.status == ENROLLED) & (Pupil.left_behind == True))  # noqa: E712
    per_teacher = (
        CareAssignment.select(
            CareAssignment.teacher.alias("teacher_id"), pw.fn.COUNT(CareAssignment.id).alias("n"),
            pw.fn.SUM(pw.Case(None, [(Pupil.left_behind == True, 1)], 0)).alias("lb"),  # noqa: E712
        ).join(Pupil)
        .where((CareAssignment.school == actor.school_id) & CareAssignment.end_on.is_null())
        .group_by(CareAssignment.teacher)
    ).alias("per_teacher")
    # Only what a load shows: the active teachers, and anyone else still holding a caseload.
    loads = (
        Staff.select(Staff.id, Staff.name, Staff.login, Staff.post, per_teacher.c.n, per_teacher.c.lb)
        .join(per_teacher, pw.JOIN.LEFT_OUTER, on=(per_teacher.c.teacher_id == Staff.id))
        .where((Staff.school == actor.school_id)
               & (((Staff.active == True) & (Staff.role == Role.TEACHER.value))  # noqa: E712
                  | per_teacher.c.teacher_id.is_null(False)))
        .order_by(Staff.name, Staff.id)
    )
    return counts.sql(), loads.sql()
