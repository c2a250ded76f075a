"""`schoolcare config check` and `db upgrade | backup | restore`: checking the configuration and looking after the
database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError, confirmed, listed, problem_line, say


def config_check(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.config import check_config, default_config_dir

    directory = Path(args.dir or ctx.config_dir or default_config_dir())
    problems = check_config(directory)
    for problem in problems:
        print(problem_line(problem))
    if problems:
        print(say("cli.config_problems", n=len(problems), directory=directory), file=sys.stderr)
        return 1
    print(say("cli.config_ok", directory=directory))
    return 0


def db_upgrade(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.store import migrations

    info = ctx.open(upgrade=False)
    applied = migrations.upgrade()
    done = say("cli.db_applied", names=", ".join(applied)) if applied else say("cli.db_up_to_date")
    print(say("cli.db_state", backend=info.backend, version=info.version, done=done))
    return 0


def _sqlite_only(ctx: CommandContext, code: str) -> None:
    """PostgreSQL is backed up and restored with its own tools: say which, in one line (README shows how)."""
    from schoolcare.store.backup import sqlite_path

    if sqlite_path(ctx.url()) is None:
        raise CommandError(code, "--db")


def db_backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    """A consistent, owner-only copy of the SQLite file, made by a coordinator (--user) and audited; never
    overwrites, and a missing folder or an unwritable file is one line."""
    from schoolcare.services.accounts import backup

    if not args.path:
        raise CommandError("cli.backup_needs_path", exit_code=2)
    _sqlite_only(ctx, "cli.backup_sqlite_only")
    target = Path(args.path).expanduser()
    if target.exists():
        raise CommandError("cli.backup_exists", path=args.path)
    if not target.parent.is_dir():
        raise CommandError("cli.no_folder", path=args.path, folder=str(target.parent))
    actor = ctx.open_as_user()
    written = backup.backup(actor, target)
    print(say("backup.done", path=str(written)))
    return 0


def db_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Replace the SQLite database with a checked backup, after asking (unless --yes), keeping the current file
    as a dated copy next to it; a coordinator of the current database restores, or anyone with --yes when it is
    missing or unreadable."""
    from schoolcare.services.accounts import backup
    from schoolcare.store.backup import current_summary, sqlite_path

    if not args.path:
        raise CommandError("backup.restore_needs_path", exit_code=2)
    _sqlite_only(ctx, "backup.use_pg_restore")
    info = backup.check_backup(Path(args.path).expanduser())
    current = sqlite_path(ctx.url())
    summary = current_summary(current)
    actor = None
    if summary is None:
        if not args.yes:
            raise CommandError("backup.no_current_needs_yes", path=str(current))
        print(say("backup.no_current", path=str(current)))
    else:
        actor = ctx.open_as_user()
        backup.may_restore(actor)
        ctx.close()
    print(say("backup.will_replace", path=str(current), schools=listed(summary[0]) if summary else "-",
              pupils=summary[1] if summary else 0))
    print(say("backup.with_backup", path=str(info.path), schools=listed(info.schools) or "-", pupils=info.pupils,
              made=info.made.isoformat(" ", "minutes"), last=info.last_change or "-", version=info.version))
    if not confirmed(args.yes, "backup.restore_needs_yes", "backup.confirm_prompt", "backup.not_restored"):
        return 1
    kept = backup.restore(actor, info.path, ctx.url())
    ctx._opened = True  # restore() opened the restored database: close it on the way out
    if kept:
        print(say("backup.kept", path=str(kept)))
    print(say("backup.restored", path=str(current)))
    return 0
