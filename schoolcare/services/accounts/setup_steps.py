"""The set-up walk of a new school: which of its first steps are done, read in a few COUNT queries."""
from __future__ import annotations

from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.domain.setup import STEP_KEYS, STEPS, SetupStep, SetupSteps
from schoolcare.services.access import require
from schoolcare.store.models import CareAssignment, Room, SchoolClass, Staff


def setup_steps(actor: Actor) -> SetupSteps:
    """Each step done or not: classes exist (from a roster import or added by hand, as the step says); teachers
    added and every running class led by one; a room of the care centre; a care teacher assigned. The whole
    school counts, whoever asks, so only the coordinator may."""
    require(actor, Permission.MANAGE_USERS)
    school = actor.school_id
    running = SchoolClass.select().where((SchoolClass.school == school) & SchoolClass.retired_on.is_null())
    classes = running.count()
    unled = running.where(SchoolClass.homeroom_teacher.is_null()).count()
    teachers = Staff.select().where((Staff.school == school) & (Staff.role == Role.TEACHER.value)
                                    & (Staff.active == True)).count()  # noqa: E712
    done = {
        "roster": classes > 0,  # pupils come with a roster or one by one, and are no condition of this step
        "staff": teachers > 0 and classes > 0 and unled == 0,
        "rooms": Room.select().where(Room.school == school).exists(),
        "care_teachers": CareAssignment.select().where((CareAssignment.school == school)
                                                       & CareAssignment.end_on.is_null()).exists(),
    }
    return SetupSteps(tuple(SetupStep(name, done[name], STEP_KEYS[name]) for name in STEPS))
