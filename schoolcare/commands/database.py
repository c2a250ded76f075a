"""`schoolcare config check` and `db upgrade | backup`: checking the configuration and looking after the database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError


def config_check(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.config import check_config, default_config_dir

    directory = Path(args.dir or ctx.config_dir or default_config_dir())
    problems = check_config(directory)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"{directory}: ok")
    return 0


def db_upgrade(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.store import migrations

    info = ctx.open(upgrade=False)
    applied = migrations.upgrade()
    print(f"{info.backend} {info.version}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return 0


def db_backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    """A consistent copy of the SQLite file; never overwrites, and says why when it cannot write (one line)."""
    from schoolcare.store.database import backup, is_sqlite

    if not args.path:
        raise CommandError("cli.backup_needs_path", exit_code=2)
    target = Path(args.path).expanduser()
    if target.exists():
        raise CommandError("cli.backup_exists", path=args.path)
    if not target.parent.is_dir():
        raise CommandError("cli.no_folder", path=args.path, folder=str(target.parent))
    ctx.open()
    if not is_sqlite():
        raise CommandError("cli.backup_sqlite_only", "--db")
    try:
        backup(target)
    except FileExistsError:  # written by someone else meanwhile
        raise CommandError("cli.backup_exists", path=args.path) from None
    except Exception as exc:  # a folder we may not write, a full disk …
        raise CommandError("cli.backup_failed", path=args.path, detail=str(exc)) from exc
    print(f"backed up to {args.path}")
    return 0
