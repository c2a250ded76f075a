"""Accounts and login: scrypt password hashes (upgraded on login), the first-run set-up, adding users."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.services import audit
from schoolcare.services.access import check_actor, require
from schoolcare.services.accounts import throttle
from schoolcare.services.errors import AuthError, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import School, Staff

# scrypt at OWASP's minimum, n=2**17, r=8: 128 MiB and ~0.5 s a hash, memory-hard. hashlib refuses more than
# 32 MiB unless told (maxmem). Hashes made at a lower n (before 2026-12: 2**14) still verify and are
# made again at this cost on the account's next successful login.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SCRYPT_MAXMEM = 256 * 1024 * 1024
# Tests may hash at a lower cost, and only tests: the variable counts only inside a pytest run.
TEST_COST_ENV = "SCHOOLCARE_TEST_SCRYPT_N"
MIN_PASSWORD = 6
LOGIN_RE = re.compile(r"^[a-z0-9_.\-]{2,32}$")


def scrypt_cost() -> int:
    """The n new hashes get: SCRYPT_N, unless a test lowered it (TEST_COST_ENV, honoured under pytest only)."""
    lowered = os.environ.get(TEST_COST_ENV)
    if lowered and os.environ.get("PYTEST_CURRENT_TEST"):
        return int(lowered)
    return SCRYPT_N


def hash_password(password: str, *, n: int | None = None) -> str:
    """A fresh salt and the scrypt digest, as scrypt$n$r$p$salt$digest (each call its own salt)."""
    n = n or scrypt_cost()
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
                            maxmem=SCRYPT_MAXMEM)
    b64 = base64.b64encode
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    try:
        candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                   dklen=32, maxmem=SCRYPT_MAXMEM)
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except (ValueError, TypeError):  # a damaged hash, or a cost above maxmem: no way in, not a crash
        return False


def needs_rehash(stored: str) -> bool:
    """True for a hash made at a lower cost than new hashes get (the next successful login makes it again)."""
    try:
        _scheme, n, r, _p, _salt, _digest = stored.split("$")
        return int(n) < scrypt_cost() or int(r) != SCRYPT_R
    except ValueError:
        return True


_unknown_login_hash: dict[int, str] = {}


def _hash_for_unknown_login() -> str:
    # Verified against for a login that does not exist, so timing does not tell which logins exist; made once.
    cost = scrypt_cost()
    if cost not in _unknown_login_hash:
        _unknown_login_hash[cost] = hash_password(os.urandom(8).hex(), n=cost)
    return _unknown_login_hash[cost]


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.school_id, staff.name, staff.login, Role(staff.role))


def authenticate(login: str, password: str) -> Actor:
    """The actor for a right login and password. After five failures in a row for a login, each next try is
    refused unchecked for 30 s (throttle); failures are audited (login_failed, the login tried). A hash made at
    a lower cost is made again at today's cost and that is audited (update staff, password_hash: upgraded)."""
    login = login.strip().lower()
    throttle.claim(login)  # counted before the check, so tries arriving together cannot outrun the wait
    staff = Staff.get_or_none(Staff.login == login)
    stored = staff.password_hash if staff else _hash_for_unknown_login()
    if not verify_password(password, stored) or staff is None:
        throttle.failed(login, staff)
        raise AuthError("wrong_login")
    if not staff.active:  # said only to someone who knows the password: a leaver learns why, nobody else
        throttle.succeeded(login)
        raise AuthError("accounts.account_inactive", login=staff.login)
    if needs_rehash(stored):
        _upgrade_hash(staff, password)
    with writing():  # one short write: the count cleared and the login audited together
        throttle.succeeded(login)
        audit.record(actor_for(staff), "login", "staff", staff.id)
    return actor_for(staff)


def _upgrade_hash(staff: Staff, password: str) -> None:
    upgraded = hash_password(password)  # hashed before the transaction: the write lock is held for the update only
    with writing():
        Staff.update(password_hash=upgraded).where(Staff.id == staff.id).execute()
        audit.record(actor_for(staff), "update", "staff", staff.id, changes={"password_hash": "upgraded"})


def is_empty() -> bool:
    """True on a database with no school yet: the app walks the user through set-up."""
    return not School.select().exists()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("min_chars", "password", n=MIN_PASSWORD)


def check_new_account(name: str, login: str, password: str) -> str:
    """A new account's login, cleaned; refused on a missing name, a bad or taken login, a short password."""
    name = visible(name, "name").strip()
    login = login.strip().lower()
    if not name:
        raise ValidationError("required", "name")
    if not LOGIN_RE.match(login):
        raise ValidationError("login_format", "login")
    _check_password(password)
    if Staff.select().where(Staff.login == login).exists():
        raise ValidationError("login_taken", "login", login=login)
    return login


def create_school(school_name: str, coordinator_name: str, login: str, password: str, *,
                  code: str | None = None) -> Actor:
    """The first school of a database with its first coordinator (first run, `schoolcare init`); `code` is its
    county school code, checked as `school add` checks it. Another school: county_accounts.add_school."""
    from schoolcare.services.accounts.county_accounts import check_code

    with writing():
        school, staff = new_school(school_name, coordinator_name, login, password,
                                   code=check_code(code, required=False))
        actor = actor_for(staff)
        audit.record(actor, "create", "school", school.id, changes={"name": school.name, "code": school.code})
        audit.record(actor, "create", "staff", staff.id, changes={"login": staff.login, "role": staff.role})
    return actor


def new_school(school_name: str, coordinator_name: str, login: str, password: str, *,
               code: str | None) -> tuple[School, Staff]:
    """A school and its first coordinator, inside the caller's transaction (the caller audits)."""
    if not visible(school_name, "school").strip():
        raise ValidationError("required", "school")
    login = check_new_account(coordinator_name, login, password)
    school = School.create(name=school_name.strip(), code=code)
    staff = Staff.create(
        school=school, name=coordinator_name.strip(), login=login,
        role=Role.COORDINATOR.value, password_hash=hash_password(password), post="关爱服务中心负责人",
    )
    return school, staff


def add_user(actor: Actor, name: str, role: Role | str, login: str, password: str, **details) -> int:
    """A new account in the actor's school; coordinators only."""
    require(actor, Permission.MANAGE_USERS)
    role = Role(role)
    if role is Role.COUNTY:  # belongs to no school: county_accounts.add_county_account
        raise ValidationError("county.not_a_school_role", "role")
    for key, value in details.items():
        if isinstance(value, str):
            visible(value, key)
    with writing():
        login = check_new_account(name, login, password)
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
