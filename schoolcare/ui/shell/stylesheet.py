"""The app's stylesheet: Textual's, keeping what it parsed, in this process and between starts.

Textual parses every CSS source (app.tcss: ~160 rule sets, plus each widget's DEFAULT_CSS) afresh in every
process, ~30 ms of each start and of each browser session. The sources and theme variables rarely change, so
the rule sets parsed once are kept in the user's cache directory (domain/kept.py, beside the settings) under a
key made of the installed Textual, the theme's variables and each source's text and place; anything different is
parsed afresh. Rule sets with errors are never kept, so a broken edit to app.tcss is reported as Textual does.
"""
from __future__ import annotations

import hashlib
import os
import sys

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from schoolcare.domain import kept

FILE_PREFIX = "css-"


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet, keeping what it parsed while the CSS variables stay the same.

    Textual re-parses every source when a mode's first screen is shown and again when the next new widget class
    brings its DEFAULT_CSS, each time in a fresh stylesheet whose parse cache is then dropped. The sources and
    variables are unchanged, so the rules parsed the first time still hold; those of earlier starts too (kept()).
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._kept = Kept(self._variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:  # a new theme: parse afresh
            super().set_variables(variables)
            self._kept = Kept(self._variables)

    def reparse(self) -> None:
        # parse() sets the rules only once every source has parsed cleanly, as reparse's fresh copy is there for.
        self._invalid_css = set()
        self.parse()

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        cache_key = (css, read_from, is_default_rules, tie_breaker, scope)
        if cache_key in self._parse_cache:
            return self._parse_cache[cache_key]
        rules = self._kept.get(cache_key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                self._kept.add(cache_key, rules)
        self._parse_cache[cache_key] = rules
        return rules

    def keep(self) -> None:
        """Write what this process parsed and the cache did not hold (once the first screen is up)."""
        self._kept.save()


class Kept:
    """The rule sets of earlier starts for one set of theme variables: one pickle of {source digest: rules}."""

    def __init__(self, variables: dict[str, str]) -> None:
        # Textual's own files say which Textual it is (its __version__ costs importing importlib.metadata).
        installed = os.stat(textual.__file__)
        head = hashlib.sha256(f"{sys.version}\n{textual.__file__}:{installed.st_mtime_ns}:{installed.st_size}\n".encode())
        for name, value in sorted(variables.items()):
            head.update(f"{name}={value}\n".encode())
        self.name = f"{FILE_PREFIX}{head.hexdigest()[:32]}.pickle"
        self._rules: dict[str, list[RuleSet]] | None = None  # read at the first source asked for
        self._new = False

    @staticmethod
    def _digest(cache_key: tuple) -> str:
        css, (path, name), is_default_rules, tie_breaker, scope = cache_key
        return hashlib.sha256(f"{path}\n{name}\n{is_default_rules}\n{tie_breaker}\n{scope}\n{css}".encode()
                              ).hexdigest()

    def _all(self) -> dict[str, list[RuleSet]]:
        if self._rules is None:
            loaded = kept.load(self.name)  # none kept yet, or written by another Textual: parse
            self._rules = loaded if isinstance(loaded, dict) else {}
        return self._rules

    def get(self, cache_key: tuple) -> list[RuleSet] | None:
        return self._all().get(self._digest(cache_key))

    def add(self, cache_key: tuple, rules: list[RuleSet]) -> None:
        self._all()[self._digest(cache_key)] = rules
        self._new = True

    def save(self) -> None:
        if self._new:
            self._new = False
            kept.save(self.name, self._all(), replacing=f"{FILE_PREFIX}*.pickle")  # one theme, one Textual
