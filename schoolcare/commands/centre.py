"""`schoolcare export readiness|hazards`: the care centre's readiness report and hazard ledger as .xlsx or .csv."""
from __future__ import annotations

import argparse

from .context import CommandContext, CommandError, output_path


def _term(ctx: CommandContext, term_id: str | None):
    if not term_id:
        return None
    try:
        return ctx.settings.calendar.term(term_id)
    except KeyError:
        known = ", ".join(t.id for t in ctx.settings.calendar.terms)
        raise CommandError(f"--term {term_id}: no such term in the calendar (known: {known})", 2) from None


def _report(files, what: str) -> None:
    for path in files:
        print(f"{what}: {path}")


def export_readiness(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Readiness today, or as of the end of --term for a past term."""
    from schoolcare.services import centre_export

    term = _term(ctx, args.term)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    files = centre_export.export_readiness(actor, ctx.settings, path, args.format, ctx.language,
                                           as_of=term.end if term else None)
    _report(files, "readiness")
    return 0


def export_hazards(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Every hazard (open, overdue and closed), or those found in --term."""
    from schoolcare.services import centre_export

    term = _term(ctx, args.term)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    files = centre_export.export_hazards(actor, ctx.settings, path, args.format, ctx.language,
                                         found_from=term.start if term else None,
                                         found_to=term.end if term else None)
    _report(files, "hazards")
    return 0
