"""The school's configuration as frozen dataclasses: calendar, care rules, care-centre and safety templates."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# The vocabularies the app knows; config values outside them are errors.
PERIODS = ("week", "month", "term", "quarter")
SUBJECTS = ("pupil", "class", "school")
RECORD_KINDS = ("family_call", "teacher_talk", "class_activity", "school_activity", "home_visit")
RESPONSIBLE = ("care_teacher", "homeroom_teacher", "coordinator")
APPLIES_TO = ("left_behind", "cared", "all")
SEVERITIES = ("low", "medium", "high")
LANGUAGES = ("zh-CN", "en")
# A care record dated more than this many days ago needs a reason (rules.yaml backdate_days).
BACKDATE_DAYS = 30


@dataclass(frozen=True)
class Label:
    """A name in both UI languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Holiday:
    name: Label
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Term:
    id: str
    name: Label
    start: dt.date
    end: dt.date
    holidays: tuple[Holiday, ...] = ()

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def is_holiday(self, day: dt.date) -> bool:
        return any(h.covers(day) for h in self.holidays)


@dataclass(frozen=True)
class Calendar:
    terms: tuple[Term, ...]

    def term(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)

    def term_on(self, day: dt.date) -> Term | None:
        """The term a day falls in, or None in the gap between terms."""
        for term in self.terms:
            if term.contains(day):
                return term
        return None

    def current_or_last(self, day: dt.date) -> Term:
        """The term on `day`; between terms the one that ended last (what a report on that day is about)."""
        found = self.term_on(day)
        if found:
            return found
        past = [t for t in self.terms if t.end < day]
        return past[-1] if past else self.terms[0]

    def previous(self, term: Term) -> Term | None:
        index = self.terms.index(term)
        return self.terms[index - 1] if index > 0 else None


@dataclass(frozen=True)
class Rule:
    """How often a kind of care record is due: "at least N per period for each subject"."""

    id: str
    name: Label
    subject: str  # pupil | class | school
    period: str  # week | month | term | quarter
    at_least: int
    record: str  # one of RECORD_KINDS
    holidays_count: bool
    responsible: str  # one of RESPONSIBLE
    applies_to: str = "left_behind"  # which pupils a pupil rule covers


@dataclass(frozen=True)
class EquipmentNeed:
    id: str
    name: Label
    count: int


@dataclass(frozen=True)
class RoomKind:
    id: str
    name: Label
    equipment: tuple[EquipmentNeed, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Label


@dataclass(frozen=True)
class ChecklistSection:
    id: str
    name: Label
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class CentreTemplate:
    min_area_m2: float
    room_kinds: tuple[RoomKind, ...]
    six_haves: tuple[ChecklistItem, ...]
    # Room kinds every centre must have (ids from room_kinds); others are optional.
    required_rooms: tuple[str, ...] = ()

    def room_kind(self, kind_id: str) -> RoomKind:
        for kind in self.room_kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)


@dataclass(frozen=True)
class SafetyTemplate:
    sections: tuple[ChecklistSection, ...]
    # Days allowed to rectify a hazard, by severity (限期整改).
    deadline_days: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IncidentKind:
    id: str
    name: Label
    mandatory_report: bool
    report_within_hours: int


@dataclass(frozen=True)
class Settings:
    """Everything read from the config directory."""

    language: str
    calendar: Calendar
    rules: tuple[Rule, ...]
    centre: CentreTemplate
    safety: SafetyTemplate
    incident_kinds: tuple[IncidentKind, ...]
    source: Path | None = None
    # Records dated more than this many days before the day they are entered need a reason, kept in the audit.
    backdate_days: int = BACKDATE_DAYS

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def incident_kind(self, kind_id: str) -> IncidentKind:
        for kind in self.incident_kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)
