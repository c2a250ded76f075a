"""`schoolcare report inbox` and `schoolcare inbox mark ID --status …`: a county office's inbox of the reports the
schools sent it, headless. An item is named KIND:ID, e.g. incident_report:12 or dropout_report:7."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext, aligned, cell, say


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else cell(value)


def inbox_rows(items, lang: str) -> tuple[list[str], list[list[object]]]:
    """The inbox as a table: the item's ID, what, from which school, about whom, when, how, its status."""
    from schoolcare.i18n import text, word
    from schoolcare.services.county.inbox import subject_text

    headers = [text(lang, f"inbox.col.{c}") for c in (
        "id", "kind", "school", "pupil", "subject", "found_at", "reported_at", "method", "receipt", "status",
        "status_at", "note")]
    rows = []
    for item in items:
        status = item.status
        rows.append([item.key, text(lang, f"inbox.kind.{item.kind}"), item.school, item.pupil,
                     subject_text(item, lang), _when(item.found_at), _when(item.reported_at),
                     word(lang, f"protection.method.{item.method}", item.method), item.receipt,
                     text(lang, f"inbox.status.{status.status}"), _when(status.at) if status.at else "", status.note])
    return headers, rows


def report_inbox(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The reports sent to the account's office, unhandled first (oldest on top), then the closed ones."""
    import sys

    from schoolcare.services.county import inbox
    from schoolcare.services.tabular import write_csv

    actor = ctx.open_as_user()
    items = inbox.items(actor, ctx.settings)
    headers, rows = inbox_rows(items, ctx.language)
    if args.format == "csv":
        write_csv(sys.stdout, headers, rows)
        return 0
    if not rows:
        print(say("inbox.cli.empty"))
        return 0
    print("\n".join(aligned([headers, *rows])))
    open_items = sum(1 for item in items if not item.status.handled)
    print(say("inbox.cli.summary", n=len(items), open=open_items))
    return 0


def inbox_mark(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Mark one item received, acted on or closed, with a note (audited)."""
    from schoolcare.domain.inbox import item_key
    from schoolcare.i18n import t
    from schoolcare.services.county import inbox

    actor = ctx.open_as_user()
    done = inbox.mark(actor, ctx.settings, args.item, args.status, args.note)
    key = item_key(*inbox.parse(args.item))  # as `report inbox` names it, whichever form was typed
    print(say("inbox.cli.marked", item=key, status=t(f"inbox.status.{done.status}"), at=_when(done.at)))
    return 0
