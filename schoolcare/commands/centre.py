"""`schoolcare export readiness|hazards`: the care centre's readiness report and hazard ledger as .xlsx or .csv."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, output_path, print_files


def export_readiness(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Readiness today, or as of the end of --term for a past term."""
    from schoolcare.services.centre import export

    term = ctx.term(args.term or None)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    files = export.export_readiness(actor, ctx.settings, path, args.format, ctx.language,
                                    as_of=term.end if term else None)
    print_files(files, "readiness")
    return 0


def export_hazards(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Every hazard (open, overdue and closed), or those found in --term."""
    from schoolcare.services.centre import export

    term = ctx.term(args.term or None)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    files = export.export_hazards(actor, ctx.settings, path, args.format, ctx.language,
                                  found_from=term.start if term else None, found_to=term.end if term else None)
    print_files(files, "hazards")
    return 0
