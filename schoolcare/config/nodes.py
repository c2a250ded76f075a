"""A strict reader over PyYAML's node tree: typed values, and every mistake with its file, line and key path."""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Sequence

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from schoolcare.config.problems import ConfigProblem
from schoolcare.domain.settings import Label

TAG = "tag:yaml.org,2002:"
# What a secretary should read for each YAML type, in place of PyYAML's tags.
_TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a decimal number",
    "bool": "true/false",
    "null": "nothing",
    "timestamp": "a date",
    "seq": "a list",
    "map": "a mapping",
}
_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# Scalars are converted with PyYAML's own rules (0x1A, 1_000, yes/no …), never via a full load.
_constructor = SafeConstructor()


def join(path: str, key: str | int) -> str:
    """`rules` + 1 → `rules[1]`; `rules[1]` + `period` → `rules[1].period`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def kind_of(node: Node) -> str:
    short = node.tag.removeprefix(TAG)
    if isinstance(node, SequenceNode):
        short = "seq"
    elif isinstance(node, MappingNode):
        short = "map"
    return _TYPE_NAMES.get(short, node.tag)


def describe(node: Node) -> str:
    """`a whole number '12'`, `a list` … for 'expected …, got …' messages (a long value cut short)."""
    name = kind_of(node)
    if isinstance(node, ScalarNode) and node.value != "":
        return f"{name} '{shorten(node.value)}'"
    return name


def shorten(text: str, limit: int = 40) -> str:
    """A value as a message quotes it: at most `limit` characters, with how long it really is."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


# More digits than any setting needs; Python refuses to convert past 4,300 (a guard against slow int()).
MAX_DIGITS = 30


def _whole(node: ScalarNode) -> int | None:
    """A YAML int node's value, or None when it has more digits than a setting can mean."""
    if sum(ch.isalnum() for ch in node.value) > MAX_DIGITS + 2:  # + a 0x / 0o prefix
        return None
    try:
        return _constructor.construct_yaml_int(node)
    except (ValueError, OverflowError):
        return None


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


# libyaml's loader, where PyYAML was built with it, composes the same nodes (with line marks) ~10x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Reader:
    """Reads one config file's node tree; collects problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[ConfigProblem] = []

    def report(self, where: Node | int, key: str, message: str) -> None:
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(ConfigProblem(self.file, line, key, message))

    def parse(self, text: str) -> Node | None:
        """The document's root node, or None (with a problem) on a syntax error or an empty file."""
        try:
            root = yaml.compose(text, Loader=SAFE_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            detail = exc.problem or exc.context or "unreadable YAML"
            if exc.context and exc.problem:
                started = exc.context_mark
                at = f" at line {started.line + 1}" if started and mark and started.line != mark.line else ""
                detail = f"{exc.problem} ({exc.context}{at})"
            if "\\t" in detail or "tab character" in detail:
                detail += "; indent with spaces, not Tab"
            self.report(mark.line + 1 if mark else 0, "", f"YAML syntax error: {detail}")
            return None
        except yaml.YAMLError as exc:
            self.report(0, "", f"YAML syntax error: {exc}")
            return None
        if root is None:
            self.report(0, "", "the file is empty")
        return root

    # -- structure -----------------------------------------------------------

    def wrong_type(self, node: Node, path: str, expected: str) -> None:
        if isinstance(node, ScalarNode) and node.tag == TAG + "null":
            self.report(node, path, f"has no value (expected {expected})")
            return
        hint = ""
        if expected == "text" and isinstance(node, ScalarNode) and node.style is None:
            hint = " (put it in quotes to make it text)"
        elif node.tag == TAG + "bool" and expected in ("a whole number", "a number"):
            hint = " (true/false is not a number)"
        elif isinstance(node, ScalarNode) and node.style in ("'", '"') and expected != "text":
            hint = " (remove the quotes)"
        self.report(node, path, f"expected {expected}, got {describe(node)}{hint}")

    def fields(
        self, node: Node | None, path: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        """The known keys of a mapping; reports unknown, duplicate and missing keys."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.wrong_type(node, path, "a mapping (key: value lines)")
            return None
        allowed = [*required, *optional]
        found: dict[str, Node] = {}
        seen: dict[str, int] = {}
        explained: set[str] = set()  # required keys already blamed on a misspelling
        for key_node, value in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == TAG + "str"):
                self.report(key_node, path, f"a key must be a word, got {describe(key_node)}")
                continue
            key = key_node.value
            where = join(path, key)
            if key in seen:
                self.report(key_node, where, f"duplicate key '{key}' (first at line {seen[key]})")
                continue
            seen[key] = line_of(key_node)
            if key in allowed:
                found[key] = value
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close and close[0] not in seen:
                hint = f"did you mean '{close[0]}'?"
                explained.add(close[0])
            else:
                hint = f"expected one of {', '.join(allowed)}"
            if node.flow_style and isinstance(value, ScalarNode) and value.tag == TAG + "null":
                hint += "; a comma inside {…} splits the text: use a Chinese comma ， or quotes"
            self.report(key_node, where, f"unknown key '{key}' ({hint})")
        for key in required:
            if key not in found and key not in explained and key not in seen:
                self.report(node, join(path, key), f"missing required key '{key}'")
        return found

    def items(self, node: Node | None, path: str, *, non_empty: bool = True) -> list[tuple[str, Node]]:
        """The entries of a list with their key paths (`rules[0]`, `rules[1]` …)."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.wrong_type(node, path, "a list (lines starting with '- ')")
            return []
        if non_empty and not node.value:
            self.report(node, path, "the list is empty")
        return [(join(path, index), item) for index, item in enumerate(node.value)]

    # -- scalars -------------------------------------------------------------

    def text(self, node: Node | None, path: str) -> str | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == TAG + "str"):
            self.wrong_type(node, path, "text")
            return None
        value = node.value.strip()
        if not value:
            self.report(node, path, "must not be empty")
            return None
        return value

    def ident(self, node: Node | None, path: str) -> str | None:
        value = self.text(node, path)
        if value is not None and not _ID.match(value):
            self.report(node, path, f"'{value}' is not a valid id (use letters, digits, '_' and '-')")
            return None
        return value

    def choice(self, node: Node | None, path: str, options: Sequence[str], what: str) -> str | None:
        value = self.text(node, path)
        if value is None or value in options:
            return value
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self.report(node, path, f"unknown {what} '{value}' ({hint}expected one of {', '.join(options)})")
        return None

    def integer(self, node: Node | None, path: str, *, minimum: int | None = None) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == TAG + "int"):
            self.wrong_type(node, path, "a whole number")
            return None
        value = _whole(node)
        if value is None:
            self.report(node, path, f"the number '{shorten(node.value)}' has far too many digits")
            return None
        if minimum is not None and value < minimum:
            self.report(node, path, f"must be at least {minimum}, got {value}")
            return None
        return value

    def number(self, node: Node | None, path: str, *, positive: bool = False) -> float | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag in (TAG + "int", TAG + "float")):
            self.wrong_type(node, path, "a number")
            return None
        try:
            value = float(_constructor.construct_yaml_int(node) if node.tag == TAG + "int"
                          else _constructor.construct_yaml_float(node))
        except (ValueError, OverflowError):  # more digits than Python converts, or past a float's range
            value = float("inf")
        if value != value or value in (float("inf"), float("-inf")):
            self.report(node, path, f"expected a number, got '{shorten(node.value)}'")
            return None
        if positive and value <= 0:
            self.report(node, path, f"must be more than 0, got {shorten(node.value)}")
            return None
        return value

    def boolean(self, node: Node | None, path: str) -> bool | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == TAG + "bool"):
            self.wrong_type(node, path, "true or false")
            return None
        return _constructor.construct_yaml_bool(node)

    def date(self, node: Node | None, path: str) -> dt.date | None:
        """A YYYY-MM-DD date, plain or quoted; an impossible one (2026-02-30) is named as such."""
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag in (TAG + "timestamp", TAG + "str")):
            self.wrong_type(node, path, "a date like 2026-09-01")
            return None
        match = _DATE_LIKE.match(node.value)
        if match is None:
            if node.tag == TAG + "timestamp":
                self.report(node, path, f"expected a date without a time, got '{shorten(node.value)}'")
            else:
                self.report(node, path, f"expected a date like 2026-09-01, got {describe(node)}")
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.report(node, path, f"impossible date '{node.value.strip()}' ({_why_impossible(year, month)})")
            return None

    def label(self, node: Node | None, path: str) -> Label | None:
        """A `{zh: …, en: …}` pair, both non-empty text."""
        found = self.fields(node, path, ("zh", "en"))
        if found is None:
            return None
        zh = self.text(found.get("zh"), join(path, "zh"))
        en = self.text(found.get("en"), join(path, "en"))
        return Label(zh, en) if zh is not None and en is not None else None

    def unique(self, seen: dict[str, int], value: str | None, node: Node | None, path: str, what: str = "id") -> None:
        """Reports `value` if it is already in `seen` (value → line of first use); records it otherwise."""
        if value is None or node is None:
            return
        if value in seen:
            self.report(node, path, f"duplicate {what} '{value}' (first used at line {seen[value]})")
        else:
            seen[value] = line_of(node)


def _why_impossible(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days"

