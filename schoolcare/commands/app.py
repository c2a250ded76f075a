"""Opening the TUI on the chosen database: the one path the CLI, `demo` and every test take to make_app."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext


def open_app(args: argparse.Namespace, ctx: CommandContext, demo_accounts=()) -> int:
    from schoolcare.ui.app import make_app

    info = ctx.open()
    make_app(ctx.settings, info, lang=ctx.language, demo_accounts=demo_accounts).run()
    return 0
