"""`schoolcare report term`, `export term-report` and `export quarterly`: the principal's term figures and the
civil-affairs ledger update, headless (the same services, so the same figures, as the screens)."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, CommandError, aligned, output_path, print_files, say
from schoolcare.i18n import label


def export_quarterly(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The pupil ledger as of --quarter (default: the current one), marked against the last submission;
    --record-submission then records it as submitted today (coordinator)."""
    from schoolcare.services.errors import ValidationError
    from schoolcare.services.reports import quarterly

    path = output_path(args.output)
    actor = ctx.open_as_user()
    try:
        quarter = quarterly.parse_quarter(args.quarter)
    except ValidationError as exc:  # a usage error: named after the option, exit 2
        raise CommandError(exc.code, "--quarter", exit_code=2, **exc.params) from None
    ledger, files, submission = quarterly.export(actor, path, args.format, quarter, lang=ctx.language,
                                                 record=args.record_submission)
    print_files(files, "quarterly")
    base = (say("cli.quarterly.since", date=ledger.base.submitted_on.isoformat(), quarter=ledger.base.quarter.label)
            if ledger.base else say("cli.quarterly.first"))
    print(say("cli.quarterly.summary", quarter=ledger.quarter.label, n=len(ledger.rows), new=ledger.count("new"),
              left=ledger.count("left"), status=ledger.count("status_changed"),
              guardian=ledger.count("guardian_changed"), base=base))
    if submission:
        print(say("cli.quarterly.recorded", date=submission.submitted_on.isoformat(), by=submission.submitted_by))
    return 0


def report_term(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The term summary the principal's screen shows: text (with classes and teachers, weakest first) or CSV."""
    import sys

    from schoolcare.services.reports import term_report
    from schoolcare.services.reports import term_sheets as sheets
    from schoolcare.services.tabular import write_csv

    term = ctx.term(args.term)
    actor = ctx.open_as_user()
    progress = term_report.term_progress(actor, ctx.settings, term.id if term else None)
    from schoolcare.services.accounts.school import school_name

    summary = sheets.summary_sheet(progress, school_name(actor), ctx.language)
    if args.format == "csv":
        write_csv(sys.stdout, summary.headers, summary.rows)
        return 0
    print("\n".join(aligned([summary.headers, *summary.rows])))
    for group in sheets.group_sheets(progress, ctx.language):
        print(f"\n{group.title}")
        print("\n".join(aligned([group.headers[:5], *(row[:5] for row in group.rows)])))
    return 0


def export_term_report(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The term report as one workbook (summary + a sheet per section) or a set of CSV files."""
    from schoolcare.services.reports import term_sheets

    term = ctx.term(args.term)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    progress, files = term_sheets.export(actor, ctx.settings, path, args.format, term.id if term else None,
                                                lang=ctx.language)
    print_files(files, "term-report")
    print(say("cli.term_report.as_of", term=label(progress.term.name), date=progress.as_of.isoformat()))
    return 0
