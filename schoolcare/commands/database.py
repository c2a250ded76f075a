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
    from schoolcare.store.database import backup

    if not args.path:
        raise CommandError("db backup needs the file to write: schoolcare db backup PATH", 2)
    ctx.open()
    try:
        backup(Path(args.path))
    except (FileExistsError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    print(f"backed up to {args.path}")
    return 0
