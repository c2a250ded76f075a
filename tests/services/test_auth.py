"""Accounts: scrypt hashes never the password (at n=2**17, old ones upgraded), first-run set-up, login audited,
failed logins slowed."""
from __future__ import annotations

import pytest

from schoolcare.domain.roles import Role
from schoolcare.services.accounts import auth
from schoolcare.services.errors import AuthError, ValidationError
from schoolcare.store.models import AuditEntry, School, Staff


def test_password_is_stored_as_a_salted_scrypt_hash(db_url):
    actor = auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    stored = Staff.get_by_id(actor.staff_id).password_hash
    assert stored.startswith(f"scrypt${auth.scrypt_cost()}$8$1$") and "long-password" not in stored
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


def test_the_shipped_cost_is_n_2_17_and_an_old_hash_is_upgraded_at_login(db_url, monkeypatch):
    monkeypatch.delenv(auth.TEST_COST_ENV)  # the real cost, as shipped (~0.5 s a hash)
    assert auth.scrypt_cost() == 2**17
    school = School.create(name="青石镇中心小学")
    old = auth.hash_password("long-password", n=2**14)  # as hashes were made before
    staff = Staff.create(school=school, name="周协调", login="coord", role="coordinator", password_hash=old)
    assert auth.needs_rehash(old)
    actor = auth.authenticate("coord", "long-password")
    upgraded = Staff.get_by_id(staff.id).password_hash
    assert upgraded.startswith("scrypt$131072$8$1$") and upgraded != old
    assert auth.verify_password("long-password", upgraded) and not auth.needs_rehash(upgraded)
    audited = AuditEntry.get((AuditEntry.action == "update") & (AuditEntry.entity_id == actor.staff_id))
    assert "upgraded" in audited.changes and "long-password" not in audited.changes


def test_a_hash_that_is_damaged_or_too_costly_lets_nobody_in(db_url):
    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    assert not auth.verify_password("x", "scrypt$1073741824$8$1$AAAA$AAAA")  # above maxmem: refused, no crash
    assert not auth.verify_password("x", "scrypt$16$8$1$not base64!$AAAA")
    Staff.update(password_hash="!pending").execute()
    with pytest.raises(AuthError):
        auth.authenticate("coord", "long-password")


def _fail(login: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AuthError) as wrong:
            auth.authenticate(login, "wrong-password")
        assert wrong.value.code == "wrong_login"


def test_after_five_failures_the_next_try_waits_30_s_unchecked(db_url, monkeypatch):
    import datetime as dt

    from schoolcare.services.accounts import throttle

    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    clock = [dt.datetime(2026, 12, 1, 14, 0, 0)]
    monkeypatch.setattr(throttle, "now", lambda: clock[0])
    _fail("coord", 5)
    with pytest.raises(AuthError) as waiting:
        auth.authenticate("coord", "long-password")  # even the right password is not checked yet
    assert (waiting.value.code, waiting.value.params) == ("accounts.login_wait", {"seconds": 30})
    clock[0] += dt.timedelta(seconds=20)
    with pytest.raises(AuthError) as still:
        auth.authenticate("coord", "long-password")
    assert still.value.params == {"seconds": 10}
    clock[0] += dt.timedelta(seconds=10)
    _fail("coord", 1)  # one try after the wait; wrong again: another 30 s
    with pytest.raises(AuthError):
        auth.authenticate("coord", "long-password")
    clock[0] += dt.timedelta(seconds=31)
    assert auth.authenticate("coord", "long-password").login == "coord"
    _fail("coord", 4)  # the success started the count again
    assert auth.authenticate("coord", "long-password").login == "coord"
    failed = AuditEntry.select().where(AuditEntry.action == "login_failed")
    assert failed.count() == 5 + 1 + 4  # each checked failure, none of the refused waits
    assert all('"coord"' in row.changes and "wrong-password" not in row.changes for row in failed)


def test_an_unknown_login_waits_the_same_so_the_wait_tells_nothing(db_url, monkeypatch):
    from schoolcare.services.accounts import throttle

    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    _fail("nobody", 5)
    with pytest.raises(AuthError) as waiting:
        auth.authenticate("nobody", "long-password")
    assert waiting.value.code == "accounts.login_wait"
    assert auth.authenticate("coord", "long-password").login == "coord"  # another account is not slowed
    assert throttle.FailedLogin.get(throttle.FailedLogin.login == "nobody").failures == 5


def test_generated_accounts_each_have_their_own_salt_and_hash(db_url):
    from schoolcare.config import load_settings
    from schoolcare.demo.generate import generate

    accounts = generate(20, settings=load_settings(), password="shared-pass", seed=2)
    hashes = [s.password_hash for s in Staff.select()]
    assert len(hashes) == len(accounts) > 3 and len(set(hashes)) == len(hashes)
    assert len({h.split("$")[4] for h in hashes}) == len(hashes)  # a salt each
    assert all(auth.verify_password("shared-pass", h) for h in hashes)


def test_tries_arriving_together_check_at_most_five_passwords(db_url, monkeypatch):
    """Ten wrong tries at once for one login: five are checked, the rest wait unchecked (claim counts first)."""
    import threading
    import time

    from schoolcare.store.database import db

    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    checked, lock = [], threading.Lock()
    real_verify = auth.verify_password

    def slow_verify(password, stored):
        with lock:
            checked.append(password)
        time.sleep(0.2)  # a check takes time (scrypt): the others arrive meanwhile
        return real_verify(password, stored)

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    start, codes = threading.Barrier(10), []

    def try_once():
        with db.connection_context():
            start.wait()
            try:
                auth.authenticate("coord", "wrong-password")
            except AuthError as refused:
                with lock:
                    codes.append(refused.code)

    threads = [threading.Thread(target=try_once) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 5
    assert sorted(codes) == ["accounts.login_wait"] * 5 + ["wrong_login"] * 5
    assert AuditEntry.select().where(AuditEntry.action == "login_failed").count() == 5
    with pytest.raises(AuthError) as waiting:
        auth.authenticate("coord", "long-password")
    assert waiting.value.code == "accounts.login_wait"


def test_a_right_password_clears_the_try_it_counted(db_url):
    from schoolcare.services.accounts import throttle

    auth.create_school("青石镇中心小学", "周协调", "coord", "long-password")
    _fail("coord", 4)
    assert auth.authenticate("coord", "long-password").login == "coord"
    assert not throttle.FailedLogin.select().exists()
    Staff.update(active=False).where(Staff.login == "coord").execute()
    for _ in range(6):  # a leaver who knows the password is told why each time, never made to wait
        with pytest.raises(AuthError) as inactive:
            auth.authenticate("coord", "long-password")
        assert inactive.value.code == "accounts.account_inactive"
