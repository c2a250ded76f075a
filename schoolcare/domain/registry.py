"""The registry's plain rows (一人一档): pupil list lines, the pupil file, guardians, notes, care teachers, timeline, coverage."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from schoolcare.domain.counselling import CounsellingSummary
from schoolcare.domain.eligibility import LeftBehindVerdict
from schoolcare.domain.validation import normalise_text

STATUSES = ("enrolled", "transferred", "dropped_out", "graduated")
# "other" = none of the flagged categories (SPEC R1: left-behind, in difficulty, migrant, other).
CATEGORIES = ("left_behind", "in_difficulty", "migrant", "poverty", "special_needs", "other")
SORTS = ("class", "student_no", "name", "gender", "birth_date", "care_teacher", "status", "category", "relevance")
ASPECTS = ("family", "guardianship", "schooling", "psychological")
TIMELINE_KINDS = ("family_call", "teacher_talk", "home_visit", "activity", "incident")


@dataclass(frozen=True)
class PupilQuery:
    """What the pupil list shows: filters, search text, sort, and a page."""

    search: str = ""
    class_id: int | None = None
    category: str | None = None  # one of CATEGORIES
    status: str | None = "enrolled"  # None: every status
    care_teacher_id: int | None = None
    no_care_teacher: bool = False
    turning_16: bool = False  # needs term_start / term_end
    needs_review: bool = False  # turning 16 this term, or a parent came home
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    sort: str = "class"
    descending: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class PupilRow:
    id: int
    student_no: str
    name: str
    name_pinyin: str
    name_initials: str
    gender: str  # m | f
    birth_date: dt.date
    age: int
    class_id: int | None
    class_name: str
    status: str
    boarding: bool
    left_behind: bool
    in_difficulty: bool
    migrant: bool
    poverty: bool
    special_needs: bool
    care_teacher_id: int | None
    care_teacher: str  # "" when nobody is assigned
    review: tuple[str, ...] = ()  # turns_16_this_term, parent_returned
    left_on: dt.date | None = None  # a pupil who has left: the first day gone
    moved_to: str = ""  # a transferred pupil: the school of the database they moved to (services.county.transfers)

    @property
    def categories(self) -> tuple[str, ...]:
        flags = [name for name in CATEGORIES[:-1] if getattr(self, name)]
        return tuple(flags) or ("other",)


def search_terms(text: str) -> tuple[str, str]:
    """(as typed, without spaces), lower-cased and half-width: what the search compares."""
    typed = normalise_text(text).lower()
    return typed, typed.replace(" ", "")


def matches(row: PupilRow, text: str) -> bool:
    """The list's search in memory, the same test services.pupils makes in SQL: name or number contains
    the text, full pinyin or initials start with it ("zhangs", "zs" and "张三" all find 张三)."""
    test = matcher(text)
    return test is None or test(row)


def matcher(text: str) -> Callable[[PupilRow], bool] | None:
    """matches() for many rows: the typed text normalised once, not once a row (None: nothing typed, all match)."""
    typed, compact = search_terms(text)
    if not typed:
        return None

    def test(row: PupilRow) -> bool:
        return (typed in row.name.lower() or compact in row.student_no.lower()
                or row.name_pinyin.startswith(compact) or row.name_initials.startswith(compact))
    return test


@dataclass(frozen=True)
class PupilPage:
    rows: tuple[PupilRow, ...]
    total: int  # matching rows, before the page limit


@dataclass(frozen=True)
class SearchIndex:
    """Every pupil in reach for one set of filters, in the list's order, as the search reads them: a school too
    big to hold as rows is searched here on each keystroke, and only the page found is fetched."""

    ids: tuple[int, ...]
    keys: tuple[tuple[str, str, str, str], ...]  # (name, student no., both lower-cased; pinyin, initials)

    @staticmethod
    def key(name: str, student_no: str, pinyin: str, initials: str) -> tuple[str, str, str, str]:
        return name.lower(), student_no.lower(), pinyin, initials

    def find(self, text: str, limit: int) -> tuple[tuple[int, ...], int]:
        """The first `limit` ids matching `text` (matches()' test) and how many match in all."""
        typed, compact = search_terms(text)
        if not typed:
            return self.ids[:limit], len(self.ids)
        found = [pupil for pupil, (name, number, pinyin, initials) in zip(self.ids, self.keys, strict=True)
                 if typed in name or compact in number or pinyin.startswith(compact) or initials.startswith(compact)]
        return tuple(found[:limit]), len(found)


@dataclass(frozen=True)
class GuardianRow:
    id: int
    relation: str
    name: str
    age: int | None
    phone: str
    address: str
    work_place: str
    occupation: str
    away: bool
    capacity: str  # full | limited | none
    day_to_day: bool
    entrusted: bool


@dataclass(frozen=True)
class SituationNoteRow:
    id: int
    aspect: str
    text: str
    noted_on: dt.date
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class CareSpell:
    """One care teacher for one pupil from start_on to end_on (None while current)."""

    id: int
    pupil_id: int
    teacher_id: int
    teacher: str
    start_on: dt.date
    end_on: dt.date | None
    reason: str
    end_reason: str

    @property
    def current(self) -> bool:
        return self.end_on is None


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # one of TIMELINE_KINDS
    id: int
    date: dt.date
    summary: str
    by: str
    withdrawn: bool = False
    facts: tuple[tuple[str, object], ...] = ()  # coded details (channel, minutes, kind …) the screen translates


@dataclass(frozen=True)
class PupilProfile:
    id: int
    student_no: str
    name: str
    gender: str
    birth_date: dt.date
    age: int
    class_id: int | None
    class_name: str
    status: str
    boarding: bool
    address: str
    left_behind: bool
    left_behind_review: str
    in_difficulty: bool
    migrant: bool
    poverty: bool
    special_needs: str
    health_notes: str
    peer_helper: str
    caring_parent: str
    enrolled_on: dt.date | None
    left_on: dt.date | None
    national_id: str = ""  # 全国学籍号, "" where not known


@dataclass(frozen=True)
class PupilFile:
    """一人一档: everything the school knows about one pupil, as one value."""

    profile: PupilProfile
    guardians: tuple[GuardianRow, ...]
    notes: tuple[SituationNoteRow, ...]  # newest first; the first of each aspect is current
    care_spells: tuple[CareSpell, ...]  # current first, then newest
    timeline: tuple[TimelineEntry, ...]  # newest first
    verdict: LeftBehindVerdict
    warnings: tuple[str, ...] = ()  # no_entrusted_guardian, no_day_to_day_guardian, unassigned
    # That counselling sessions took place (never what was said): services/protection/counselling.summary.
    counselling: CounsellingSummary = CounsellingSummary(0, None, "")

    @property
    def care_teacher(self) -> CareSpell | None:
        return next((s for s in self.care_spells if s.current), None)

    def current_note(self, aspect: str) -> SituationNoteRow | None:
        return next((n for n in self.notes if n.aspect == aspect), None)

    def note_history(self, aspect: str) -> tuple[SituationNoteRow, ...]:
        return tuple(n for n in self.notes if n.aspect == aspect)


@dataclass(frozen=True)
class TeacherLoad:
    staff_id: int
    name: str
    login: str
    post: str
    pupils: int  # current care assignments
    left_behind: int


@dataclass(frozen=True)
class Coverage:
    """全覆盖: how many left-behind pupils have a current care teacher, and each teacher's load."""

    left_behind: int
    assigned: int
    loads: tuple[TeacherLoad, ...] = field(default_factory=tuple)

    @property
    def unassigned(self) -> int:
        return self.left_behind - self.assigned

    @property
    def percent(self) -> float:
        return 100.0 if not self.left_behind else round(100.0 * self.assigned / self.left_behind, 1)


@dataclass(frozen=True)
class AssignOutcome:
    assigned: int  # pupils who had nobody
    reassigned: int  # pupils who moved from another teacher
    unchanged: int  # already with this teacher


@dataclass(frozen=True)
class ClassEntry:
    """A class as the admin's class list shows it: its homeroom teacher, its pupils, whether it still runs."""

    id: int
    name: str
    grade: int
    number: int
    homeroom_teacher_id: int | None
    homeroom_teacher: str  # "" when nobody leads it
    homeroom_login: str
    pupils: int  # enrolled
    left_behind: int
    retired_on: dt.date | None = None

    @property
    def retired(self) -> bool:
        return self.retired_on is not None


@dataclass(frozen=True)
class HomeroomSpell:
    """Who led a class from when to when (end None: still does)."""

    teacher_id: int
    teacher: str
    start_on: dt.date
    end_on: dt.date | None
    reason: str


@dataclass(frozen=True)
class StaffDetail:
    """A member of staff as the staff list and its edit dialog show them."""

    id: int
    name: str
    login: str
    role: str
    post: str
    phone: str
    age: int | None
    address: str
    active: bool
    caseload: int  # pupils currently in their care
    classes: tuple[str, ...] = ()  # the classes they lead now
