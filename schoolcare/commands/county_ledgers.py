"""`schoolcare export county-ledger|county-quarterly|county-term-report`: the county's ledgers as a county
account writes them (the same services, so the same figures, as the county's screens)."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, CommandError, output_path, print_files, say


def export_county(args: argparse.Namespace, ctx: CommandContext) -> int:
    """One county ledger to -o PATH as xlsx (laid out for print) or csv; --term for the master ledger and the
    term report, --quarter for the quarterly roll-up."""
    from schoolcare.services.county import county_ledgers
    from schoolcare.services.errors import ValidationError
    from schoolcare.services.reports import quarterly

    term = ctx.term(args.term)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    quarter = None
    if args.what == "county-quarterly":
        try:
            quarter = quarterly.parse_quarter(args.quarter)
        except ValidationError as exc:  # a usage error: named after the option, exit 2
            raise CommandError(exc.code, "--quarter", exit_code=2, **exc.params) from None
    files = county_ledgers.export(actor, ctx.settings, args.what, path, args.format, lang=ctx.language,
                                  term_id=term.id if term else None, quarter=quarter)
    print_files(files, args.what)
    print(say("county_ledger.cli.schools", n=len(county_ledgers.school_lines(actor))))
    return 0
