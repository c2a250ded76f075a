"""The audit log as sentences in the reader's language: who did what to which pupil or record, old → new."""
from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import catalog, field_label, language, t, text, word
from schoolcare.services import audit
from schoolcare.services.audit import STAFF_KEYS, AuditRow
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog

# A long value (a note, a summary) is cut with an ellipsis, so a row stays one line.
MAX_VALUE = 40
# A stored time ("2026-11-29T08:30:00") reads as "2026-11-29 08:30".
MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?$")

# The record a row's changes describe, where it is not the row's entity: an incident's mandatory reports and
# follow-ups are audited on the incident (entity "incident") under their own action.
RECORD_OF = {("incident", "report"): "incident_report", ("incident", "follow_up"): "incident_follow_up",
             ("incident", "follow_up_done"): "incident_follow_up"}
# Coded values, by record and field, and the catalog words that say them (prefix + code).
VALUE_WORDS = {
    ("incident", "status"): "protection.status.",
    ("incident_report", "to_whom"): "protection.to.",
    ("incident_report", "method"): "protection.method.",
    ("incident_follow_up", "kind"): "protection.follow.",
    ("absence", "kind"): "attendance.kind.",
    ("dropout_case", "trigger"): "dropouts.trigger.",
    ("dropout_case", "outcome"): "dropouts.step.",
    ("dropout_case", "report_sent_to"): "dropouts.to.",
    ("persuasion_attempt", "method"): "dropouts.method.",
    ("counselling_session", "referral"): "counselling.referral.",
}
# Coded values whose words the school's config gives: incident kinds, counselling topics.
CONFIG_WORDS = {("incident", "kind"), ("counselling_session", "topic")}
# Fields the sentence's subject already says: a class register's class.
SUBJECT_FIELDS = {("attendance_day", "class_id")}


def record_of(row: AuditRow) -> str:
    return RECORD_OF.get((row.entity, row.action), row.entity)


def field_words(lang: str, record: str, key: str) -> str:
    """A change's field as that kind of record calls it (a status, a method, a kind differ from record to
    record: audit.field.<record>.<field>), else as every record calls it (i18n.field_label)."""
    own = f"audit.field.{record}.{key}"
    return text(lang, own) if own in catalog() else field_label(key, lang)


def _config_word(lang: str, record: str, value: str, settings: Settings | None) -> str:
    if settings is None:
        return value
    if record == "incident":
        try:
            return settings.incident_kind(value).name.get(lang)
        except KeyError:  # a kind since taken out of the config: its id still says what it was
            return value
    topic = next((topic for topic in settings.counselling_topics if topic.id == value), None)
    return topic.name.get(lang) if topic else value


def value_words(lang: str, key: str, value: Any, names: dict[int, str], record: str = "",
                settings: Settings | None = None) -> str:
    if value is None or value == "":
        return text(lang, "audit.value.empty")
    if isinstance(value, bool):
        return text(lang, "common.yes" if value else "common.no")
    if key in STAFF_KEYS and isinstance(value, int):
        return names.get(value, f"#{value}")
    if isinstance(value, list):
        return ("、" if lang != "en" else ", ").join(
            value_words(lang, key, v, names, record, settings) for v in value)
    if key == "role":
        return word(lang, f"role.{value}", str(value))
    coded = VALUE_WORDS.get((record, key))
    if coded and isinstance(value, str):
        # A list kept as one text ("education_bureau,township") says each of its codes.
        return ("、" if lang != "en" else ", ").join(word(lang, coded + code, code) for code in value.split(","))
    if (record, key) in CONFIG_WORDS and isinstance(value, str):
        return _config_word(lang, record, value, settings)
    shown = str(value)
    moment = MOMENT.match(shown)
    if moment:
        return f"{moment.group(1)} {moment.group(2)}"
    return shown if len(shown) <= MAX_VALUE else shown[:MAX_VALUE - 1] + "…"


def change_words(lang: str, key: str, value: Any, names: dict[int, str], record: str = "",
                 settings: Settings | None = None) -> str:
    label = field_words(lang, record, key)
    if isinstance(value, list) and len(value) == 2 and key not in ("to", "pupils"):
        old, new = (value_words(lang, key, v, names, record, settings) for v in value)
        return f"{label} {old} → {new}"
    return f"{label} {value_words(lang, key, value, names, record, settings)}"


def subject_words(lang: str, row: AuditRow) -> str:
    """Which pupil or record: the pupil's name, a class's or colleague's name, else the record's number."""
    if row.pupil:
        return row.pupil
    if row.record:
        return row.record
    return f"#{row.entity_id}" if row.entity_id else ""


def sentence(row: AuditRow, lang: str | None = None, settings: Settings | None = None) -> str:
    """周协调 修改了 学生 张小三：入学日期 空 → 2026-12-01 / 周协调 updated pupil 张小三: Enrolled on (empty) → 2026-12-01.
    `settings` names the config's coded values (incident kinds, counselling topics); without it they show as ids."""
    lang = lang or language()
    action = word(lang, f"audit.did.{row.action}", word(lang, f"audit.{row.action}", row.action))
    entity = word(lang, f"entity.{row.entity}", row.entity)
    who = row.actor or text(lang, "audit.nobody")
    if row.action == "login":
        return text(lang, "audit.sentence_login", who=who)
    head = text(lang, "audit.sentence", who=who, action=action, entity=entity, subject=subject_words(lang, row))
    record = record_of(row)
    # A value left empty on a new record ("reason": "", a restricted text's length 0) says nothing; an emptied
    # field ([old, ""]) does.
    changes = [change_words(lang, k, v, row.names, record, settings) for k, v in row.changes.items()
               if k != "password" and v not in ("", None) and not (k.endswith("_chars") and v == 0)
               and not ((record, k) in SUBJECT_FIELDS and row.record)]
    if "password" in row.changes:
        changes.insert(0, text(lang, "audit.password_changed"))
    if not changes:
        return head.rstrip()
    joiner = "; " if lang == "en" else "；"
    return text(lang, "audit.sentence_changes", head=head.rstrip(), changes=joiner.join(changes))


class AuditFilterDialog(Dialog):
    """Filter the log by pupil (name or student number), user and dates; saves with the rows found."""

    def __init__(self, actor: Actor, staff: list[tuple[str, int]], limit: int) -> None:
        super().__init__()
        self.actor = actor
        self.staff = staff
        self.limit = limit

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="audit-filter"):
            yield Label(t("audit.filter_title"), classes="dialog-title")
            yield FormField(t("audit.field.pupil"), Input(id="pupil"), name="pupil")
            yield FormField(t("audit.field.user"), Select(self.staff, id="user", prompt=t("audit.anyone")),
                            name="user")
            yield FormField(t("audit.field.since"), Input(id="since", placeholder="2026-09-01"), name="since")
            yield FormField(t("audit.field.until"), Input(id="until"), name="until")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        user = self.query_one("#user", Select).value
        self.run_service(audit.search, self.actor, self.query_one("#pupil", Input).value,
                         user if isinstance(user, int) else None, self.query_one("#since", Input).value,
                         self.query_one("#until", Input).value, self.limit,
                         then=self.Saved, failed=self.Failed, group="dialog")
