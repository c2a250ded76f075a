"""What every command needs: the settings, the open database, the user it acts as, --term, and printing tables."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from schoolcare.domain.errors import Refusal
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings, Term
from schoolcare.i18n import reason, t


class CommandError(Refusal):
    """A one-line reason the command cannot go on (a code, as every refusal); exit code 2 for usage, 1 otherwise."""

    def __init__(self, code: str, /, field: str = "", exit_code: int = 1, **params: Any) -> None:
        super().__init__(code, field, **params)
        self.exit_code = exit_code


def say(key: str, /, **values: Any) -> str:
    """Command output in the command's language (set from --lang or the config when the command starts)."""
    return t(key, **values)


def confirmed(yes: bool, needs_yes: str, prompt: str, declined: str) -> bool:
    """Whether to go on with a write the user previewed: --yes, else their answer at a terminal (without one the
    command stops with `needs_yes`, for a script must say --yes); a no prints `declined`."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise CommandError(needs_yes)
    if input(say(prompt)).strip().lower() in ("y", "yes", "是"):
        return True
    print(say(declined))
    return False


@dataclass
class CommandContext:
    db_url: str | None
    config_dir: str | None
    lang: str | None
    user: str | None
    _opened: bool = field(default=False, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CommandContext:
        return cls(
            db_url=getattr(args, "db", None),
            config_dir=getattr(args, "config", None),
            lang=getattr(args, "lang", None),
            user=getattr(args, "user", None) or os.environ.get("SCHOOLCARE_USER"),
        )

    @cached_property
    def settings(self) -> Settings:
        from schoolcare.config import ConfigError, load_settings

        try:
            return load_settings(self.config_dir)
        except ConfigError as exc:
            raise CommandError("cli.config_errors", problems=say("config.problem_sep").join(
                problem_line(problem) for problem in exc.problems)) from exc

    def term(self, term_id: str | None) -> Term | None:
        """The calendar's term named by --term (None when not given); a usage error naming the known ones."""
        if term_id is None:
            return None
        try:
            return self.settings.calendar.term(term_id)
        except KeyError:
            known = ", ".join(t.id for t in self.settings.calendar.terms)
            raise CommandError("cli.no_term", "--term", exit_code=2, term=term_id, known=known) from None

    @property
    def language(self) -> str:
        return self.lang or self.settings.language

    def url(self) -> str:
        from schoolcare.store.probe import default_url  # not store.database: the TUI starts without peewee

        return self.db_url or default_url()

    def open(self, url: str | None = None, *, upgrade: bool = True):
        """Open the database (upgrading its schema); returns its DatabaseInfo."""
        from schoolcare.store.database import DatabaseURLError, open_database

        try:
            info = open_database(url or self.url(), upgrade=upgrade)
        except DatabaseURLError as exc:
            raise CommandError("cli.database_url", "--db", detail=str(exc)) from exc
        except Exception as exc:  # a server that is down, a file we may not write …
            raise CommandError("cli.database_open", "--db", url=url or self.url(), detail=str(exc)) from exc
        self._opened = True
        return info

    def password(self, prompt: str = "") -> str:
        from_env = os.environ.get("SCHOOLCARE_PASSWORD")
        if from_env:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError("cli.no_password")
        return getpass.getpass(prompt or say("cli.prompt.password"))

    def login(self) -> Actor:
        """Authenticate as --user; the database must be open."""
        from schoolcare.services.accounts import auth

        if not self.user:
            raise CommandError("cli.no_user", "--user", exit_code=2)
        return auth.authenticate(self.user, self.password(say("cli.prompt.password_for", login=self.user)))

    def open_as_user(self) -> Actor:
        self.open()
        return self.login()

    def close(self) -> None:
        if self._opened:
            from schoolcare.store.database import close_database

            close_database()


def output_path(path: str) -> Path:
    target = Path(path).expanduser()
    if not target.parent.exists():
        raise CommandError("cli.no_folder", "-o", path=path, folder=str(target.parent))
    return target


def labelled(label: str, text: object) -> str:
    """"label: text" in the command's language (a full-width colon in Chinese)."""
    return say("cli.labelled", label=label, text=text)


def listed(items) -> str:
    """Names as one list in the command's language (、 between them in Chinese)."""
    return say("cli.list_sep").join(items)


def problem_line(problem) -> str:
    """A config problem (schoolcare/config/problems.py) as `file:line: key: words`, the words in the command's
    language."""
    from schoolcare.config.problems import located

    return located(problem.file, problem.line, problem.key, said(problem.code, problem.params))


def said(code: str, params) -> str:
    """A config problem's code and values in words: a Phrase among the values is said in turn, a tuple as one list
    of the file's own words (quoted in Chinese)."""
    from schoolcare.config.problems import Phrase

    def value(item):
        if isinstance(item, Phrase):
            return said(item.code, item.params)
        if isinstance(item, tuple | list):
            return listed(say("config.quoted", value=part) for part in item)
        return item

    return reason(code, {name: value(item) for name, item in params.items()})


def print_files(files, kind: str) -> None:
    """One line per file written, named by what it holds (cli.file.<kind>) and the path last, after the first
    colon, so a script can pick the paths up in either language."""
    what = say(f"cli.file.{kind}")
    for path in files:
        print(labelled(what, path))


def cell(value) -> str:
    """A value as report text: dates in ISO form, nothing as empty."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def aligned(rows: list[list[object]], indent: str = "") -> list[str]:
    """Rows as text columns two spaces apart (a short row leaves its last columns empty); CJK characters take two
    columns, as in a terminal."""
    from schoolcare.services.tabular import display_width

    cells = [[cell(v) for v in row] for row in rows]
    if not cells:
        return []
    widths = [max(display_width(row[i]) for row in cells if i < len(row)) for i in range(max(map(len, cells)))]
    return [indent + "  ".join(c + " " * (widths[i] - display_width(c)) for i, c in enumerate(row)).rstrip()
            for row in cells]
