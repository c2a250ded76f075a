"""`schoolcare init` and `user add`: a new school's database with its coordinator, and the accounts of its staff."""
from __future__ import annotations

import argparse
import re
import sys

from schoolcare.commands.context import CommandContext, CommandError


def init(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.accounts import auth

    ctx.open()
    if not auth.is_empty():
        raise CommandError("cli.school_exists", url=ctx.url())
    password = ctx.password("password for the coordinator: ")
    login = args.login or "coord"
    actor = auth.create_school(args.school, args.coordinator, login, password)
    print(f"created {args.school} in {ctx.url()}")
    print(f"coordinator {actor.login}")
    return 0


def user_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.accounts import auth

    actor = ctx.open_as_user()
    login = args.login or _login_from_name(args.name)
    password = _new_password(ctx)
    auth.add_user(actor, args.name, args.role, login, password, phone=args.phone)
    print(f"{args.role} {login}")
    return 0


def _login_from_name(name: str) -> str:
    from schoolcare.services.registry.search_keys import pinyin_of

    full, _ = pinyin_of(name)
    return re.sub(r"[^a-z0-9]", "", full.lower()) or "user"


def _new_password(ctx: CommandContext) -> str:
    import getpass
    import os

    from_env = os.environ.get("SCHOOLCARE_NEW_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise CommandError("cli.no_new_password")
    first = getpass.getpass("password for the new account: ")
    if getpass.getpass("again: ") != first:
        raise CommandError("passwords_differ")
    return first
