"""`schoolcare report term`, `export term-report` and `export quarterly`: the principal's term figures and the
civil-affairs ledger update, headless (the same services, so the same figures, as the screens)."""
from __future__ import annotations

import argparse

from .context import CommandContext, CommandError, output_path


def _files(files, what: str) -> None:
    for path in files:
        print(f"{what}: {path}")


def export_quarterly(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The pupil ledger as of --quarter (default: the current one), marked against the last submission;
    --record-submission then records it as submitted today (coordinator)."""
    from schoolcare.services import quarterly
    from schoolcare.services.errors import ValidationError

    path = output_path(args.output)
    actor = ctx.open_as_user()
    try:
        quarter = quarterly.parse_quarter(args.quarter)
    except ValidationError as exc:
        raise CommandError(f"--quarter {args.quarter}: {exc.message}", 2) from None
    ledger, files, submission = quarterly.export(actor, path, args.format, quarter, lang=ctx.language,
                                                 record=args.record_submission)
    _files(files, "quarterly")
    counts = ", ".join(f"{mark.replace('_', ' ')} {ledger.count(mark)}"
                       for mark in ("new", "left", "status_changed", "guardian_changed"))
    base = (f"since the submission of {ledger.base.submitted_on.isoformat()} ({ledger.base.quarter.label})"
            if ledger.base else "first submission: nothing to compare with")
    print(f"{ledger.quarter.label}: {len(ledger.rows)} pupils; {counts}; {base}")
    if submission:
        print(f"recorded as submitted on {submission.submitted_on.isoformat()} by {submission.submitted_by}")
    return 0
