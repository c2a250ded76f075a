"""`schoolcare import roster`, `export ledger` and `export roster-template`: the registry from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError, output_path, say
from schoolcare.i18n import reason


def print_preview(preview, lang: str, out=None) -> None:
    """What an import would do, line by line in the command's language: each rejected cell with its reason."""
    from schoolcare.services.registry.roster_columns import column_label

    out = out or sys.stdout
    ignored = "、".join(preview.ignored) if preview.ignored else say("pupils.import.none")
    print(say("pupils.import.header_at", row=preview.header_row, ignored=ignored), file=out)
    if preview.new_classes:
        print(say("pupils.import.new_classes", names="、".join(preview.new_classes)), file=out)
    for plan in preview.creates:
        print(say("pupils.import.create_line", row=plan.row, student_no=plan.student_no, name=plan.name,
                  class_name=plan.class_name), file=out)
    for plan in preview.updates:
        fields = ", ".join(column_label(name, lang) for name, _old, _new in plan.changes)
        print(say("pupils.import.update_line", row=plan.row, student_no=plan.student_no, name=plan.name,
                  fields=fields), file=out)
    for problem in preview.rejected:
        value = say("pupils.import.value", value=problem.value) if problem.value else ""
        print(say("pupils.import.rejected_line", row=problem.row, column=problem.column,
                  reason=reason(problem.code, dict(problem.params)), value=value), file=out)
    print(say("pupils.import.summary", creates=len(preview.creates), updates=len(preview.updates),
              unchanged=preview.unchanged, rejected=len(preview.rejected_rows)), file=out)


def import_roster(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Preview always; write only with --yes or a 'y' typed at the terminal."""
    from schoolcare.services.registry import roster_import

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError("registry.no_such_file", exit_code=2, file=args.file)
    if path.suffix.lower() not in roster_import.ROSTER_SUFFIXES:
        raise CommandError("registry.file_type", exit_code=2, file=args.file)
    actor = ctx.open_as_user()
    preview = roster_import.preview_roster(actor, path)
    print_preview(preview, ctx.language)
    if args.dry_run:
        return 0
    if not preview.writes_anything and not preview.new_classes:
        print(say("pupils.import.nothing"))
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("registry.import_needs_yes")
        if input(say("pupils.import.confirm_prompt")).strip().lower() not in ("y", "yes", "是"):
            print(say("pupils.import.not_written"))
            return 1
    _preview, result = roster_import.import_roster(actor, path)
    print(say("pupils.import.done", created=result.created, updated=result.updated, unchanged=result.unchanged,
              rejected=result.rejected_rows))
    return 0


def export_ledger(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The master ledger; with --class one class's detail; with --teacher LOGIN one teacher's care record."""
    from schoolcare.domain import clock
    from schoolcare.services.registry import ledgers

    if args.class_name and args.teacher:
        raise CommandError("registry.class_and_teacher", exit_code=2)
    term = ctx.term(args.term or None) or ctx.settings.calendar.current_or_last(clock.today())
    path = output_path(args.output)
    actor = ctx.open_as_user()
    class_id = ledgers.class_by_name(actor, args.class_name) if args.class_name else None
    teacher_id = ledgers.staff_by_login(actor, args.teacher) if args.teacher else None
    files = ledgers.export_ledger(actor, path, args.format, ctx.language, term, class_id=class_id, teacher_id=teacher_id)
    for file in files:
        print(say("pupils.ledger.written", path=file))
    return 0


def export_roster_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    """An empty roster with the headers the import reads (and, in .xlsx, a sheet explaining each column)."""
    from schoolcare.services.registry.roster_template import write_template

    path = output_path(args.output)
    for file in write_template(path, args.format, ctx.language):
        print(say("pupils.template.written", path=file))
    return 0
