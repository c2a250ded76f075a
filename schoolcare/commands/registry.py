"""`schoolcare import roster`, `export ledger` and `export roster-template`: the registry from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError, output_path


def _t(ctx: CommandContext):
    from schoolcare import i18n

    i18n.set_language(ctx.language)
    return i18n.t


def reason(t, problem) -> str:
    """A rejected cell's reason in the user's language (the English message when no translation fits)."""
    params = dict(problem.params)
    text = t(f"pupils.invalid.{problem.code}", **params)
    return problem.message if text.startswith("⟨") else text


def print_preview(preview, t, lang: str, out=None) -> None:
    from schoolcare.services.registry.roster_columns import column_label

    out = out or sys.stdout
    ignored = "、".join(preview.ignored) if preview.ignored else t("pupils.import.none")
    print(t("pupils.import.header_at", row=preview.header_row, ignored=ignored), file=out)
    if preview.new_classes:
        print(t("pupils.import.new_classes", names="、".join(preview.new_classes)), file=out)
    for plan in preview.creates:
        print(t("pupils.import.create_line", row=plan.row, student_no=plan.student_no, name=plan.name,
                class_name=plan.class_name), file=out)
    for plan in preview.updates:
        fields = ", ".join(column_label(name, lang) for name, _old, _new in plan.changes)
        print(t("pupils.import.update_line", row=plan.row, student_no=plan.student_no, name=plan.name, fields=fields),
              file=out)
    for problem in preview.rejected:
        value = t("pupils.import.value", value=problem.value) if problem.value else ""
        print(t("pupils.import.rejected_line", row=problem.row, column=problem.column, reason=reason(t, problem),
                value=value), file=out)
    print(t("pupils.import.summary", creates=len(preview.creates), updates=len(preview.updates),
            unchanged=preview.unchanged, rejected=len(preview.rejected_rows)), file=out)


def import_roster(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Preview always; write only with --yes or a 'y' typed at the terminal."""
    from schoolcare.services.registry import roster_import

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file", 2)
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise CommandError(f"{args.file}: expected an .xlsx or .csv file", 2)
    t = _t(ctx)
    actor = ctx.open_as_user()
    preview = roster_import.preview_roster(actor, path)
    print_preview(preview, t, ctx.language)
    if args.dry_run:
        return 0
    if not preview.writes_anything and not preview.new_classes:
        print(t("pupils.import.nothing"))
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(t("pupils.import.need_yes"))
        if input(t("pupils.import.confirm_prompt")).strip().lower() not in ("y", "yes", "是"):
            print(t("pupils.import.not_written"))
            return 1
    _preview, result = roster_import.import_roster(actor, path)
    print(t("pupils.import.done", created=result.created, updated=result.updated, unchanged=result.unchanged,
            rejected=result.rejected_rows))
    return 0


def export_ledger(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The master ledger; with --class one class's detail; with --teacher LOGIN one teacher's care record."""
    from schoolcare.domain import clock
    from schoolcare.services.registry import ledgers

    if args.class_name and args.teacher:
        raise CommandError("--class and --teacher: choose one ledger", 2)
    term = ctx.term(args.term or None) or ctx.settings.calendar.current_or_last(clock.today())
    path = output_path(args.output)
    t = _t(ctx)
    actor = ctx.open_as_user()
    class_id = ledgers.class_by_name(actor, args.class_name) if args.class_name else None
    teacher_id = ledgers.staff_by_login(actor, args.teacher) if args.teacher else None
    files = ledgers.export_ledger(actor, path, args.format, ctx.language, term, class_id=class_id, teacher_id=teacher_id)
    for file in files:
        print(t("pupils.ledger.written", path=file))
    return 0


def export_roster_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    """An empty roster with the headers the import reads (and, in .xlsx, a sheet explaining each column)."""
    from schoolcare.services.registry.roster_template import write_template

    path = output_path(args.output)
    t = _t(ctx)
    for file in write_template(path, args.format, ctx.language):
        print(t("pupils.template.written", path=file))
    return 0
