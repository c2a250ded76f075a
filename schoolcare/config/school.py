"""Reads school.yaml: the interface language and the school calendar (terms and their holidays)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yaml.nodes import Node

from schoolcare.config.imports import read_imports
from schoolcare.config.nodes import Reader, join
from schoolcare.domain.settings import LANGUAGES, Calendar, Holiday, ImportLimits, Sessions, Term


@dataclass
class _ReadTerm:
    """A term as read, with the nodes later checks point at."""

    term: Term
    path: str
    start_node: Node | None


def read_school(reader: Reader, root: Node) -> tuple[str | None, Calendar | None, Sessions, ImportLimits]:
    top = reader.fields(root, "", ("language", "calendar"), ("sessions", "import"))
    if top is None:
        return None, None, Sessions(), ImportLimits()
    language = reader.choice(top.get("language"), "language", LANGUAGES, "language")
    sessions = _read_sessions(reader, top.get("sessions"))
    imports = read_imports(reader, top.get("import"))
    calendar = reader.fields(top.get("calendar"), "calendar", ("terms",))
    if calendar is None:
        return language, None, sessions, imports
    seen: dict[str, int] = {}
    read = [_read_term(reader, node, path, seen) for path, node in reader.items(calendar.get("terms"), "calendar.terms")]
    _check_overlaps(reader, read)
    # Sorted, because Calendar.previous() and current_or_last() rely on date order.
    terms = sorted((r.term for r in read), key=lambda t: t.start or dt.date.min)
    return language, Calendar(tuple(terms)), sessions, imports


def _read_sessions(reader: Reader, node: Node | None) -> Sessions:
    """The optional sessions: section; each key left out keeps its default."""
    if node is None:
        return Sessions()
    found = reader.fields(node, "sessions", (), ("idle_logout_minutes", "max_browser_sessions")) or {}
    defaults = Sessions()
    idle = reader.integer(found.get("idle_logout_minutes"), "sessions.idle_logout_minutes", minimum=0)
    cap = reader.integer(found.get("max_browser_sessions"), "sessions.max_browser_sessions", minimum=0)
    return Sessions(defaults.idle_logout_minutes if idle is None else idle,
                    defaults.max_browser_sessions if cap is None else cap)


def _read_term(reader: Reader, node: Node, path: str, seen: dict[str, int]) -> _ReadTerm:
    found = reader.fields(node, path, ("id", "name", "start", "end"), ("holidays",)) or {}
    term_id = reader.ident(found.get("id"), join(path, "id"))
    reader.unique(seen, term_id, found.get("id"), join(path, "id"), "term_id")
    name = reader.label(found.get("name"), join(path, "name"))
    start = reader.date(found.get("start"), join(path, "start"))
    end = reader.date(found.get("end"), join(path, "end"))
    if start and end and end < start:
        reader.report(found["end"], join(path, "end"), "config.term_ends_first", start=str(start), end=str(end))
        start = end = None  # an impossible span would only add noise to the overlap check
    holidays = []
    for hpath, hnode in reader.items(found.get("holidays"), join(path, "holidays"), non_empty=False):
        holiday = _read_holiday(reader, hnode, hpath)
        if holiday is None:
            continue
        if start and end and (holiday.start < start or holiday.end > end):
            reader.report(hnode, hpath, "config.holiday_outside_term", start=str(holiday.start), end=str(holiday.end),
                          term_start=str(start), term_end=str(end))
        holidays.append(holiday)
    holidays.sort(key=lambda h: h.start)
    term = Term(id=term_id, name=name, start=start, end=end, holidays=tuple(holidays))  # type: ignore[arg-type]
    return _ReadTerm(term, path, found.get("start"))


def _read_holiday(reader: Reader, node: Node, path: str) -> Holiday | None:
    found = reader.fields(node, path, ("name", "start", "end"))
    if found is None:
        return None
    name = reader.label(found.get("name"), join(path, "name"))
    start = reader.date(found.get("start"), join(path, "start"))
    end = reader.date(found.get("end"), join(path, "end"))
    if start is None or end is None:
        return None
    if end < start:
        reader.report(found["end"], join(path, "end"), "config.holiday_ends_first", start=str(start), end=str(end))
        return None
    return Holiday(name=name, start=start, end=end)  # type: ignore[arg-type]


def _check_overlaps(reader: Reader, read: list[_ReadTerm]) -> None:
    """Each term against the latest-ending earlier one, so a long term overlapping several is caught too."""
    dated = sorted((r for r in read if r.term.start and r.term.end), key=lambda r: (r.term.start, r.term.end))
    latest: _ReadTerm | None = None
    for current in dated:
        if latest is not None and current.term.start <= latest.term.end:
            reader.report(
                current.start_node or 0,
                join(current.path, "start"),
                "config.terms_overlap",
                term=current.term.id, start=str(current.term.start), end=str(current.term.end),
                other=latest.term.id, other_start=str(latest.term.start), other_end=str(latest.term.end),
            )
        if latest is None or current.term.end > latest.term.end:
            latest = current
