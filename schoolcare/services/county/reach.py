"""Which schools a county account reads, and the read-only actor it acts as inside one of them.

A county account (Role.COUNTY) belongs to no school: its Actor has school_id None, so every school-scoped
query finds nothing. To read one school it acts as `at_school(actor, school_id)`: the same account with that
school's id, which check_actor accepts only for a school in its reach. Its role lacks every write permission,
so services refuse its writes exactly as they refuse a principal's."""
from __future__ import annotations

import dataclasses

from schoolcare.domain.roles import Actor, Permission
from schoolcare.services.access import require
from schoolcare.services.errors import NotFound
from schoolcare.store.models import CountyReach, School


def reach_ids(staff_id: int) -> list[int] | None:
    """The ids of the schools a county account reads, or None when it reads every school of the database."""
    named = [row[0] for row in CountyReach.select(CountyReach.school).where(CountyReach.staff == staff_id).tuples()]
    return named or None


def in_reach(staff_id: int, school_id: int) -> bool:
    named = reach_ids(staff_id)
    if named is None:
        return School.select().where(School.id == school_id).exists()
    return school_id in named


def schools(actor: Actor) -> list[School]:
    """The schools the county actor reads, by code then name."""
    require(actor, Permission.VIEW_COUNTY)
    query = School.select()
    named = reach_ids(actor.staff_id)
    if named is not None:
        query = query.where(School.id.in_(named))
    return list(query.order_by(School.code, School.name, School.id))


def school_ids(actor: Actor) -> list[int]:
    return [school.id for school in schools(actor)]


def at_school(actor: Actor, school_id: int) -> Actor:
    """The county actor reading one school of its reach (read-only); a school out of reach looks absent."""
    require(actor, Permission.VIEW_COUNTY)
    if not in_reach(actor.staff_id, school_id):
        raise NotFound("county.school_not_found", "school", id=school_id)
    return dataclasses.replace(actor, school_id=school_id)
