"""`schoolcare report incidents` and `export incidents`: the incident list as the screens show it, and the full
export for the coordinator and the principal.

Scope (services/protection/incidents.py): the coordinator and the principal see every incident; a teacher sees
those they recorded in full, and of the open incidents of pupils in their reach only that one exists and whom
to ask (the kind and times left blank, "restricted"); nothing else.
"""
from __future__ import annotations

import argparse
import sys

from schoolcare.commands.context import CommandContext, aligned, output_path, print_files, say
from schoolcare.services.tabular import write_csv


def report_incidents(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.protection import incident_export

    actor = ctx.open_as_user()
    headers, rows = incident_export.report_table(actor, ctx.settings, ctx.language)
    if args.format == "csv":
        write_csv(sys.stdout, headers, rows)
        return 0
    print(say("protection.report.title", n=len(rows)))
    if rows:
        print("\n".join(aligned([headers] + rows, "  ")))
    return 0


def export_incidents(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.protection import incident_export

    path = output_path(args.output)
    actor = ctx.open_as_user()
    files = incident_export.export_incidents(actor, ctx.settings, path, args.format, ctx.language)
    print_files(files, "incidents")
    return 0
