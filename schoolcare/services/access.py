"""Enforcing roles in the data layer: permission checks and the set of pupils an actor may reach."""
from __future__ import annotations

import peewee as pw

from schoolcare.domain.roles import Actor, Permission
from schoolcare.services.errors import NotFound, PermissionDenied
from schoolcare.store.models import CareAssignment, Pupil, SchoolClass


def require(actor: Actor, permission: Permission) -> None:
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
    clause = pupil.school == actor.school_id
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        clause &= pupil.id.in_(own_pupil_ids(actor))
    return clause


def class_in_reach(actor: Actor, class_id: int) -> SchoolClass:
    """A class of the actor's school; a teacher reaches only the class they lead (others look absent: NotFound)."""
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
