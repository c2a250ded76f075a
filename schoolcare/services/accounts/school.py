"""The school at a glance: staff, classes and headline counts, scoped to the acting user."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.records import ClassRow, SchoolGlance, StaffRow
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.i18n import t
from schoolcare.services.access import check_actor, pupil_scope, require
from schoolcare.services.registry import classes
from schoolcare.services.registry.staff import sees_staff_details
from schoolcare.store.models import CareAssignment, Hazard, Incident, Pupil, School, SchoolClass, Staff

ENROLLED = "enrolled"


def school_name(actor: Actor) -> str:
    """The actor's school; a county account, belonging to none, is its office's (教育局 …), at the county."""
    if actor.school_id is None:
        office = Staff.select(Staff.office).where(Staff.id == actor.staff_id).scalar() or ""
        return t(f"office.{office}") if office else t("role.county")
    return School.get_by_id(actor.school_id).name


def glance(actor: Actor, today: dt.date | None = None) -> SchoolGlance:
    """Headline counts in a fixed handful of queries."""
    today = today or clock.today()
    current = CareAssignment.select(CareAssignment.pupil).where(CareAssignment.end_on.is_null())
    pupils = Pupil.select(
        pw.fn.COUNT(Pupil.id).alias("n"),
        pw.fn.SUM(pw.Case(None, [(Pupil.left_behind == True, 1)], 0)).alias("lb"),  # noqa: E712
        pw.fn.SUM(pw.Case(None, [(Pupil.in_difficulty == True, 1)], 0)).alias("diff"),  # noqa: E712
        pw.fn.SUM(pw.Case(None, [((Pupil.left_behind == True) & ~Pupil.id.in_(current), 1)], 0)).alias("un"),  # noqa: E712
    ).where(pupil_scope(actor) & (Pupil.status == ENROLLED)).dicts().get()
    hazards = Hazard.select(
        pw.fn.COUNT(Hazard.id).alias("open"),
        pw.fn.SUM(pw.Case(None, [(Hazard.deadline < today, 1)], 0)).alias("overdue"),
    ).where((Hazard.school == actor.school_id) & Hazard.closed_on.is_null()).dicts().get()
    incidents = Incident.select().where(
        (Incident.school == actor.school_id) & (Incident.status == "open")
        & Incident.pupil.in_(Pupil.select(Pupil.id).where(pupil_scope(actor)))
    ).count()
    return SchoolGlance(
        school=school_name(actor),
        pupils=pupils["n"] or 0,
        left_behind=pupils["lb"] or 0,
        in_difficulty=pupils["diff"] or 0,
        unassigned_left_behind=pupils["un"] or 0,
        classes=SchoolClass.select().where((SchoolClass.school == actor.school_id)
                                           & SchoolClass.retired_on.is_null()).count(),
        staff=Staff.select().where((Staff.school == actor.school_id) & (Staff.active == True)).count(),  # noqa: E712
        open_hazards=hazards["open"] or 0,
        overdue_hazards=hazards["overdue"] or 0,
        open_incidents=incidents,
    )


def list_staff(actor: Actor, role: Role | None = None) -> list[StaffRow]:
    check_actor(actor)
    caseload = (
        CareAssignment.select(CareAssignment.teacher, pw.fn.COUNT(CareAssignment.id).alias("n"))
        .where(CareAssignment.end_on.is_null() & (CareAssignment.school == actor.school_id))
        .group_by(CareAssignment.teacher)
    )
    counts = {row.teacher_id: row.n for row in caseload}
    query = Staff.select().where(Staff.school == actor.school_id).order_by(Staff.role, Staff.name)
    details = sees_staff_details(actor)  # a teacher: other staff's names and posts only
    if role is not None:
        if not details:
            require(actor, Permission.VIEW_ALL_PUPILS)
        query = query.where(Staff.role == Role(role).value)
    if actor.role is Role.TEACHER and not actor.can(Permission.MANAGE_USERS):
        query = query.where(Staff.active == True)  # noqa: E712
    return [
        StaffRow(s.id, s.name, s.login, Role(s.role), s.post, s.phone, bool(s.active), counts.get(s.id, 0))
        if details or s.id == actor.staff_id else StaffRow(s.id, s.name, "", None, s.post, "", bool(s.active), 0)
        for s in query
    ]


def list_classes(actor: Actor, *, include_retired: bool = True) -> list[ClassRow]:
    """Classes of the school as lists and reports take them (the registry's classes.list_classes); a teacher
    sees only the class they lead. Choices for new entries pass include_retired=False; reports keep retired
    classes, whose past figures still count."""
    return [ClassRow(c.id, c.name, c.grade, c.number, c.homeroom_teacher, c.pupils, c.left_behind)
            for c in classes.list_classes(actor, include_retired=include_retired)]
