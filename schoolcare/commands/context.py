"""What every command needs: the settings, the open database, the user it acts as, --term, and printing tables."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings, Term


class CommandError(Exception):
    """A one-line reason the command cannot go on; exit code 2 for usage, 1 otherwise."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CommandContext:
    db_url: str | None
    config_dir: str | None
    lang: str | None
    user: str | None
    _opened: bool = field(default=False, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "CommandContext":
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
            raise CommandError(f"the configuration has errors (run `schoolcare config check`):\n{exc}") from exc

    def term(self, term_id: str | None) -> Term | None:
        """The calendar's term named by --term (None when not given); a usage error naming the known ones."""
        if term_id is None:
            return None
        try:
            return self.settings.calendar.term(term_id)
        except KeyError:
            known = ", ".join(t.id for t in self.settings.calendar.terms)
            raise CommandError(f"--term {term_id}: no such term in the calendar (known: {known})", 2) from None

    @property
    def language(self) -> str:
        return self.lang or self.settings.language

    def url(self) -> str:
        from schoolcare.store.database import default_url

        return self.db_url or default_url()

    def open(self, url: str | None = None, *, upgrade: bool = True):
        """Open the database (upgrading its schema); returns its DatabaseInfo."""
        from schoolcare.store.database import DatabaseURLError, open_database

        try:
            info = open_database(url or self.url(), upgrade=upgrade)
        except DatabaseURLError as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # a server that is down, a file we may not write …
            raise CommandError(f"cannot open the database {url or self.url()}: {exc}") from exc
        self._opened = True
        return info

    def password(self, prompt: str = "password: ") -> str:
        from_env = os.environ.get("SCHOOLCARE_PASSWORD")
        if from_env:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError("no password: set SCHOOLCARE_PASSWORD or run from a terminal")
        return getpass.getpass(prompt)

    def login(self) -> Actor:
        """Authenticate as --user; the database must be open."""
        from schoolcare.services.accounts import auth
        from schoolcare.services.errors import AuthError

        if not self.user:
            raise CommandError("this command acts as a user: pass --user LOGIN (or set SCHOOLCARE_USER)", 2)
        try:
            return auth.authenticate(self.user, self.password(f"password for {self.user}: "))
        except AuthError as exc:
            raise CommandError(str(exc)) from exc

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
        raise CommandError(f"-o {path}: folder {target.parent} does not exist")
    return target


def print_files(files, what: str) -> None:
    """One line per file written, so a script can pick the paths up."""
    for path in files:
        print(f"{what}: {path}")


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
