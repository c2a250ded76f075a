"""Finding care records of any period: the filters a search takes, where a page starts, the page found."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolcare.domain.care import CareEntry

# The kinds a search can ask for, and their order within a day (higher first, as the pupil file lists them).
SEARCH_KINDS = ("family_call", "teacher_talk", "home_visit", "activity")
KIND_RANK = {"activity": 0, "family_call": 1, "teacher_talk": 2, "home_visit": 3}
PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordFilters:
    """Every filter is optional; none at all means every record in reach, newest first."""

    pupil: str = ""  # a name, its pinyin or initials, or a student number
    class_id: int | None = None
    kind: str = ""  # one of SEARCH_KINDS, or "" for any
    start: dt.date | str | None = None  # from this day (typed dates are read as the forms read them)
    end: dt.date | str | None = None  # to this day, inclusive
    recorder_id: int | None = None  # who logged it (or, for a talk or a visit, the teacher who held it)


@dataclass(frozen=True)
class PageMark:
    """Where a page starts: just after this record in the list's order (date, kind, id; newest first)."""

    date: dt.date
    rank: int
    id: int

    @classmethod
    def after(cls, entry: CareEntry) -> PageMark:
        return cls(entry.date, KIND_RANK[entry.kind], entry.id)


@dataclass(frozen=True)
class RecordPage:
    rows: tuple[CareEntry, ...]
    next: PageMark | None  # where the following page starts; None on the last page


@dataclass(frozen=True)
class Choice:
    """A class or a staff member offered as a filter."""

    id: int
    name: str


@dataclass(frozen=True)
class FilterChoices:
    classes: tuple[Choice, ...]
    staff: tuple[Choice, ...]
