"""Backup and restore drill: a coordinator backs up (owner-only, audited), things change, the restore brings the
backup back and keeps the changed file as a dated copy; every refusal is one line and changes nothing."""
from __future__ import annotations

import stat

import apsw
import pytest

from schoolcare.cli import main
from schoolcare.config import load_settings
from schoolcare.demo.generate import generate
from schoolcare.store import database as store_db
from schoolcare.store import migrations
from schoolcare.store.models import AuditEntry, Pupil

PASSWORD = "drill-pass"


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture
def school_db(tmp_path, monkeypatch, settings):
    """A generated school (coordinator coord, teachers t001…) in a SQLite file; its URL."""
    path = tmp_path / "data" / "schoolcare.db"
    url = f"sqlite:///{path}"
    store_db.open_database(url)
    generate(40, settings=settings, password=PASSWORD, seed=5)
    store_db.close_database()
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    yield url
    store_db.close_database()


def _first_pupil(url: str) -> tuple[int, str]:
    store_db.open_database(url)
    try:
        pupil = Pupil.select().order_by(Pupil.id).first()
        return pupil.id, pupil.name
    finally:
        store_db.close_database()


def _read(path, sql):
    connection = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        return list(connection.execute(sql))
    finally:
        connection.close()


def test_backup_change_restore_drill(school_db, tmp_path, capsys):
    current = tmp_path / "data" / "schoolcare.db"
    target = tmp_path / "copy.db"
    assert main(["db", "backup", str(target), "--db", school_db, "--user", "coord", "--lang", "en"]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # only its owner may read the children's data in it
    store_db.open_database(school_db)
    backed = AuditEntry.get(AuditEntry.action == "backup")
    assert str(target) in backed.changes and backed.actor.login == "coord"
    pupil_id, name = _first_pupil(school_db)
    store_db.open_database(school_db)
    Pupil.update(name="改过的名字").where(Pupil.id == pupil_id).execute()  # a change after the backup
    store_db.close_database()

    assert main(["db", "restore", str(target), "--yes", "--db", school_db, "--user", "coord", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "will be replaced" in out and "40 pupils" in out and "kept as" in out
    assert _first_pupil(school_db) == (pupil_id, name)  # the change is gone
    kept = [p for p in current.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert _read(kept[0], f"SELECT name FROM pupil WHERE id = {pupil_id}") == [("改过的名字",)]  # the copy has it
    store_db.open_database(school_db)
    restored = AuditEntry.get(AuditEntry.action == "restore")
    assert str(target) in restored.changes and restored.actor.login == "coord"
    assert store_db.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refusals_are_one_line_and_write_nothing(school_db, tmp_path, capsys):
    as_coord = ["--db", school_db, "--user", "coord", "--lang", "en"]
    assert main(["db", "backup", str(tmp_path / "t.db"), "--db", school_db, "--user", "t001", "--lang", "en"]) == 1
    assert "Only the care-centre coordinator" in capsys.readouterr().err
    assert not (tmp_path / "t.db").exists()
    missing = tmp_path / "no-such-folder" / "copy.db"
    assert main(["db", "backup", str(missing), *as_coord]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err and not missing.parent.exists()
    existing = tmp_path / "existing.db"
    existing.write_text("keep me")
    assert main(["db", "backup", str(existing), *as_coord]) == 1
    assert capsys.readouterr().err == f"schoolcare: {existing} exists; choose a new file name\n"
    assert existing.read_text() == "keep me"  # never overwritten
    assert main(["db", "backup", "--db", school_db]) == 2
    assert "schoolcare db backup" in capsys.readouterr().err
    assert main(["db", "backup", str(tmp_path / "n.db"), "--db", school_db, "--lang", "en"]) == 2  # no --user
    store_db.open_database(school_db)
    assert not AuditEntry.select().where(AuditEntry.action == "backup").exists()


def test_on_postgresql_both_say_to_use_its_tools(tmp_path, capsys):
    url = "postgresql://nobody@127.0.0.1:1/none"
    assert main(["db", "backup", str(tmp_path / "x"), "--db", url, "--lang", "en"]) == 1
    assert "use pg_dump" in capsys.readouterr().err
    assert main(["db", "restore", str(tmp_path / "x"), "--db", url, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pg_restore" in err


@pytest.fixture
def backup_file(school_db, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert main(["db", "backup", str(target), "--db", school_db, "--user", "coord"]) == 0
    capsys.readouterr()
    return target


def _unchanged(tmp_path) -> bool:
    return not [p for p in (tmp_path / "data").iterdir() if ".before-restore-" in p.name]


def test_restore_refuses_a_damaged_foreign_or_newer_file(school_db, backup_file, tmp_path, capsys):
    as_coord = ["--yes", "--db", school_db, "--user", "coord", "--lang", "en"]
    damaged = tmp_path / "damaged.db"
    data = bytearray(backup_file.read_bytes())
    data[4096:8192] = b"\x07" * 4096  # a page overwritten
    damaged.write_bytes(bytes(data))
    assert main(["db", "restore", str(damaged), *as_coord]) == 1
    assert "damaged" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["db", "restore", str(junk), *as_coord]) == 1
    assert "damaged" in capsys.readouterr().err
    foreign = tmp_path / "foreign.db"
    connection = apsw.Connection(str(foreign))
    connection.execute("CREATE TABLE notes (x)")
    connection.close()
    assert main(["db", "restore", str(foreign), *as_coord]) == 1
    assert "not a schoolcare database" in capsys.readouterr().err
    connection = apsw.Connection(str(backup_file))
    connection.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2027-01-01')")
    connection.close()
    assert main(["db", "restore", str(backup_file), *as_coord]) == 1
    err = capsys.readouterr().err
    assert "newer schoolcare (database version 99)" in err and f"up to {int(migrations.names()[-1][:4])}" in err
    assert main(["db", "restore", str(tmp_path / "nothing.db"), *as_coord]) == 1
    assert "no backup file" in capsys.readouterr().err
    assert _unchanged(tmp_path)


def test_restore_needs_a_coordinator_and_a_yes(school_db, backup_file, tmp_path, capsys):
    assert main(["db", "restore", str(backup_file), "--yes", "--db", school_db, "--user", "t001", "--lang", "en"]) == 1
    assert "Only the care-centre coordinator" in capsys.readouterr().err
    assert main(["db", "restore", str(backup_file), "--yes", "--db", school_db, "--lang", "en"]) == 2  # no --user
    assert main(["db", "restore", str(backup_file), "--db", school_db, "--user", "coord", "--lang", "en"]) == 1
    assert "add --yes" in capsys.readouterr().err  # no terminal to ask at
    assert _unchanged(tmp_path)


def test_restore_over_a_missing_database_needs_yes_and_says_so(school_db, backup_file, tmp_path, capsys):
    elsewhere = f"sqlite:///{tmp_path / 'new' / 'schoolcare.db'}"
    assert main(["db", "restore", str(backup_file), "--db", elsewhere, "--lang", "en"]) == 1
    assert "missing or unreadable" in capsys.readouterr().err
    assert main(["db", "restore", str(backup_file), "--yes", "--db", elsewhere, "--lang", "en"]) == 0
    assert "missing or unreadable" in capsys.readouterr().out
    assert _first_pupil(elsewhere) == _first_pupil(school_db)
    store_db.open_database(elsewhere)
    restored = AuditEntry.get(AuditEntry.action == "restore")
    assert restored.actor is None and restored.school_id is not None  # nobody was checked: the row says so


def test_an_older_backup_is_upgraded_when_restored(school_db, backup_file, capsys):
    connection = apsw.Connection(str(backup_file))
    connection.execute("DELETE FROM schema_migration WHERE name = '0010_failed_logins'; DROP TABLE failed_login")
    connection.close()
    assert main(["db", "restore", str(backup_file), "--yes", "--db", school_db, "--user", "coord"]) == 0
    store_db.open_database(school_db, upgrade=False)
    from schoolcare.store import migrations

    assert migrations.pending() == []
    assert store_db.db.table_exists("failed_login")


def test_a_damaged_current_database_is_kept_as_it_was_and_replaced(school_db, backup_file, tmp_path, capsys):
    current = tmp_path / "data" / "schoolcare.db"
    for suffix in ("-wal", "-shm"):
        (tmp_path / "data" / f"schoolcare.db{suffix}").unlink(missing_ok=True)
    current.write_bytes(b"garbage, not a database" * 50)
    assert main(["db", "restore", str(backup_file), "--db", school_db, "--lang", "en"]) == 1  # needs --yes
    assert main(["db", "restore", str(backup_file), "--yes", "--db", school_db, "--lang", "en"]) == 0
    assert "missing or unreadable" in capsys.readouterr().out
    kept = [p for p in current.parent.iterdir() if p.name.startswith("schoolcare.db.before-restore-")]
    assert [p.read_bytes() for p in kept] == [b"garbage, not a database" * 50]
    assert _read(current, "PRAGMA integrity_check") == [("ok",)]
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["db", "backup", str(folder), "--db", school_db, "--user", "coord", "--lang", "en"]) == 1
    assert "exists" in capsys.readouterr().err  # a folder is not a file to write


def test_a_badly_damaged_backup_names_a_few_problems_and_counts_them(tmp_path):
    """Thousands of characters of integrity_check output (one row of many lines) become three problems and a count."""
    import random

    from schoolcare.i18n import reason
    from schoolcare.store import backup

    path = tmp_path / "damaged.db"
    connection = apsw.Connection(str(path))
    connection.execute("PRAGMA page_size=1024; CREATE TABLE schema_migration (name); CREATE TABLE school (id, name);"
                       "CREATE TABLE staff (id); CREATE TABLE pupil (id); CREATE TABLE audit_entry (at);"
                       "CREATE TABLE filler (a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX filler_b ON filler (b);")
    with connection:
        connection.executemany("INSERT INTO filler (b) VALUES (?)", [(f"x{i}" * 5,) for i in range(20_000)])
    connection.close()
    data, rng = bytearray(path.read_bytes()), random.Random(1)
    for page in range(10, len(data) // 1024, 7):  # the small tables stay readable (pages 2–6), the filler does not
        data[page * 1024 + 100:page * 1024 + 140] = bytes(rng.randrange(256) for _ in range(40))
    path.write_bytes(bytes(data))
    with pytest.raises(backup.BackupRefused) as refused:
        backup.inspect(path, 99)
    assert refused.value.code == "backup.damaged_problems"
    assert refused.value.params["count"] > 20 and refused.value.params["detail"].count("; ") == 2
    for lang in ("zh-CN", "en"):
        text = reason(refused.value.code, refused.value.params, lang)
        assert len(text) < len(str(path)) + 400 and "\n" not in text and "***" not in text
        assert str(refused.value.params["count"]) in text


def test_integrity_problems_are_counted_once_each_whether_rows_or_lines():
    from schoolcare.store.backup import integrity_problems

    assert integrity_problems(["ok"]) == ["ok"]
    assert integrity_problems(["*** in database main ***\nPage 5: never used\nPage 6: never used"]) == [
        "Page 5: never used", "Page 6: never used"]
    assert integrity_problems(["row 1 missing from index i", "row 2 missing from index i"]) == [
        "row 1 missing from index i", "row 2 missing from index i"]
