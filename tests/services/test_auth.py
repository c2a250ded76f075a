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
    with pytest.raises(AuthError) as wrong_password:
        auth.authenticate("coord", "nope")
    with pytest.raises(AuthError) as unknown_login:
        auth.authenticate("nobody", "long-password")
    # The same refusal either way: it never says which of the two was wrong.
    assert wrong_password.value.code == unknown_login.value.code == "wrong_login"
    assert wrong_password.value.field == unknown_login.value.field == ""
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
    assert (short.value.code, short.value.field, short.value.params) == ("min_chars", "password", {"n": 6})
    with pytest.raises(ValidationError) as taken:
        auth.add_user(actor, "郑老师", Role.TEACHER, "coord", "long-enough")
    assert (taken.value.code, taken.value.field, taken.value.params) == ("login_taken", "login", {"login": "coord"})
    with pytest.raises(ValidationError) as badly_formed:
        auth.add_user(actor, "郑老师", Role.TEACHER, "Zheng Laoshi", "long-enough")
    assert (badly_formed.value.code, badly_formed.value.field) == ("login_format", "login")
    with pytest.raises(ValidationError) as nameless:
        auth.add_user(actor, " ", Role.TEACHER, "zheng", "long-enough")
    assert (nameless.value.code, nameless.value.field) == ("required", "name")
    assert Staff.select().count() == 1  # nothing half-written


def test_is_empty_until_a_school_exists(db_url):
    assert auth.is_empty()
    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    assert not auth.is_empty()


def test_a_password_is_reset_only_for_staff_of_the_school(db_url):
    actor = auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    with pytest.raises(ValidationError) as short:
        auth.set_password(actor, actor.staff_id, "12345")
    assert (short.value.code, short.value.params) == ("min_chars", {"n": 6})
    with pytest.raises(ValidationError) as elsewhere:
        auth.set_password(actor, actor.staff_id + 99, "long-enough")
    assert (elsewhere.value.code, elsewhere.value.field) == ("accounts.no_staff", "staff")
    assert elsewhere.value.params == {"id": actor.staff_id + 99}
