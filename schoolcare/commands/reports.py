"""`schoolcare report term`, `export term-report` and `export quarterly`: the principal's term figures and the
civil-affairs ledger update, headless (the same services, so the same figures, as the screens)."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, CommandError, aligned, output_path, print_files


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
    counts = ", ".join(f"{mark.replace('_', ' ')} {ledger.count(mark)}"
                       for mark in ("new", "left", "status_changed", "guardian_changed"))
    base = (f"since the submission of {ledger.base.submitted_on.isoformat()} ({ledger.base.quarter.label})"
            if ledger.base else "first submission: nothing to compare with")
    print(f"{ledger.quarter.label}: {len(ledger.rows)} pupils; {counts}; {base}")
    if submission:
        print(f"recorded as submitted on {submission.submitted_on.isoformat()} by {submission.submitted_by}")
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
    print(f"{progress.term.id}: as of {progress.as_of.isoformat()}")
    return 0
