"""`schoolcare demo` and `generate`: the fictional demo school, and fictional schools at any scale."""
from __future__ import annotations

import argparse
import sys
import time

from schoolcare.commands.app import open_app
from schoolcare.commands.context import CommandContext, CommandError, say


def demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.demo.school import ensure_demo

    _ = ctx.settings  # report config errors before a long first-time build
    print(say("cli.demo_opening"), file=sys.stderr)
    url, accounts = ensure_demo(ctx.settings, url=ctx.db_url)  # --db: the demo in that database
    ctx.db_url = url
    return open_app(args, ctx, demo_accounts=accounts)


def generate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.demo.generate import generate as generate_data

    if not ctx.db_url:
        raise CommandError("cli.generate_needs_db", exit_code=2)
    if args.pupils < 1 or args.schools < 1 or (args.weeks is not None and args.weeks < 1):
        raise CommandError("cli.generate_counts", exit_code=2)
    password = ctx.password(say("cli.prompt.generated_password"))
    ctx.open()
    started = time.perf_counter()
    accounts = generate_data(
        args.pupils, args.schools, args.weeks, settings=ctx.settings, password=password, seed=args.seed,
        progress=lambda message: print(message, file=sys.stderr),
    )
    for role, login in accounts:
        print(say("cli.generated_account", role=role, login=login))  # the role's code: a script reads these lines
    print(say("cli.generated", pupils=args.pupils, schools=args.schools,
              seconds=f"{time.perf_counter() - started:.1f}"), file=sys.stderr)
    return 0
