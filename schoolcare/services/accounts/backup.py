"""Backing up and restoring the school's SQLite database: coordinators only, each audited (who, when, which file)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from schoolcare.domain.roles import Actor, Role
from schoolcare.services import audit
from schoolcare.services.access import check_actor
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.errors import PermissionDenied
from schoolcare.services.tx import writing
from schoolcare.store import backup as files
from schoolcare.store import migrations
from schoolcare.store.backup import BackupInfo, BackupRefused
from schoolcare.store.database import close_database, data_dir, is_sqlite, open_database
from schoolcare.store.models import School, Staff

__all__ = ["BackupInfo", "BackupRefused", "backup", "backups_folder", "check_backup", "default_backup_path",
           "may_restore", "restore"]


def _coordinator(actor: Actor) -> None:
    check_actor(actor)
    if actor.role is not Role.COORDINATOR:
        raise PermissionDenied("backup.coordinator_only")


def default_backup_path(now: dt.datetime | None = None) -> Path:
    """A new file in the data directory named by the moment: schoolcare-backup-2026-12-01T1405.db."""
    moment = now or dt.datetime.now()
    folder = backups_folder()
    base = folder / f"schoolcare-backup-{moment:%Y-%m-%dT%H%M}.db"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base.stem}-{n}.db"
    return candidate


def backups_folder() -> Path:
    """Where the app offers to put backups: the data directory's backups folder."""
    return data_dir() / "backups"


def backup(actor: Actor, path: str | Path) -> Path:
    """Copy the open SQLite database into a new, owner-only file; audited (action backup, the file) after the copy
    is whole. PostgreSQL: refused (pg_dump). Only the app's own backups folder is made when missing (owner-only);
    any other missing folder is refused."""
    _coordinator(actor)
    if not is_sqlite():
        raise BackupRefused("cli.backup_sqlite_only")
    target = Path(path).expanduser().absolute()
    if target.parent == backups_folder().absolute():
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    files.backup_to(target)
    with writing():
        audit.record(actor, "backup", "database", None, changes={"file": str(target)})
    return target


def known_version() -> int:
    # From the files, not the runner: a restore may run with no database open
    return max((files.migration_number(p.name) for p in migrations.DIRECTORY.glob("[0-9]*.py")), default=0)


def check_backup(path: str | Path) -> BackupInfo:
    """What a backup holds, once it is checked (integrity, a schoolcare database, not newer than this version)."""
    return files.inspect(Path(path), known_version())


def may_restore(actor: Actor | None) -> None:
    """A restore replaces everything: only a coordinator of the current database (None: it is missing or
    unreadable, which the command allows only with --yes)."""
    if actor is not None:
        _coordinator(actor)


def restore(actor: Actor | None, backup_path: str | Path, current_url: str, *, now: dt.datetime | None = None
            ) -> Path | None:
    """Replace the current SQLite database with the backup, keeping the current file as a dated copy next to it;
    then open the restored database (upgrading an older schema) and audit the restore in it. Returns the copy."""
    may_restore(actor)
    current = files.sqlite_path(current_url)
    if current is None:
        raise BackupRefused("backup.use_pg_restore")
    info = check_backup(backup_path)
    moment = now or dt.datetime.now()
    close_database()
    kept = files.restore_file(info.path, current, moment)
    open_database(current_url)  # applies the migrations an older backup lacks
    # The restored database has its own staff: the restorer is named, and linked where the login is known there.
    by = Staff.get_or_none(Staff.login == actor.login) if actor else None
    school = by.school_id if by else School.select(School.id).order_by(School.id).scalar()
    with writing():
        audit.record(
            actor_for(by) if by else None, "restore", "database", None, school_id=school,
            changes={"file": str(info.path), "kept": str(kept or ""), "by": actor.login if actor else "",
                     "version": info.version},
        )
    return kept
