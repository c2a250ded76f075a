"""Staff who come and go: edit them, deactivate a leaver (pupils and class handed over at once), reactivate."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.registry import StaffDetail
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.domain.validation import InvalidField
from schoolcare.i18n import t
from schoolcare.services import audit
from schoolcare.services.access import check_actor, forget_accounts, require
from schoolcare.services.errors import NotFound, ValidationError, visible
from schoolcare.services.registry import assignments
from schoolcare.services.registry.classes import HOMEROOM_ROLES, hand_over_class
from schoolcare.services.tx import writing
from schoolcare.store.models import CareAssignment, SchoolClass, Staff

EDITABLE = ("name", "phone", "post", "age", "address", "role")
MAX_AGE = 100


def sees_staff_details(actor: Actor) -> bool:
    """Coordinators and principals see colleagues' logins, roles, phones and caseloads; a teacher sees other staff's
    names and posts only (their own row whole)."""
    return actor.can(Permission.MANAGE_USERS) or actor.can(Permission.VIEW_ALL_PUPILS)


def list_staff(actor: Actor) -> list[StaffDetail]:
    """Everyone on the school's staff with their caseload and the classes they lead, in three queries; teachers
    see only active colleagues, and of them only name and post (sees_staff_details)."""
    check_actor(actor)
    if not sees_staff_details(actor):
        query = (Staff.select(Staff.id, Staff.name, Staff.post)
                 .where((Staff.school == actor.school_id) & (Staff.active == True))  # noqa: E712
                 .order_by(Staff.name))
        mine = {d.id: d for d in _details(actor, Staff.id == actor.staff_id)}
        return [mine.get(s.id) or StaffDetail(s.id, s.name, "", "", s.post, "", None, "", True, 0, ())
                for s in query]
    everyone = actor.can(Permission.MANAGE_USERS)
    return _details(actor, Staff.id.is_null(False) if everyone else (Staff.active == True))  # noqa: E712


def _details(actor: Actor, which) -> list[StaffDetail]:
    caseload = dict(
        CareAssignment.select(CareAssignment.teacher, pw.fn.COUNT(CareAssignment.id))
        .where(CareAssignment.end_on.is_null() & (CareAssignment.school == actor.school_id))
        .group_by(CareAssignment.teacher).tuples()
    )
    led: dict[int, list[str]] = {}
    for teacher_id, name in (SchoolClass.select(SchoolClass.homeroom_teacher, SchoolClass.name)
                             .where((SchoolClass.school == actor.school_id) & SchoolClass.homeroom_teacher.is_null(False))
                             .order_by(SchoolClass.grade, SchoolClass.number).tuples()):
        led.setdefault(teacher_id, []).append(name)
    query = (Staff.select().where((Staff.school == actor.school_id) & which)
             .order_by(Staff.active.desc(), Staff.role, Staff.name))
    return [
        StaffDetail(s.id, s.name, s.login, s.role, s.post, s.phone, s.age, s.address, bool(s.active),
                    caseload.get(s.id, 0), tuple(led.get(s.id, ())))
        for s in query
    ]


def staff_by_login(actor: Actor, login: str) -> int:
    """The id of the member of the actor's school with this login; NotFound otherwise."""
    check_actor(actor)
    login = login.strip().lower()
    found = Staff.get_or_none((Staff.login == login) & (Staff.school == actor.school_id))
    if found is None:
        raise NotFound("accounts.no_login", "login", login=login)
    return found.id


def _member(actor: Actor, staff_id: int) -> Staff:
    found = Staff.get_or_none((Staff.id == staff_id) & (Staff.school == actor.school_id))
    if found is None:
        raise NotFound("accounts.no_staff", "staff", id=staff_id)
    return found


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise ValidationError("accounts.not_editable", key)
        if key == "age":
            try:
                age = validation.age(value)
            except InvalidField:
                raise ValidationError("accounts.age", "age", value=value) from None
            if age is not None and not 16 <= age <= MAX_AGE:
                raise ValidationError("accounts.age", "age", value=value)
            cleaned[key] = age
        elif key == "role":
            cleaned[key] = Role(value).value
        else:
            cleaned[key] = " ".join(visible(value or "", key).split())
            if key == "name" and not cleaned[key]:
                raise ValidationError("required", "name")
    return cleaned


def update_staff(actor: Actor, staff_id: int, **values) -> dict[str, list]:
    """Change a member of staff's name, phone, post, age, address or role (coordinators); returns the audited
    changes. A changed role takes effect at that user's next action."""
    require(actor, Permission.MANAGE_USERS)
    values = _clean(values)
    with writing():
        member = _member(actor, staff_id)
        before = {key: getattr(member, key) for key in values}
        changes = audit.diff(before, values)
        if not changes:
            return {}
        if "role" in changes and staff_id == actor.staff_id:
            raise ValidationError("accounts.not_yourself", "role")
        if changes.get("role", [None, None])[1] == Role.PRINCIPAL.value and _responsibilities(member)[0]:
            raise ValidationError("accounts.principal_caseload", "role", name=member.name)
        Staff.update(**values).where(Staff.id == staff_id).execute()
        audit.record(actor, "update", "staff", staff_id, changes=changes)
    if "role" in changes:
        forget_accounts()
    return changes


def _responsibilities(member: Staff) -> tuple[int, list[int]]:
    pupils = CareAssignment.select().where((CareAssignment.teacher == member.id) & CareAssignment.end_on.is_null()).count()
    classes = [c.id for c in SchoolClass.select(SchoolClass.id).where(SchoolClass.homeroom_teacher == member.id)]
    return pupils, classes


def deactivate(actor: Actor, staff_id: int, handover_to: int | None = None, reason: str = "",
               on: dt.date | None = None) -> tuple[int, int]:
    """A leaver's account stops working at their next action. Refused while they hold pupils or lead a class,
    unless a successor is named: then their caseload and their classes move to the successor, with history,
    in the same transaction. Returns (pupils handed over, classes handed over)."""
    require(actor, Permission.MANAGE_USERS)
    on = on or clock.today()
    reason = visible(reason, "reason").strip() or t("accounts.left_reason")
    with writing():
        member = _member(actor, staff_id)
        if staff_id == actor.staff_id:
            raise ValidationError("accounts.not_yourself", "login")
        if not member.active:
            raise ValidationError("accounts.already_inactive", "login", name=member.name)
        pupils, classes = _responsibilities(member)
        if (pupils or classes) and handover_to is None:
            raise ValidationError("accounts.still_responsible", "handover_to", name=member.name, pupils=pupils,
                                  classes=len(classes))
        if handover_to is not None and (pupils or classes):
            successor = _member(actor, handover_to)
            if successor.id == member.id or not successor.active:
                raise ValidationError("accounts.successor", "handover_to", name=successor.name)
            if classes and successor.role not in HOMEROOM_ROLES:
                raise ValidationError("registry.homeroom_role", "handover_to", name=successor.name)
            if pupils:
                assignments.handover(actor, member.id, [successor.id], reason, on=on)
            for class_id in classes:
                hand_over_class(actor, class_id, member.id, successor.id, on, reason)
        Staff.update(active=False).where(Staff.id == staff_id).execute()
        audit.record(actor, "deactivate", "staff", staff_id, changes={"active": [True, False], "reason": reason})
    forget_accounts()
    return pupils, len(classes)


def activate(actor: Actor, staff_id: int) -> None:
    """A deactivated account works again (a teacher who came back); their old caseload stays with whoever has it."""
    require(actor, Permission.MANAGE_USERS)
    with writing():
        member = _member(actor, staff_id)
        if member.active:
            raise ValidationError("accounts.already_active", "login", name=member.name)
        Staff.update(active=True).where(Staff.id == staff_id).execute()
        audit.record(actor, "activate", "staff", staff_id, changes={"active": [False, True]})
    forget_accounts()
