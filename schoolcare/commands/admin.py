"""Commands that set up and look after a school's database: init, demo, generate, config, db, user, the TUI."""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from .context import CommandContext, CommandError


def open_app(args: argparse.Namespace, ctx: CommandContext, demo_accounts=()) -> int:
    from schoolcare.ui.app import make_app

    info = ctx.open()
    make_app(ctx.settings, info, lang=ctx.language, demo_accounts=demo_accounts).run()
    return 0


def init(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services import auth

    ctx.open()
    if not auth.is_empty():
        raise CommandError(f"{ctx.url()} already holds a school; use a new --db")
    password = ctx.password("password for the coordinator: ")
    login = args.login or "coord"
    actor = auth.create_school(args.school, args.coordinator, login, password)
    print(f"created {args.school} in {ctx.url()}")
    print(f"coordinator {actor.login}")
    return 0


def demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.demo import ensure_demo

    ctx.settings  # report config errors before a long first-time build
    print("opening the demo school (the first run builds it; this takes a few seconds)…", file=sys.stderr)
    url, accounts = ensure_demo(ctx.settings)
    ctx.db_url = url
    return open_app(args, ctx, demo_accounts=accounts)


def generate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.generate import generate as generate_data

    if not ctx.db_url:
        raise CommandError("generate writes fictional data: name the database with --db", 2)
    if args.pupils < 1 or args.schools < 1 or (args.weeks is not None and args.weeks < 1):
        raise CommandError("--pupils, --schools and --weeks must be positive", 2)
    password = ctx.password("password for every generated account: ")
    ctx.open()
    started = time.perf_counter()
    accounts = generate_data(
        args.pupils, args.schools, args.weeks, settings=ctx.settings, password=password, seed=args.seed,
        progress=lambda message: print(message, file=sys.stderr),
    )
    for role, login in accounts:
        print(f"{role} {login}")
    print(f"generated {args.pupils} pupils in {args.schools} school(s) in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


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


def _login_from_name(name: str) -> str:
    from schoolcare.services.fictional import pinyin_of

    full, _ = pinyin_of(name)
    return re.sub(r"[^a-z0-9]", "", full.lower()) or "user"


def user_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services import auth

    actor = ctx.open_as_user()
    login = args.login or _login_from_name(args.name)
    password = _new_password(ctx)
    auth.add_user(actor, args.name, args.role, login, password, phone=args.phone)
    print(f"{args.role} {login}")
    return 0


def _new_password(ctx: CommandContext) -> str:
    import getpass
    import os

    from_env = os.environ.get("SCHOOLCARE_NEW_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise CommandError("no password for the new account: set SCHOOLCARE_NEW_PASSWORD")
    first = getpass.getpass("password for the new account: ")
    if getpass.getpass("again: ") != first:
        raise CommandError("the two passwords differ")
    return first
