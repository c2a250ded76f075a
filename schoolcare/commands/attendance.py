"""`schoolcare attendance record`, `import attendance`, `report dropouts` and `export dropout-report`: daily absences
and dropout cases (控辍保学) from the command line, scoped like the screens."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolcare.commands.context import CommandContext, CommandError, aligned, confirmed, output_path, say
from schoolcare.i18n import reason


def _numbers(value: str | None) -> list[str]:
    from schoolcare.domain.validation import normalise_text

    return [n for n in (normalise_text(part) for part in (value or "").replace("，", ",").split(",")) if n]


def _date(value: str, option: str):
    from schoolcare.domain import validation

    try:
        return validation.date(value, option, needed=True)
    except validation.InvalidField as error:
        raise CommandError(error.code, option, exit_code=2, **error.params) from None


def attendance_record(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The class's register for --date: --absent are unexcused, --excused on personal leave, --sick on sick leave;
    everyone else present. Recording a day again corrects it."""
    from schoolcare.services.protection import attendance
    from schoolcare.services.protection.attendance import AbsenceEntry
    from schoolcare.services.registry.classes import find_class

    if not args.class_name:
        raise CommandError("required", "--class", exit_code=2)
    day = _date(args.date, "--date")
    actor = ctx.open_as_user()
    class_id = find_class(actor, args.class_name)
    register = attendance.class_register(actor, ctx.settings, class_id, day)
    by_number = {row.student_no: row.pupil_id for row in register.rows}
    entries = []
    for option, numbers, kind in (("--absent", args.absent, "unexcused"), ("--excused", args.excused, "personal"),
                                  ("--sick", args.sick, "sick")):
        for number in _numbers(numbers):
            if number not in by_number:
                raise CommandError("attendance.not_in_class", option, pupil=number, class_name=register.class_name)
            entries.append(AbsenceEntry(by_number[number], kind, args.reason or ""))
    result = attendance.record_day(actor, ctx.settings, class_id, day, entries)
    print(say("attendance.cli.recorded", class_name=register.class_name, date=day.isoformat(), absent=len(entries),
              created=result.created, updated=result.updated, removed=result.removed))
    names = {row.pupil_id: row.name for row in register.rows}
    from schoolcare.store.models import DropoutCase

    for case_id in result.cases_opened:
        print(say("attendance.cli.case_opened", id=case_id, name=names.get(DropoutCase.get_by_id(case_id).pupil_id)))
    return 0


def import_attendance(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Preview always; write only with --yes or a 'y' typed at the terminal."""
    from schoolcare.domain import clock
    from schoolcare.services.protection import attendance_import

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError("registry.no_such_file", exit_code=2, file=args.file)
    actor = ctx.open_as_user()
    today = clock.today()
    try:
        preview = attendance_import.preview(actor, ctx.settings, path, today)
    except ValueError as exc:  # not a CSV / xlsx, or not readable text
        raise CommandError("attendance.bad_file", exit_code=2, detail=str(exc)) from None
    for line in preview.lines:
        print(say("attendance.import.line", row=line.row, date=line.date.isoformat(), student_no=line.student_no,
                  name=line.name, kind=say(f"attendance.kind.{line.kind}"),
                  action=say(f"attendance.import.action.{line.action}")))
    for problem in preview.rejected:
        print(say("attendance.import.rejected", row=problem.row, column=say(f"attendance.col.{problem.column}"),
                  reason=reason(problem.code, dict(problem.params))))
    print(say("attendance.import.summary", created=preview.count("created"), updated=preview.count("updated"),
              unchanged=preview.count("unchanged"), rejected=preview.rejected_rows))
    if args.dry_run:
        return 0
    if not preview.count("created") + preview.count("updated"):
        print(say("attendance.import.nothing"))
        return 0
    if not confirmed(args.yes, "attendance.import_needs_yes", "attendance.import.confirm", "attendance.import.not_written"):
        return 1
    written, cases = attendance_import.write(actor, ctx.settings, path, today)
    print(say("attendance.import.done", created=written.count("created"), updated=written.count("updated"),
              cases=cases))
    return 0


REPORT_HEADERS = ("id", "student_no", "name", "class", "care_teacher", "opened_on", "trigger", "step", "due",
                  "overdue", "attempts", "report_sent_on")


def report_rows(cases) -> list[list[object]]:
    return [[c.id, c.student_no, c.pupil_name, c.class_name, c.care_teacher, c.opened_on,
             say(f"dropouts.trigger.{c.trigger}"), say(f"dropouts.step.{c.state.step}"), c.state.due,
             c.state.overdue_days or "", c.attempts, c.report_sent_on] for c in cases]


def report_dropouts(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Every dropout case the user may see, open ones first, overdue at the top: text or CSV."""
    from schoolcare.domain import clock
    from schoolcare.services.protection import dropouts
    from schoolcare.services.tabular import write_csv

    actor = ctx.open_as_user()
    today = clock.today()
    cases = dropouts.list_cases(actor, ctx.settings, today=today)
    headers = [say(f"dropouts.col.{h}") for h in REPORT_HEADERS]
    rows = report_rows(cases)
    if args.format == "csv":  # as every report's CSV: neutralised, numbers kept numbers, misreadable text kept text
        write_csv(sys.stdout, headers, rows)
        return 0
    print(say("dropouts.report.title", date=today.isoformat()))
    if not rows:
        print(say("dropouts.report.none"))
        return 0
    print("\n".join(aligned([headers, *rows])))
    return 0


def export_dropout_report(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The case's written report (书面报告) as .docx, to print, sign and stamp."""
    from schoolcare.services.protection import written_report

    if args.case is None:
        raise CommandError("required", "--case", exit_code=2)
    path = output_path(args.output)
    actor = ctx.open_as_user()
    written = written_report.export(actor, ctx.settings, args.case, path, ctx.language)
    print(say("dropouts.cli.written", path=written))
    return 0
