"""Writes wait their turn: a busy database is waited for, then refused in words, never a driver's exception."""
from __future__ import annotations

import subprocess
import sys
import time

import peewee as pw
import pytest

from schoolcare.i18n import reason
from schoolcare.services import tx
from schoolcare.services.care.calls_talks import log_call
from schoolcare.store import database as store_db
from schoolcare.store.models import AuditEntry, FamilyCall
from tests.databases import open_sqlite
from tests.factories import build_small_school

HOLD = """
import sys, time, apsw
c = apsw.Connection(sys.argv[1])
c.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
"""


@pytest.fixture
def sqlite_school(tmp_path, monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)  # SQLite's own wait per BEGIN; tx retries on top
    url = open_sqlite(tmp_path)
    school = build_small_school()
    yield url.split(":///", 1)[1], school
    store_db.close_database()


def hold_write_lock(path: str, seconds: float) -> subprocess.Popen:
    """Another process holding SQLite's write lock for `seconds` (as a long import once did)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, path, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def call_draft(school):
    from schoolcare.domain import clock
    from schoolcare.domain.care import CallDraft

    return CallDraft(school.pupil_ids[0], clock.today(), notes="during the lock")


def test_a_write_waits_for_a_lock_released_within_the_budget(sqlite_school, monkeypatch):
    path, school = sqlite_school
    monkeypatch.setattr(tx, "BUSY_BUDGET_S", 10.0)
    holder = hold_write_lock(path, 1.5)
    started = time.monotonic()
    row = log_call(school.teacher, call_draft(school))  # several BEGINs turned away, then one gets the lock
    waited = time.monotonic() - started
    holder.wait(10)
    assert waited >= 1.0
    assert FamilyCall.get_by_id(row.id).notes == "during the lock"
    assert AuditEntry.select().where((AuditEntry.entity == "family_call") & (AuditEntry.entity_id == row.id)).count() == 1


def test_a_lock_held_past_the_budget_is_a_busy_refusal(sqlite_school, monkeypatch):
    path, school = sqlite_school
    monkeypatch.setattr(tx, "BUSY_BUDGET_S", 0.8)
    holder = hold_write_lock(path, 4)
    try:
        started = time.monotonic()
        with pytest.raises(tx.DatabaseBusy) as refused:
            log_call(school.teacher, call_draft(school))
        assert time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait(10)
    assert refused.value.code == "db.busy"
    assert "try again" in reason(refused.value.code, refused.value.params, lang="en")
    assert FamilyCall.select().where(FamilyCall.notes == "during the lock").count() == 0  # nothing half-written


def test_driver_errors_become_refusals():
    busy = pw.OperationalError("database is locked")
    assert tx.database_refusal(busy).code == "db.busy"
    gone = pw.OperationalError(type("OperationalError", (Exception,), {})("server closed the connection"))
    assert tx.database_refusal(gone).code == "db.unavailable"
    other = pw.IntegrityError("UNIQUE constraint failed: pupil.student_no")
    assert tx.database_refusal(other).code == "db.failed"
    assert tx.database_refusal(ValueError("not ours")) is None


def test_a_first_write_rolled_back_by_a_conflict_runs_again_but_never_a_committed_one(monkeypatch):
    monkeypatch.setattr(tx, "FIRST_PAUSE_S", 0.001)
    attempts = []

    def conflicted_once():
        attempts.append(1)
        if len(attempts) == 1:
            raise tx.DatabaseBusy("db.busy", retry=True)
        return "saved"

    assert tx.unit_of_work(conflicted_once) == "saved" and len(attempts) == 2

    def committed_then_conflicted():
        tx._local.commits = getattr(tx._local, "commits", 0) + 1  # a first transaction went through
        raise tx.DatabaseBusy("db.busy", retry=True)

    with pytest.raises(tx.DatabaseBusy):
        tx.unit_of_work(committed_then_conflicted)


def test_the_command_line_says_busy_in_one_line(sqlite_school, monkeypatch, capsys):
    from schoolcare import cli

    path, _school = sqlite_school
    store_db.close_database()
    monkeypatch.setattr(tx, "BUSY_BUDGET_S", 0.5)
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "secret-pw")
    holder = hold_write_lock(path, 4)
    try:  # `class add` writes: it waits, then says so
        code = cli.main(["--db", f"sqlite:///{path}", "--lang", "en", "class", "add", "五年级(1)班", "--user", "coord"])
    finally:
        holder.kill()
        holder.wait(10)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "database is busy" in err and "Traceback" not in err


def test_the_screens_say_busy_in_words():
    from schoolcare.ui.worker import explain

    assert explain(pw.OperationalError("database is locked")) == reason("db.busy")


def test_an_import_read_outside_the_lock_creates_no_pupil_twice(db_url, tmp_path, monkeypatch):
    """Someone adds a pupil the file also lists while the file is being read: the import updates that pupil."""
    import datetime as dt

    from schoolcare.services.registry import roster_import
    from schoolcare.store.models import Pupil
    from tests.drills.roster import write_roster
    from tests.factories import add_pupil

    school = build_small_school()
    roster = write_roster(tmp_path / "roster.csv", 30)
    real_read = roster_import._read

    def read_then_someone_adds(*args):
        read = real_read(*args)
        add_pupil(school.school_id, school.class_ids[0], "D000007", "先来的")  # meanwhile, in another session
        return read

    monkeypatch.setattr(roster_import, "_read", read_then_someone_adds)
    _preview, result = roster_import.import_roster(school.coordinator, roster, dt.date(2026, 11, 28))
    assert (result.created, result.updated) == (29, 1)
    assert Pupil.select().where(Pupil.student_no == "D000007").count() == 1
    assert Pupil.select().where(Pupil.student_no.startswith("D")).count() == 30
