"""The `schoolcare` command: the TUI, and headless commands that act as a logged-in user."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from schoolcare.commands.context import CommandContext, CommandError
from schoolcare.domain.errors import Refusal
from schoolcare.i18n import LANGUAGES, field_label, reason, set_language, text

# Each headless command lives in schoolcare/commands/<module>.py as run(args, ctx) -> int;
# importing lazily keeps `schoolcare report …` from paying for Textual.
COMMANDS = {
    ("init",): "accounts:init",
    ("school", "add"): "county:school_add",
    ("report", "county"): "county:report_county",
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
    ("transfer", "in"): "transfers:transfer_in",
    ("export", "county-ledger"): "county_ledgers:export_county",
    ("export", "county-quarterly"): "county_ledgers:export_county",
    ("export", "county-term-report"): "county_ledgers:export_county",
    ("report", "inbox"): "inbox:report_inbox",
    ("inbox", "mark"): "inbox:inbox_mark",
}

EXPORT_KINDS = ("ledger", "term-report", "quarterly", "readiness", "hazards", "roster-template", "incidents",
                "dropout-report", "county-ledger", "county-quarterly", "county-term-report")
REPORT_KINDS = ("overdue", "week", "term", "incidents", "dropouts", "county", "inbox")


_help_language = "en"  # the language of --help: --lang, else the config's (help_language)


def H(key: str) -> str:
    """An option's or command's help in the help language (the catalog's cli.help.*)."""
    return text(_help_language, f"cli.help.{key}")


def help_language(argv: list[str]) -> str:
    """--lang if given; for --help without it, the config's language (read only then: it costs a YAML parse)."""
    given = _lang_given(argv)
    if given is not None:
        return given
    if not {"-h", "--help"} & set(argv):
        return "en"
    return _config_language(argv)


def _lang_given(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return None


def _config_language(argv: list[str]) -> str:
    try:
        from schoolcare.config import load_settings

        config = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--config"), None)
        return load_settings(config).language
    except Exception:  # a broken config is for `config check` to explain; help still shows
        return "zh-CN"


# argparse's own words (Python 3.11's msgids, which argparse passes to gettext's _() and ngettext()) → catalog keys.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "options": "cli.argparse.options",
    "positional arguments": "cli.argparse.positional",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_command",
}


class ArgparseWords:
    """argparse's gettext hook: its words in the command's language (--lang, else the config's, read on first
    use: a command parsed without a word printed reads no config). Installed only while main() parses."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.lang = _lang_given(argv) or (_help_language if {"-h", "--help"} & set(argv) else None)

    def language(self) -> str:
        if self.lang is None:
            self.lang = _config_language(self.argv)
        return self.lang

    def gettext(self, message: str) -> str:
        key = ARGPARSE_WORDS.get(message)
        return message if key is None else text(self.language(), key)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        key = ARGPARSE_WORDS.get(singular)
        if key is None or self.language() == "en":
            return singular if n == 1 else plural
        return text(self.language(), key)

    def __enter__(self) -> ArgparseWords:
        self._saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = self.gettext, self.ngettext  # type: ignore[attr-defined]
        return self

    def __exit__(self, *_exc: object) -> None:
        argparse._, argparse.ngettext = self._saved  # type: ignore[attr-defined]


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS on every level, so `schoolcare --db X report …` and `schoolcare report … --db X` both work
    # (argparse would otherwise let the subcommand's default None overwrite the top-level value).
    quiet = argparse.SUPPRESS
    parser.add_argument("--db", default=quiet, help=H("db"))
    parser.add_argument("--config", default=quiet, metavar="DIR",
                        help=H("config"))
    parser.add_argument("--lang", default=quiet, choices=("zh-CN", "en"), help=H("lang"))


def _as_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=argparse.SUPPRESS, help=H("user"))


class _Version(argparse.Action):
    """--version: the installed version, looked up only when asked (importlib.metadata costs every start ~15 ms)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import version

        print(f"schoolcare {version('schoolcare')}")  # on stdout, as argparse's own version action prints
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolcare",
        description=H("description"),
    )
    _common(parser)
    _as_user(parser)
    parser.add_argument("--version", action=_Version, help=H("version"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help=H("cmd_init"))
    _common(p)
    p.add_argument("--school", required=True, help=H("school"))
    p.add_argument("--coordinator", required=True, help=H("coordinator"))
    p.add_argument("--login", help=H("coordinator_login"))
    p.add_argument("--code", help=H("school_code"))

    p = sub.add_parser("school", help=H("cmd_school"))
    p.add_argument("action", choices=("add",))
    p.add_argument("--name", required=True, help=H("school"))
    p.add_argument("--code", required=True, help=H("school_code"))
    p.add_argument("--coordinator", required=True, help=H("coordinator"))
    p.add_argument("--login", help=H("school_coordinator_login"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("demo", help=H("cmd_demo"))
    _common(p)

    p = sub.add_parser("serve", help=H("cmd_serve"))
    _common(p)
    p.add_argument("--host", default="127.0.0.1",
                   help=H("host"))
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help=H("serve_demo"))

    p = sub.add_parser("generate", help=H("cmd_generate"))
    _common(p)
    p.add_argument("--pupils", type=int, required=True)
    p.add_argument("--schools", type=int, default=1)
    p.add_argument("--weeks", type=int, help=H("weeks"))
    p.add_argument("--seed", type=int, default=7)

    p = sub.add_parser("import", help=H("cmd_import"))
    p.add_argument("what", choices=("roster", "attendance"))
    p.add_argument("file")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help=H("dry_run"))
    mode.add_argument("--yes", action="store_true", help=H("yes"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("export", help=H("cmd_export"))
    p.add_argument("what", choices=EXPORT_KINDS)
    p.add_argument("--term", help=H("export_term"))
    p.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument("--class", dest="class_name", help=H("ledger_class"))
    p.add_argument("--teacher", help=H("ledger_teacher"))
    p.add_argument("--quarter", help=H("quarter"))
    p.add_argument("--record-submission", action="store_true",
                   help=H("record_submission"))
    p.add_argument("--case", type=int, help=H("case"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("report", help=H("cmd_report"))
    p.add_argument("what", choices=REPORT_KINDS)
    p.add_argument("--term", help=H("report_term"))
    p.add_argument("--format", choices=("text", "csv"), default="text")
    _common(p)
    _as_user(p)

    p = sub.add_parser("attendance", help=H("cmd_attendance"))
    p.add_argument("action", choices=("record",))
    p.add_argument("--class", dest="class_name", help=H("class_name"))
    p.add_argument("--date", required=True, help=H("date"))
    p.add_argument("--absent", help=H("absent"))
    p.add_argument("--excused", help=H("excused"))
    p.add_argument("--sick", help=H("sick"))
    p.add_argument("--reason", help=H("absence_reason"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("transfer", help=H("cmd_transfer"))
    p.add_argument("action", choices=("in",))
    p.add_argument("--national-id", required=True, metavar="ID", help=H("national_id"))
    p.add_argument("--date", help=H("transfer_date"))
    p.add_argument("--class", dest="class_name", help=H("transfer_class"))
    p.add_argument("--student-no", help=H("transfer_student_no"))
    p.add_argument("--yes", action="store_true", help=H("transfer_yes"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("inbox", help=H("cmd_inbox"))
    p.add_argument("action", choices=("mark",))
    p.add_argument("item", metavar="ID", help=H("inbox_item"))
    p.add_argument("--status", required=True, choices=("received", "acted_on", "closed"), help=H("inbox_status"))
    p.add_argument("--note", default="", help=H("inbox_note"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("config", help=H("cmd_config"))
    p.add_argument("action", choices=("check",))
    p.add_argument("dir", nargs="?", help=H("config_dir"))
    _common(p)

    p = sub.add_parser("db", help=H("cmd_db"))
    p.add_argument("action", choices=("upgrade", "backup", "restore"))
    p.add_argument("path", nargs="?", help=H("db_path"))
    p.add_argument("--yes", action="store_true", help=H("db_yes"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("user", help=H("cmd_user"), description=H("cmd_user"), epilog=H("user_passwords"))
    p.add_argument("action", choices=("add", "list", "deactivate", "activate"))
    p.add_argument("name", nargs="?", help=H("user_name"))
    p.add_argument("--role", choices=("coordinator", "teacher", "principal", "county"), help=H("role"))
    p.add_argument("--office", choices=("education_bureau", "civil_affairs", "township"), help=H("office"))
    p.add_argument("--schools", metavar="CODE,…", help=H("county_schools"))
    p.add_argument("--login", help=H("user_login"))
    p.add_argument("--phone", default="", help=H("phone"))
    p.add_argument("--post", default="", help=H("post"))
    p.add_argument("--handover-to", metavar="LOGIN",
                   help=H("handover_to"))
    p.add_argument("--reason", help=H("deactivate_reason"))
    _common(p)
    _as_user(p)

    p = sub.add_parser("class", help=H("cmd_class"))
    p.add_argument("action", choices=("add", "set", "list"))
    p.add_argument("name", nargs="?", help=H("class_name"))
    p.add_argument("--grade", help=H("grade"))
    p.add_argument("--homeroom", metavar="LOGIN", help=H("homeroom"))
    p.add_argument("--rename", metavar="NEW", help=H("rename"))
    p.add_argument("--reason", help=H("homeroom_reason"))
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
    from schoolcare.store.probe import is_postgresql  # no peewee: probe.py glances without it

    url = url or os.environ.get("SCHOOLCARE_DB") or ""
    if not is_postgresql(url) and "peewee" not in sys.modules:
        for driver in ("psycopg", "psycopg2"):
            sys.modules.setdefault(driver, None)  # makes `import psycopg` fail fast inside peewee


def main(argv: list[str] | None = None) -> int:
    global _help_language
    given = sys.argv[1:] if argv is None else argv
    _help_language = help_language(given)
    with ArgparseWords(given):  # "usage:", "options:", argparse's errors: in the user's language too
        args = build_parser().parse_args(argv)
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
        print(f"schoolcare: {text(command_language(ctx), 'cli.interrupted')}", file=sys.stderr)
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
