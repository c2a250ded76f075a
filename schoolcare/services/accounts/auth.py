"""Accounts and login: scrypt password hashes, the first-run set-up, adding users."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.services import audit
from schoolcare.services.access import check_actor, require
from schoolcare.services.errors import AuthError, ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import School, Staff

# scrypt with n=2**14, r=8 uses 16 MiB per hash: memory-hard, ~50 ms a login.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 6
LOGIN_RE = re.compile(r"^[a-z0-9_.\-]{2,32}$")


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.school_id, staff.name, staff.login, Role(staff.role))


def authenticate(login: str, password: str) -> Actor:
    staff = Staff.get_or_none(Staff.login == login.strip().lower())
    # Hash even for an unknown login so timing does not tell which logins exist.
    stored = staff.password_hash if staff else hash_password("")
    if not verify_password(password, stored) or staff is None:
        raise AuthError("wrong_login")
    if not staff.active:  # said only to someone who knows the password: a leaver learns why, nobody else
        raise AuthError("accounts.account_inactive", login=staff.login)
    with writing():
        audit.record(actor_for(staff), "login", "staff", staff.id)
    return actor_for(staff)


def is_empty() -> bool:
    """True on a database with no school yet: the app walks the user through set-up."""
    return not School.select().exists()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("min_chars", "password", n=MIN_PASSWORD)


def _check_account(name: str, login: str, password: str) -> str:
    name = name.strip()
    login = login.strip().lower()
    if not name:
        raise ValidationError("required", "name")
    if not LOGIN_RE.match(login):
        raise ValidationError("login_format", "login")
    _check_password(password)
    if Staff.select().where(Staff.login == login).exists():
        raise ValidationError("login_taken", "login", login=login)
    return login


def create_school(school_name: str, coordinator_name: str, login: str, password: str) -> Actor:
    """A new school with its first coordinator (first run, `schoolcare init`)."""
    if not school_name.strip():
        raise ValidationError("required", "school")
    with writing():
        login = _check_account(coordinator_name, login, password)
        school = School.create(name=school_name.strip())
        staff = Staff.create(
            school=school, name=coordinator_name.strip(), login=login,
            role=Role.COORDINATOR.value, password_hash=hash_password(password), post="关爱服务中心负责人",
        )
        actor = actor_for(staff)
        audit.record(actor, "create", "school", school.id, changes={"name": school.name})
        audit.record(actor, "create", "staff", staff.id, changes={"login": login, "role": staff.role})
    return actor


def add_user(actor: Actor, name: str, role: Role | str, login: str, password: str, **details) -> int:
    """A new account in the actor's school; coordinators only."""
    require(actor, Permission.MANAGE_USERS)
    role = Role(role)
    with writing():
        login = _check_account(name, login, password)
        staff = Staff.create(
            school=actor.school_id, name=name.strip(), login=login, role=role.value,
            password_hash=hash_password(password), **details,
        )
        audit.record(actor, "create", "staff", staff.id, changes={"login": login, "role": role.value})
    return staff.id


def set_password(actor: Actor, staff_id: int, password: str) -> None:
    """Users change their own password; coordinators reset anyone's in their school."""
    check_actor(actor)  # a deactivated account cannot set itself a new password either
    if staff_id != actor.staff_id:
        require(actor, Permission.MANAGE_USERS)
    _check_password(password)
    with writing():
        updated = (
            Staff.update(password_hash=hash_password(password))
            .where((Staff.id == staff_id) & (Staff.school == actor.school_id))
            .execute()
        )
        if not updated:
            raise ValidationError("accounts.no_staff", "staff", id=staff_id)
        audit.record(actor, "update", "staff", staff_id, changes={"password": "changed"})
