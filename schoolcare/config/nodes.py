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

from schoolcare.config.problems import ConfigProblem, Phrase
from schoolcare.domain.settings import Label
from schoolcare.domain.shorten import shorten as cut_short

TAG = "tag:yaml.org,2002:"
# The YAML types a secretary reads a word for (the catalog's error.config.type.<type>), in place of PyYAML's tags.
_TYPE_NAMES = ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# Scalars are converted with PyYAML's own rules (0x1A, 1_000, yes/no …), never via a full load.
_constructor = SafeConstructor()


def join(path: str, key: str | int) -> str:
    """`rules` + 1 → `rules[1]`; `rules[1]` + `period` → `rules[1].period`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def kind_of(node: Node) -> Phrase:
    """The node's type as words (a tag of its own, such as !!binary, named as written)."""
    short = node.tag.removeprefix(TAG)
    if isinstance(node, SequenceNode):
        short = "seq"
    elif isinstance(node, MappingNode):
        short = "map"
    if short in _TYPE_NAMES:
        return Phrase(f"config.type.{short}")
    return Phrase("config.type.tag", {"tag": node.tag})


def describe(node: Node) -> Phrase:
    """`a whole number '12'`, `a list` … for 'expected …, got …' problems (a long value cut short)."""
    name = kind_of(node)
    if isinstance(node, ScalarNode) and node.value != "":
        return Phrase("config.got_value", {"type": name, "value": shorten(node.value)})
    return name


def shorten(text: str) -> str:
    """A value as a problem quotes it: cut short (domain/shorten.py)."""
    return cut_short(text)


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

    def report(self, where: Node | int, key: str, code: str, /, **params: object) -> None:
        """A problem at `where` (a node, or a line number), said by `code` (the catalog's error.<code>) and its
        values."""
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(ConfigProblem(self.file, line, key, code, params))

    def parse(self, text: str) -> Node | None:
        """The document's root node, or None (with a problem) on a syntax error or an empty file."""
        try:
            root = yaml.compose(text, Loader=SAFE_LOADER)
        except yaml.MarkedYAMLError as exc:
            self._syntax_error(exc)
            return None
        except yaml.YAMLError as exc:
            self.report(0, "", "config.yaml_syntax", detail=str(exc))
            return None
        if root is None:
            self.report(0, "", "config.empty_file")
        return root

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> None:
        """PyYAML's own words (English, from the library) inside ours: what it found, and what it was reading."""
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        said = f"{exc.problem or ''} {exc.context or ''}"
        if "\\t" in said or "tab character" in said:
            self.report(line, "", "config.yaml_tab", detail=exc.problem or exc.context)
        elif exc.context and exc.problem:
            started = exc.context_mark
            if started and mark and started.line != mark.line:
                self.report(line, "", "config.yaml_syntax_since", detail=exc.problem, context=exc.context,
                            since=started.line + 1)
            else:
                self.report(line, "", "config.yaml_syntax_context", detail=exc.problem, context=exc.context)
        elif exc.problem or exc.context:
            self.report(line, "", "config.yaml_syntax", detail=exc.problem or exc.context)
        else:
            self.report(line, "", "config.yaml_unreadable")

    # -- structure -----------------------------------------------------------

    def wrong_type(self, node: Node, path: str, expected: str) -> None:
        """`node` is not the `expected` kind of value (map, seq, text, int, number, bool, date: the catalog's
        error.config.expect.<expected>), with a hint where the usual slip is plain."""
        wanted = Phrase(f"config.expect.{expected}")
        if isinstance(node, ScalarNode) and node.tag == TAG + "null":
            self.report(node, path, "config.no_value", expected=wanted)
            return
        hint = None
        if expected == "text" and isinstance(node, ScalarNode) and node.style is None:
            hint = Phrase("config.hint.quote_text")
        elif node.tag == TAG + "bool" and expected in ("int", "number"):
            hint = Phrase("config.hint.bool_not_number")
        elif isinstance(node, ScalarNode) and node.style in ("'", '"') and expected != "text":
            hint = Phrase("config.hint.remove_quotes")
        if hint is None:
            self.report(node, path, "config.wrong_type", expected=wanted, got=describe(node))
        else:
            self.report(node, path, "config.wrong_type_hint", expected=wanted, got=describe(node), hint=hint)

    def fields(
        self, node: Node | None, path: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        """The known keys of a mapping; reports unknown, duplicate and missing keys."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.wrong_type(node, path, "map")
            return None
        allowed = [*required, *optional]
        found: dict[str, Node] = {}
        seen: dict[str, int] = {}
        explained: set[str] = set()  # required keys already blamed on a misspelling
        for key_node, value in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == TAG + "str"):
                self.report(key_node, path, "config.key_not_word", got=describe(key_node))
                continue
            key = key_node.value
            where = join(path, key)
            if key in seen:
                self.report(key_node, where, "config.duplicate_key", key=key, first=seen[key])
                continue
            seen[key] = line_of(key_node)
            if key in allowed:
                found[key] = value
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close and close[0] not in seen:
                hint = Phrase("config.hint.did_you_mean", {"close": close[0]})
                explained.add(close[0])
            else:
                hint = Phrase("config.hint.one_of", {"options": tuple(allowed)})
            if node.flow_style and isinstance(value, ScalarNode) and value.tag == TAG + "null":
                self.report(key_node, where, "config.unknown_key_comma", key=key, hint=hint)
            else:
                self.report(key_node, where, "config.unknown_key", key=key, hint=hint)
        for key in required:
            if key not in found and key not in explained and key not in seen:
                self.report(node, join(path, key), "config.missing_key", key=key)
        return found

    def items(self, node: Node | None, path: str, *, non_empty: bool = True) -> list[tuple[str, Node]]:
        """The entries of a list with their key paths (`rules[0]`, `rules[1]` …)."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.wrong_type(node, path, "seq")
            return []
        if non_empty and not node.value:
            self.report(node, path, "config.empty_list")
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
            self.report(node, path, "config.empty_text")
            return None
        return value

    def ident(self, node: Node | None, path: str) -> str | None:
        value = self.text(node, path)
        if value is not None and not _ID.match(value):
            self.report(node, path, "config.bad_id", value=shorten(value))
            return None
        return value

    def choice(self, node: Node | None, path: str, options: Sequence[str], what: str) -> str | None:
        """One of `options`; `what` names the setting (the catalog's error.config.what.<what>)."""
        value = self.text(node, path)
        if value is None or value in options:
            return value
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        named = Phrase(f"config.what.{what}")
        if close:
            self.report(node, path, "config.unknown_choice_close", what=named, value=shorten(value), close=close[0],
                        options=tuple(options))
        else:
            self.report(node, path, "config.unknown_choice", what=named, value=shorten(value), options=tuple(options))
        return None

    def integer(self, node: Node | None, path: str, *, minimum: int | None = None) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == TAG + "int"):
            self.wrong_type(node, path, "int")
            return None
        value = _whole(node)
        if value is None:
            self.report(node, path, "config.too_many_digits", value=shorten(node.value))
            return None
        if minimum is not None and value < minimum:
            self.report(node, path, "config.at_least", minimum=minimum, value=value)
            return None
        return value

    def number(self, node: Node | None, path: str, *, positive: bool = False) -> float | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag in (TAG + "int", TAG + "float")):
            self.wrong_type(node, path, "number")
            return None
        try:
            value = float(_constructor.construct_yaml_int(node) if node.tag == TAG + "int"
                          else _constructor.construct_yaml_float(node))
        except (ValueError, OverflowError):  # more digits than Python converts, or past a float's range
            value = float("inf")
        if value != value or value in (float("inf"), float("-inf")):
            self.report(node, path, "config.not_a_number", value=shorten(node.value))
            return None
        if positive and value <= 0:
            self.report(node, path, "config.not_positive", value=shorten(node.value))
            return None
        return value

    def boolean(self, node: Node | None, path: str) -> bool | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == TAG + "bool"):
            self.wrong_type(node, path, "bool")
            return None
        return _constructor.construct_yaml_bool(node)

    def date(self, node: Node | None, path: str) -> dt.date | None:
        """A YYYY-MM-DD date, plain or quoted; an impossible one (2026-02-30) is named as such."""
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag in (TAG + "timestamp", TAG + "str")):
            self.wrong_type(node, path, "date")
            return None
        match = _DATE_LIKE.match(node.value)
        if match is None:
            if node.tag == TAG + "timestamp":
                self.report(node, path, "config.date_with_time", value=shorten(node.value))
            else:
                self.report(node, path, "config.not_a_date", got=describe(node))
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.report(node, path, "config.impossible_date", value=node.value.strip(),
                        why=_why_impossible(year, month))
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
        """Reports `value` if it is already in `seen` (value → line of first use); records it otherwise. `what`
        names the kind of id (the catalog's error.config.what.<what>)."""
        if value is None or node is None:
            return
        if value in seen:
            self.report(node, path, "config.duplicate_value", what=Phrase(f"config.what.{what}"), value=shorten(value),
                        first=seen[value])
        else:
            seen[value] = line_of(node)


def _why_impossible(year: int, month: int) -> Phrase:
    if not 1 <= month <= 12:
        return Phrase("config.why.no_month", {"month": month})
    if year < 1:
        return Phrase("config.why.no_year_0")
    return Phrase("config.why.month_days", {"year": year, "month": Phrase(f"config.month.{month}"),
                                            "days": calendar.monthrange(year, month)[1]})

