"""Enforcing roles in the data layer: permission checks and the set of pupils an actor may reach."""
from __future__ import annotations

import threading

import peewee as pw

from schoolcare.domain.roles import Actor, Permission
from schoolcare.services.errors import AuthError, NotFound, PermissionDenied, ValidationError
from schoolcare.store.database import db
from schoolcare.store.models import CareAssignment, Pupil, SchoolClass, Staff

# Which actors this thread's current connection has already found still active in their role. A UI worker
# and a command open a connection per unit of work, so a deactivated account or a changed role is seen at the
# account's next action; a screen's load pays one small query, not one per service call.
_checked = threading.local()
# Bumped by this process's own account changes, so a long-lived connection (a test, the command line's main
# thread) does not keep an answer they made stale.
_generation = 0


def forget_accounts() -> None:
    """Call after changing an account's role or active flag: every connection checks its actors again."""
    global _generation
    _generation += 1


def check_actor(actor: Actor) -> None:
    """Refuse an actor whose account has been deactivated, or whose role changed, since they logged in."""
    conn = getattr(db.obj, "_state", None)
    conn = conn.conn if conn is not None else None
    if getattr(_checked, "conn", None) is not conn or getattr(_checked, "generation", -1) != _generation:
        _checked.conn, _checked.generation, _checked.ok = conn, _generation, set()
    key = (actor.staff_id, actor.role.value, actor.school_id)
    if key in _checked.ok:
        return
    row = Staff.select(Staff.active, Staff.role, Staff.school).where(Staff.id == actor.staff_id).tuples().first()
    if row is None or not row[0]:
        raise AuthError("accounts.account_inactive", login=actor.login)
    if row[1] != actor.role.value:
        raise AuthError("accounts.role_changed", login=actor.login)
    if actor.is_county:  # reading one school (services.county.reach.at_school): only one it still reaches
        if actor.school_id is not None and not _county_reaches(actor.staff_id, actor.school_id):
            raise PermissionDenied("permission.view_county", role=actor.role.value)
    elif row[2] != actor.school_id:  # a school's account acts in its own school only
        raise AuthError("accounts.role_changed", login=actor.login)
    if conn is not None:  # without an open connection there is nothing to tie the answer to
        _checked.ok.add(key)


def _county_reaches(staff_id: int, school_id: int) -> bool:
    from schoolcare.services.county.reach import in_reach  # the county's rules live with the county

    return in_reach(staff_id, school_id)


def active_colleague(actor: Actor, staff_id: int, field: str) -> Staff:
    """A member of the actor's school who still works there (a care or homeroom teacher to be), else refused on
    `field`."""
    staff = Staff.get_or_none((Staff.id == staff_id) & (Staff.school == actor.school_id))
    if staff is None:
        raise ValidationError("registry.no_staff", field, id=staff_id)
    if not staff.active:
        raise ValidationError("registry.staff_left", field, name=staff.name)
    return staff


def require(actor: Actor, permission: Permission) -> None:
    check_actor(actor)
    if not actor.can(permission):
        raise PermissionDenied(f"permission.{permission.value}", role=actor.role.value)


def own_pupil_ids(actor: Actor) -> pw.Select:
    """Sub-query: the pupils a teacher may reach (assigned to them now, or in a class they lead)."""
    assigned = CareAssignment.select(CareAssignment.pupil).where(
        (CareAssignment.teacher == actor.staff_id) & CareAssignment.end_on.is_null()
    )
    homeroom = (
        Pupil.select(Pupil.id)
        .join(SchoolClass)
        .where(SchoolClass.homeroom_teacher == actor.staff_id)
    )
    return assigned | homeroom


def pupil_scope(actor: Actor, pupil=Pupil) -> pw.Expression:
    """A WHERE clause limiting `pupil` (the Pupil model or an alias) to what the actor may see."""
    check_actor(actor)
    clause = pupil.school == actor.school_id
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        clause &= pupil.id.in_(own_pupil_ids(actor))
    return clause


def class_in_reach(actor: Actor, class_id: int) -> SchoolClass:
    """A class of the actor's school; a teacher reaches only the class they lead (others look absent: NotFound)."""
    check_actor(actor)
    found = SchoolClass.get_or_none((SchoolClass.id == class_id) & (SchoolClass.school == actor.school_id))
    if found is None or (not actor.can(Permission.VIEW_ALL_PUPILS) and found.homeroom_teacher_id != actor.staff_id):
        raise NotFound("registry.class_not_found", "class", id=class_id)
    return found


def scoped_pupils(actor: Actor) -> pw.ModelSelect:
    return Pupil.select().where(pupil_scope(actor))


def get_pupil(actor: Actor, pupil_id: int) -> Pupil:
    """The pupil if the actor may see them; otherwise NotFound, as if there were no such pupil."""
    pupil = scoped_pupils(actor).where(Pupil.id == pupil_id).first()
    if pupil is None:
        raise NotFound("registry.pupil_not_found", "pupil", id=pupil_id)
    return pupil


def require_pupil_write(actor: Actor, pupil_id: int, permission: Permission = Permission.LOG_CARE) -> Pupil:
    """For writes about one pupil: the permission, and the pupil within reach."""
    require(actor, permission)
    return get_pupil(actor, pupil_id)
