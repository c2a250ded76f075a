"""The `schoolcare` command: the TUI, and headless commands that act as a logged-in user."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from schoolcare.commands.context import CommandContext, CommandError
from schoolcare.domain.errors import Refusal
from schoolcare.i18n import field_label, reason, set_language

# Each headless command lives in schoolcare/commands/<module>.py as run(args, ctx) -> int;
# importing lazily keeps `schoolcare report …` from paying for Textual.
COMMANDS = {
    ("init",): "accounts:init",
    ("demo",): "demo:demo",
    ("serve",): "app:serve",
    ("generate",): "demo:generate",
    ("config", "check"): "database:config_check",
    ("db", "upgrade"): "database:db_upgrade",
    ("db", "backup"): "database:db_backup",
    ("db", "restore"): "database:db_restore",
    ("user", "add"): "accounts:user_add",
    ("user", "list"): "accounts:user_list",
    ("user", "deactivate"): "accounts:user_deactivate",
    ("user", "activate"): "accounts:user_activate",
    ("class", "add"): "registry:class_add",
    ("class", "set"): "registry:class_set",
    ("class", "list"): "registry:class_list",
    ("import", "roster"): "registry:import_roster",
    ("export", "ledger"): "registry:export_ledger",
    ("export", "roster-template"): "registry:export_roster_template",
    ("export", "readiness"): "centre:export_readiness",
    ("export", "hazards"): "centre:export_hazards",
    ("export", "term-report"): "reports:export_term_report",
    ("export", "quarterly"): "reports:export_quarterly",
    ("report", "overdue"): "care:report_overdue",
    ("report", "week"): "care:report_week",
    ("report", "term"): "reports:report_term",
    ("attendance", "record"): "attendance:attendance_record",
    ("import", "attendance"): "attendance:import_attendance",
    ("report", "dropouts"): "attendance:report_dropouts",
    ("export", "dropout-report"): "attendance:export_dropout_report",
    ("report", "incidents"): "protection:report_incidents",
    ("export", "incidents"): "protection:export_incidents",
}

EXPORT_KINDS = ("ledger", "term-report", "quarterly", "readiness", "hazards", "roster-template", "incidents")
REPORT_KINDS = ("overdue", "week", "term", "incidents")
EXPORT_KINDS += ("dropout-report",)
REPORT_KINDS += ("dropouts",)


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS on every level, so `schoolcare --db X report …` and `schoolcare report … --db X` both work
    # (argparse would otherwise let the subcommand's default None overwrite the top-level value).
    quiet = argparse.SUPPRESS
    parser.add_argument("--db", default=quiet, help="database URL: sqlite:///PATH (default: a file in your data directory) "
                        "or postgresql://USER@HOST/NAME; also SCHOOLCARE_DB")
    parser.add_argument("--config", default=quiet, metavar="DIR",
                        help="config directory (default: the shipped config/)")
    parser.add_argument("--lang", default=quiet, choices=("zh-CN", "en"), help="language (default: the config's)")


def _as_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=argparse.SUPPRESS, help="login to act as (also SCHOOLCARE_USER); the password comes from "
                        "SCHOOLCARE_PASSWORD or a prompt")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolcare",
        description="Care ledgers for left-behind pupils: run without a command to open the app.",
    )
    _common(parser)
    _as_user(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="a new, empty school database with its first coordinator")
    _common(p)
    p.add_argument("--school", required=True, help="school name")
    p.add_argument("--coordinator", required=True, help="the coordinator's name")
    p.add_argument("--login", help="the coordinator's login (default: coord)")

    p = sub.add_parser("demo", help="open the app on a fictional demo school (created on first use)")
    _common(p)

    p = sub.add_parser("serve", help="the app in every browser on the school network, one session per person")
    _common(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this PC only; 0.0.0.0: the whole network)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help="serve the fictional demo school")

    p = sub.add_parser("generate", help="fictional data at scale (password from SCHOOLCARE_PASSWORD)")
    _common(p)
    p.add_argument("--pupils", type=int, required=True)
    p.add_argument("--schools", type=int, default=1)
    p.add_argument("--weeks", type=int, help="weeks of care records (default: a term and a half)")
    p.add_argument("--seed", type=int, default=7)

    p = sub.add_parser("import", help="import a roster (.xlsx or .csv) or absences (.csv: date, student number, "
                       "kind, note)")
    p.add_argument("what", choices=("roster", "attendance"))
    p.add_argument("file")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    mode.add_argument("--yes", action="store_true", help="write without asking")
    _common(p)
    _as_user(p)

    p = sub.add_parser("export", help="write a ledger or report to a file")
    p.add_argument("what", choices=EXPORT_KINDS)
    p.add_argument("--term", help="term id from the calendar (default: the current term)")
    p.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument("--class", dest="class_name", help="ledger: one class's detail (明细)")
    p.add_argument("--teacher", help="ledger: one teacher's care record (帮扶记录), by login")
    p.add_argument("--quarter", help="quarterly: e.g. 2026Q4 (default: the current quarter)")
    p.add_argument("--record-submission", action="store_true",
                   help="quarterly: record this export as submitted, so the next one diffs against it")
    p.add_argument("--case", type=int, help="dropout-report: the dropout case's number")
    _common(p)
    _as_user(p)

    p = sub.add_parser("report", help="print figures (the same as the screens)")
    p.add_argument("what", choices=REPORT_KINDS)
    p.add_argument("--term", help="term id (default: the current term)")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    _common(p)
    _as_user(p)

    p = sub.add_parser("attendance", help="a class's absences for a day: record --class NAME --date D --absent S1,S2 "
                       "[--excused S3] [--sick S4] [--reason TEXT]")
    p.add_argument("action", choices=("record",))
    p.add_argument("--class", dest="class_name", help="the class, e.g. 三年级(2)班")
    p.add_argument("--date", required=True, help="the school day, e.g. 2026-11-16")
    p.add_argument("--absent", help="student numbers absent without excuse (无故旷课), comma-separated")
    p.add_argument("--excused", help="student numbers on personal leave (事假)")
    p.add_argument("--sick", help="student numbers on sick leave (病假)")
    p.add_argument("--reason", help="a note kept with each absence")
    _common(p)
    _as_user(p)

    p = sub.add_parser("config", help="configuration")
    p.add_argument("action", choices=("check",))
    p.add_argument("dir", nargs="?", help="config directory to check (default: the one in use)")
    _common(p)

    p = sub.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=("upgrade", "backup", "restore"))
    p.add_argument("path", nargs="?", help="backup: the file to write; restore: the backup to restore")
    p.add_argument("--yes", action="store_true", help="restore: without asking")
    _common(p)
    _as_user(p)

    p = sub.add_parser("user", help="accounts: add NAME --role R | list | deactivate LOGIN [--handover-to LOGIN] "
                       "| activate LOGIN")
    p.add_argument("action", choices=("add", "list", "deactivate", "activate"))
    p.add_argument("name", nargs="?", help="add: the person's name; deactivate / activate: their login")
    p.add_argument("--role", choices=("coordinator", "teacher", "principal"), help="add: the account's role")
    p.add_argument("--login", help="add: login for the new account (default: derived from the name)")
    p.add_argument("--phone", default="")
    p.add_argument("--post", default="", help="add: post, e.g. 班主任")
    p.add_argument("--handover-to", metavar="LOGIN",
                   help="deactivate: who takes over the leaver's pupils and classes")
    p.add_argument("--reason", help="deactivate: why (kept with the hand-over; default: left the school)")
    _common(p)
    _as_user(p)

    p = sub.add_parser("class", help="classes: add NAME [--grade G] [--homeroom LOGIN] | set NAME [--homeroom LOGIN] "
                       "[--rename NEW] | list")
    p.add_argument("action", choices=("add", "set", "list"))
    p.add_argument("name", nargs="?", help="the class, e.g. 三年级(2)班")
    p.add_argument("--grade", help="add: the grade, when the name does not say it")
    p.add_argument("--homeroom", metavar="LOGIN", help="the homeroom teacher (班主任)")
    p.add_argument("--rename", metavar="NEW", help="set: the class's new name")
    p.add_argument("--reason", help="set: why the homeroom teacher changes")
    _common(p)
    _as_user(p)
    return parser


def _handler(args: argparse.Namespace):
    key = (args.command,) + tuple(
        value for value in (getattr(args, "what", None), getattr(args, "action", None)) if value
    )
    target = COMMANDS.get(key)
    if target is None:
        raise CommandError("cli.unknown_command", exit_code=2, command=" ".join(key))
    module_name, function = target.split(":")
    module = importlib.import_module(f"schoolcare.commands.{module_name}")
    return getattr(module, function)


def command_language(ctx: CommandContext) -> str:
    """--lang, else the config's language; a config with errors is for `config check` (or the command that
    needs it) to report, so the words fall back to Chinese meanwhile."""
    try:
        return ctx.language
    except CommandError:
        return ctx.lang or "zh-CN"


def refusal_line(error: Refusal) -> str:
    """A refusal as one line in the command's language: the field or option it concerns, then why."""
    words = " ".join(reason(error.code, error.params).split())  # one line, whatever the words hold
    if not error.field:
        return words
    return f"{field_label(error.field)}: {words}"


def skip_unused_drivers(url: str | None) -> None:
    """Importing peewee imports any installed psycopg (~150 ms); a SQLite run never needs it."""
    url = url or os.environ.get("SCHOOLCARE_DB") or ""
    if not url.startswith(("postgres://", "postgresql://")) and "peewee" not in sys.modules:
        for driver in ("psycopg", "psycopg2"):
            sys.modules.setdefault(driver, None)  # makes `import psycopg` fail fast inside peewee


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    skip_unused_drivers(getattr(args, "db", None))
    ctx = CommandContext.from_args(args)
    try:
        set_language(command_language(ctx))
        if args.command is None:
            from schoolcare.commands.app import open_app

            return open_app(args, ctx)
        return _handler(args)(args, ctx) or 0
    except Refusal as exc:
        print(f"schoolcare: {refusal_line(exc)}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, CommandError) else 1
    except BrokenPipeError:  # `schoolcare report … | head` closed the pipe: not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("schoolcare: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a database fault (busy past the wait, server gone): one translated line
        fault = None
        if "peewee" in sys.modules:
            from schoolcare.services.tx import database_refusal

            fault = database_refusal(exc)
        if fault is None:
            raise
        print(f"schoolcare: {refusal_line(fault)}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
