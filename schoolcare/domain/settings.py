"""The school's configuration as frozen dataclasses: calendar, care rules, care-centre and safety templates."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from schoolcare.domain.dropouts import DropoutRules

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
class CounsellingTopic:
    """A topic of a counselling session (心理咨询), from incidents.yaml counselling_topics."""

    id: str
    name: Label


# The topics a config directory without counselling_topics gets (one written before counselling existed).
COUNSELLING_TOPICS = (
    CounsellingTopic("study_stress", Label("学习压力", "Study stress")),
    CounsellingTopic("family", Label("亲子关系", "Parents and family")),
    CounsellingTopic("peers", Label("同伴关系", "Friends and classmates")),
    CounsellingTopic("emotions", Label("情绪困扰", "Emotional distress")),
    CounsellingTopic("behaviour", Label("行为问题", "Behaviour")),
    CounsellingTopic("other", Label("其他", "Other")),
)


@dataclass(frozen=True)
class Sessions:
    """How long an unattended session stays logged in, and how many browsers `schoolcare serve` admits
    (school.yaml sessions:)."""

    idle_logout_minutes: int = 20  # 0: never
    max_browser_sessions: int = 40  # 0: no cap


@dataclass(frozen=True)
class ImportLimits:
    """How big a roster file may be (school.yaml import:): checked before it is read, so a file that
    unpacks to gigabytes or holds 300,000 rows is refused at once, not after minutes and gigabytes."""

    max_file_bytes: int = 20_000_000  # the file as it is on disk
    max_unpacked_bytes: int = 60_000_000  # an .xlsx's parts once unzipped (a 12,000-row roster is ~20 MB)
    max_rows: int = 20_000
    max_columns: int = 200


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
    # 控辍保学: when a dropout case opens and each step's deadline (incidents.yaml dropout_*).
    dropout_rules: DropoutRules = field(default_factory=DropoutRules)
    counselling_topics: tuple[CounsellingTopic, ...] = COUNSELLING_TOPICS
    sessions: Sessions = field(default_factory=Sessions)
    imports: ImportLimits = field(default_factory=ImportLimits)

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
