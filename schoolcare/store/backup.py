"""SQLite backup files: written owner-only and never over another file, checked before a restore, restored through
SQLite's backup API after the current file is kept as a dated copy next to it.

PostgreSQL databases are backed up with pg_dump and restored with pg_restore
(README); these functions are for the SQLite file of one school.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from schoolcare.domain.errors import Refusal
from schoolcare.domain.shorten import shorten
from schoolcare.store import probe
from schoolcare.store.database import db, is_sqlite

OWNER_ONLY = 0o600
MIGRATION_TABLE = "schema_migration"  # playhouse.migrations.Runner's history table
BUSY_MS = 10_000
PROBLEMS_SHOWN = 3  # of a damaged file's integrity problems, the message names this many and counts the rest
PROBLEM_CHARS = 80


class BackupRefused(Refusal):
    """A backup or restore that cannot go on; the code says why (error.backup.<…>)."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, as the restore asks to confirm it."""

    path: Path
    schools: tuple[str, ...]
    pupils: int
    version: int  # the highest migration number applied in it
    made: dt.datetime  # when the file was written
    last_change: str  # the newest audit row's time ('' when none)


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL or an in-memory database); as make_database reads it."""
    path = probe.sqlite_path(url)
    return None if path is None else Path(path)


def migration_number(name: str) -> int:
    match = re.match(r"(\d+)", name)
    return int(match.group(1)) if match else 0


def backup_to(target: Path) -> None:
    """A consistent copy of the open SQLite database in `target`, readable by its owner only.

    The file is created empty with mode 0600 (O_EXCL: never over another file, no moment
    others could read it), then VACUUM INTO fills it, which SQLite allows for an empty file
    and which works while others read and write."""
    if not is_sqlite():
        raise BackupRefused("cli.backup_sqlite_only")
    target = Path(target)
    if not target.parent.is_dir():
        raise BackupRefused("cli.no_folder", path=str(target), folder=str(target.parent))
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        raise BackupRefused("cli.backup_exists", path=str(target)) from None
    except OSError as exc:
        raise BackupRefused("cli.backup_failed", path=str(target), detail=exc.strerror or str(exc)) from None
    os.close(fd)
    try:
        db.execute_sql("VACUUM INTO ?", (str(target),))
    except Exception as exc:  # a full disk, a folder that went away: no half-written backup left behind
        target.unlink(missing_ok=True)
        raise BackupRefused("cli.backup_failed", path=str(target), detail=str(exc)) from exc


def _connect(path: Path, *, readonly: bool):
    import apsw

    flags = apsw.SQLITE_OPEN_READONLY if readonly else apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE
    connection = apsw.Connection(str(path), flags=flags)
    connection.set_busy_timeout(BUSY_MS)
    return connection


def inspect(path: Path, known_version: int) -> BackupInfo:
    """Check a backup before it is restored: a whole SQLite file (integrity_check), a schoolcare database, of a
    schema this version knows (its migrations ≤ `known_version`)."""
    import apsw

    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupRefused("backup.no_file", path=str(path))
    try:
        connection = _connect(path, readonly=True)
        try:
            check = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {MIGRATION_TABLE, "school", "staff", "pupil", "audit_entry"} <= tables:
                raise BackupRefused("backup.not_schoolcare", path=str(path))
            names = [row[0] for row in connection.execute(f"SELECT name FROM {MIGRATION_TABLE}")]
            schools = tuple(row[0] for row in connection.execute("SELECT name FROM school ORDER BY id"))
            pupils = connection.execute("SELECT COUNT(*) FROM pupil").fetchone()[0]
            last = connection.execute("SELECT MAX(at) FROM audit_entry").fetchone()[0]
        finally:
            connection.close()
    except BackupRefused:
        raise
    except apsw.Error as exc:  # not a database at all, or damaged beyond reading
        raise BackupRefused("backup.damaged", path=str(path), detail=shorten(str(exc), PROBLEM_CHARS)) from None
    if check != ["ok"]:
        problems = integrity_problems(check)
        raise BackupRefused("backup.damaged_problems", path=str(path), count=len(problems),
                            detail="; ".join(shorten(p, PROBLEM_CHARS) for p in problems[:PROBLEMS_SHOWN]))
    version = max((migration_number(name) for name in names), default=0)
    if version > known_version:
        raise BackupRefused("backup.newer", path=str(path), version=version, known=known_version)
    made = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return BackupInfo(path, schools, pupils, version, made, str(last or "")[:16])


def integrity_problems(rows: list[str]) -> list[str]:
    """The problems PRAGMA integrity_check found, one each: SQLite may give them as rows or as lines of one row,
    under a '*** in database main ***' heading that is no problem itself."""
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    return [line for line in lines if line and not (line.startswith("***") and line.endswith("***"))]


def current_summary(path: Path) -> tuple[tuple[str, ...], int] | None:
    """(schools, pupils) of the database file about to be replaced; None when it is missing or unreadable."""
    import apsw

    if not path.is_file():
        return None
    try:
        connection = _connect(path, readonly=True)
        try:
            schools = tuple(row[0] for row in connection.execute("SELECT name FROM school ORDER BY id"))
            pupils = connection.execute("SELECT COUNT(*) FROM pupil").fetchone()[0]
        finally:
            connection.close()
    except apsw.Error:
        return None
    return schools, pupils


def kept_copy_name(current: Path, moment: dt.datetime) -> Path:
    """schoolcare.db → schoolcare.db.before-restore-2026-12-01T1405 (…-2, -3 when restored twice a minute)."""
    base = current.with_name(f"{current.name}.before-restore-{moment:%Y-%m-%dT%H%M}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def restore_file(backup: Path, current: Path, moment: dt.datetime) -> Path | None:
    """Replace the database file `current` with `backup` (already inspected; the models' database closed).

    The current database is first kept whole as a dated, owner-only copy next to it (through
    the backup API, so what its write-ahead log holds is in the copy); an unreadable one is
    copied byte for byte with its -wal. Then the backup is copied into `current` through the
    backup API, which goes through SQLite's locks and log, so nothing stale is left in a -wal
    or -shm. Returns the kept copy (None when there was no current file)."""
    import shutil

    import apsw

    kept = None
    if current.exists():
        kept = kept_copy_name(current, moment)
        os.close(os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
        try:
            _copy(_connect(current, readonly=True), kept)
        except apsw.Error:  # damaged: keep what there is, as it is
            with open(kept, "wb") as out, open(current, "rb") as src:
                shutil.copyfileobj(src, out)
            wal = Path(f"{current}-wal")
            if wal.exists():
                shutil.copyfile(wal, f"{kept}-wal")
                os.chmod(f"{kept}-wal", OWNER_ONLY)
            for suffix in ("", "-wal", "-shm"):  # start the restore on a clean file
                Path(f"{current}{suffix}").unlink(missing_ok=True)
    else:
        current.parent.mkdir(parents=True, exist_ok=True)
    if not current.exists():
        os.close(os.open(current, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    source = _connect(backup, readonly=True)
    try:
        _copy(source, current)
    finally:
        source.close()
    return kept


def _copy(source, target: Path) -> None:
    """Copy the whole of the `source` connection's database into the file `target` with SQLite's backup API."""
    destination = _connect(target, readonly=False)
    try:
        with destination.backup("main", source, "main") as step:
            step.step()  # all pages at once: one consistent snapshot of the source
        destination.execute("PRAGMA journal_mode = wal")
        destination.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        destination.close()
        source.close()
