"""Many schools in one database: `school add` (another school, its county code, its first coordinator) and
the county's own accounts (`user add --role county`): who may make them, and what they read.

Adding a school or a county account is the county's own act, not a school's: a county account that reads
every school may do it (Permission.MANAGE_COUNTY). A database that has no county account yet has nobody to
do it, so there a coordinator of an existing school may (the bootstrap: a county growing from one school's
database adds its first county account, then that account takes over). A county account with a named set
of schools (a township) reads those and adds nothing."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from schoolcare.domain.roles import Actor, Office, Permission, Role
from schoolcare.services import audit
from schoolcare.services.access import check_actor, forget_accounts
from schoolcare.services.accounts.auth import actor_for, check_new_account, hash_password, new_school
from schoolcare.services.errors import PermissionDenied, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import CountyReach, School, Staff

# A county's school code (学校代码): letters, digits and hyphens, 2–20 of them, kept in capitals so that
# "qs01" and "QS01" are one code. Codes such as the national 10-digit 学校标识码 or a county's own "QS-01" fit.
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{1,19}$")


@dataclass(frozen=True)
class CountyAccount:
    """A county account as `user list` shows it: its office and the schools it reads (codes; () = every one)."""

    id: int
    name: str
    login: str
    office: str
    active: bool
    schools: tuple[str, ...]


def check_code(code: str | None, *, required: bool = True) -> str | None:
    """The school code as stored (upper case), refused naming what a code may hold, or already taken."""
    code = visible(code or "", "school_code").strip().upper()
    if not code:
        if required:
            raise ValidationError("required", "school_code")
        return None
    if not CODE_RE.match(code):
        raise ValidationError("county.code_format", "school_code", code=code)
    if School.select().where(School.code == code).exists():
        raise ValidationError("county.code_taken", "school_code", code=code)
    return code


def has_county_account() -> bool:
    return Staff.select().where(Staff.role == Role.COUNTY.value).exists()


def may_run_county(actor: Actor) -> None:
    """Refuse unless the actor may add schools and county accounts (see the module's docstring)."""
    check_actor(actor)
    if actor.can(Permission.MANAGE_COUNTY):
        if CountyReach.select().where(CountyReach.staff == actor.staff_id).exists():
            raise PermissionDenied("county.reach_limited", role=actor.role.value)
        return
    if actor.role is Role.COORDINATOR and not has_county_account():
        return
    raise PermissionDenied("permission.manage_county", role=actor.role.value)


def add_school(actor: Actor, name: str, code: str, coordinator_name: str, login: str, password: str) -> Actor:
    """Another school in this database with its county code and its first coordinator (audited as the acting
    account's act, in the new school's log). Returns the new coordinator."""
    may_run_county(actor)
    with writing():
        school, coordinator = new_school(name, coordinator_name, login, password, code=check_code(code))
        audit.record(actor, "create", "school", school.id, school_id=school.id,
                     changes={"name": school.name, "code": school.code})
        audit.record(actor, "create", "staff", coordinator.id, school_id=school.id,
                     changes={"login": coordinator.login, "role": coordinator.role})
    return actor_for(coordinator)


def schools_by_code(codes: Sequence[str]) -> list[int]:
    """The ids of the schools with these codes, in the order given; an unknown code names itself."""
    wanted = [c.strip().upper() for c in codes if c.strip()]
    found = dict(School.select(School.code, School.id).where(School.code.in_(wanted)).tuples()) if wanted else {}
    for code in wanted:
        if code not in found:
            raise ValidationError("county.unknown_code", "school_codes", code=code)
    return list(dict.fromkeys(found[c] for c in wanted))


def add_county_account(actor: Actor, name: str, login: str, password: str, *, office: str = Office.EDUCATION_BUREAU,
                       school_codes: Sequence[str] = (), phone: str = "", post: str = "") -> int:
    """A county account (教育局 / 民政局 / 乡镇) belonging to no school, reading every school or those named."""
    may_run_county(actor)
    try:
        office = Office(office)
    except ValueError:
        raise ValidationError("county.unknown_office", "office", office=office,
                              known=", ".join(o.value for o in Office)) from None
    phone, post = visible(phone, "phone"), visible(post, "post")
    with writing():
        login = check_new_account(name, login, password)
        reach = schools_by_code(school_codes)
        staff = Staff.create(school=None, name=name.strip(), login=login, role=Role.COUNTY.value,
                             office=office.value, password_hash=hash_password(password), phone=phone, post=post)
        if reach:
            CountyReach.insert_many([{"staff": staff.id, "school": s} for s in reach]).execute()
        audit.record(actor, "create", "staff", staff.id, school_id=actor.school_id,
                     changes={"login": login, "role": staff.role, "office": office.value,
                              "schools": ",".join(c.strip().upper() for c in school_codes if c.strip())})
    forget_accounts()
    return staff.id


def county_accounts(actor: Actor) -> list[CountyAccount]:
    """The county accounts with their office and reach: for a county account, or a school's coordinator (who
    may then see who reads their school)."""
    check_actor(actor)
    if not (actor.can(Permission.VIEW_COUNTY) or actor.can(Permission.MANAGE_USERS)):
        raise PermissionDenied("permission.view_county", role=actor.role.value)
    reach: dict[int, list[str]] = {}
    for staff_id, code, school_name in (CountyReach.select(CountyReach.staff, School.code, School.name)
                                        .join(School).order_by(School.code, School.name).tuples()):
        reach.setdefault(staff_id, []).append(code or school_name)
    return [CountyAccount(s.id, s.name, s.login, s.office, bool(s.active), tuple(reach.get(s.id, ())))
            for s in Staff.select().where(Staff.role == Role.COUNTY.value).order_by(Staff.office, Staff.name)]
