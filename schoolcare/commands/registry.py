"""`schoolcare import roster`, `export ledger`, `export roster-template` and `class add|set|list`: the registry from
the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError, cell, confirmed, listed, output_path, say
from schoolcare.i18n import reason


def print_preview(preview, lang: str, out=None) -> None:
    """What an import would do, line by line in the command's language: each rejected cell with its reason."""
    from schoolcare.services.registry.roster_columns import column_label

    out = out or sys.stdout
    ignored = listed(preview.ignored) if preview.ignored else say("pupils.import.none")
    print(say("pupils.import.header_at", row=preview.header_row, ignored=ignored), file=out)
    if preview.new_classes:
        print(say("pupils.import.new_classes", names=listed(preview.new_classes)), file=out)
    if preview.homerooms:
        pairs = listed(say("pupils.import.homeroom_pair", class_name=c, teacher=t) for c, t in preview.homerooms)
        print(say("pupils.import.homerooms", pairs=pairs), file=out)
    for plan in preview.creates:
        print(say("pupils.import.create_line", row=plan.row, student_no=plan.student_no, name=plan.name,
                  class_name=plan.class_name), file=out)
        print(_family_line(plan, lang), file=out)
    for plan in preview.updates:
        fields = ", ".join(column_label(name, lang) for name, _old, _new in plan.changes)
        print(say("pupils.import.update_line", row=plan.row, student_no=plan.student_no, name=plan.name,
                  fields=fields), file=out)
        print(_family_line(plan, lang), file=out)
    for problem in preview.rejected:
        value = say("pupils.import.value", value=problem.value) if problem.value else ""
        print(say("pupils.import.rejected_line", row=problem.row, column=problem.column,
                  reason=reason(problem.code, dict(problem.params)), value=value), file=out)
    print(say("pupils.import.summary", creates=len(preview.creates), updates=len(preview.updates),
              unchanged=preview.unchanged, rejected=len(preview.rejected_rows)), file=out)
    print(say("pupils.import.left_behind_found", count=preview.left_behind), file=out)


def _family_line(plan, lang: str) -> str:
    """Under a pupil's line: how each parent was read, whether they count as left-behind, and from when enrolled."""
    from schoolcare.services.registry.roster_columns import parents_text

    enrolled = ""
    if plan.enrolled_on:
        date = say("pupils.import.enrolled_today", date=plan.enrolled_on) if plan.enrolled_default else plan.enrolled_on
        enrolled = say("pupils.import.family_enrolled", date=date)
    return say("pupils.import.family_line", parents=parents_text(plan.parents, lang),
               left_behind=say("pupils.import.family_left_behind") if plan.left_behind else "", enrolled=enrolled)


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
    if not confirmed(args.yes, "registry.import_needs_yes", "pupils.import.confirm_prompt", "pupils.import.not_written"):
        return 1
    _preview, result = roster_import.import_roster(actor, path)
    print(say("pupils.import.done", created=result.created, updated=result.updated, unchanged=result.unchanged,
              rejected=result.rejected_rows))
    if result.homerooms:
        print(say("pupils.import.homerooms_done", count=result.homerooms))
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
        print(say("pupils.ledger.written", files=file))
    return 0


def export_roster_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    """An empty roster with the headers the import reads (and, in .xlsx, a sheet explaining each column)."""
    from schoolcare.services.registry.roster_template import write_template

    path = output_path(args.output)
    for file in write_template(path, args.format, ctx.language):
        print(say("pupils.template.written", path=file))
    return 0


# -- classes and their homeroom teachers ---------------------------------------------------------------


def _name(args: argparse.Namespace) -> str:
    if not args.name:
        raise CommandError("cli.class_name_required", "NAME", exit_code=2)
    return args.name


def _class_named(call, *args, **kwargs):
    """A class service whose refusals about the name name the class name (班级名称), not a person's name (姓名)."""
    from schoolcare.services.errors import ValidationError

    try:
        return call(*args, **kwargs)
    except ValidationError as error:
        if error.field == "name":
            raise error.renamed("class_name") from None
        raise


def class_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.registry import classes, staff

    actor = ctx.open_as_user()
    name = _name(args)
    homeroom = staff.staff_by_login(actor, args.homeroom) if args.homeroom else None
    class_id = _class_named(classes.create_class, actor, name, grade=args.grade, homeroom_id=homeroom)
    entry = next(c for c in classes.list_classes(actor) if c.id == class_id)
    print(say("registry.class.added", name=entry.name, teacher=entry.homeroom_teacher or say("common.none")))
    return 0


def class_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.registry import classes, staff

    actor = ctx.open_as_user()
    name = _name(args)
    if not args.homeroom and not args.rename:
        raise CommandError("cli.class_set_nothing", exit_code=2)
    class_id = classes.find_class(actor, name)
    if args.homeroom:
        homeroom = staff.staff_by_login(actor, args.homeroom)
        classes.set_homeroom(actor, class_id, homeroom, args.reason or "")
    if args.rename:
        _class_named(classes.rename_class, actor, class_id, args.rename)
    entry = next(c for c in classes.list_classes(actor) if c.id == class_id)
    print(say("registry.class.updated", name=entry.name, teacher=entry.homeroom_teacher or say("common.none")))
    return 0


# The columns of `class list`, tab-separated under a header line.
CLASS_LIST_HEADERS = ("column.class", "column.grade", "column.homeroom_teacher", "column.pupils", "column.left_behind",
                      "column.status")


def class_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from schoolcare.services.registry import classes

    actor = ctx.open_as_user()
    print("\t".join(say(key) for key in CLASS_LIST_HEADERS))
    for entry in classes.list_classes(actor):
        teacher = f"{entry.homeroom_teacher} ({entry.homeroom_login})" if entry.homeroom_login else say("common.none")
        status = say("registry.class.retired_on", date=cell(entry.retired_on)) if entry.retired else ""
        print("\t".join((entry.name, str(entry.grade), teacher, str(entry.pupils), str(entry.left_behind),
                         status)).rstrip("\t"))
    return 0
