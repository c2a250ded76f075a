"""Accounts: scrypt hashes never the password, first-run set-up, login audited."""
from __future__ import annotations

import pytest

from schoolcare.domain.roles import Role
from schoolcare.services.accounts import auth
from schoolcare.services.errors import AuthError, ValidationError
from schoolcare.store.models import AuditEntry, Staff


def test_password_is_stored_as_a_salted_scrypt_hash(db_url):
    actor = auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    stored = Staff.get_by_id(actor.staff_id).password_hash
    assert stored.startswith("scrypt$16384$") and "long-password" not in stored
    assert auth.hash_password("long-password") != auth.hash_password("long-password")  # salted
    assert auth.verify_password("long-password", stored)
    assert not auth.verify_password("long-passworD", stored)


def test_login_right_and_wrong(db_url):
    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    assert auth.authenticate("COORD ", "long-password").role is Role.COORDINATOR
    with pytest.raises(AuthError):
        auth.authenticate("coord", "nope")
    with pytest.raises(AuthError):
        auth.authenticate("nobody", "long-password")
    logins = AuditEntry.select().where(AuditEntry.action == "login")
    assert logins.count() == 1  # only the successful one


def test_creating_the_school_and_users_is_audited(db_url):
    actor = auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    auth.add_user(actor, "郑老师", Role.TEACHER, "zheng", "teacher-pass")
    actions = [(a.action, a.entity) for a in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == [("create", "school"), ("create", "staff"), ("create", "staff")]
    assert all("teacher-pass" not in a.changes for a in AuditEntry.select())


def test_bad_accounts_name_the_field(db_url):
    actor = auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    with pytest.raises(ValidationError) as short:
        auth.add_user(actor, "郑老师", Role.TEACHER, "zheng", "123")
    assert short.value.field == "password"
    with pytest.raises(ValidationError) as taken:
        auth.add_user(actor, "郑老师", Role.TEACHER, "coord", "long-enough")
    assert taken.value.field == "login"
    assert Staff.select().count() == 1  # nothing half-written


def test_is_empty_until_a_school_exists(db_url):
    assert auth.is_empty()
    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    assert not auth.is_empty()
