"""The audit log as sentences in the reader's language: who did what to which pupil or record, old → new."""
from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from schoolcare.domain.roles import Actor
from schoolcare.i18n import field_label, language, t, text, word
from schoolcare.services import audit
from schoolcare.services.audit import STAFF_KEYS, AuditRow
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog

# A long value (a note, a summary) is cut with an ellipsis, so a row stays one line.
MAX_VALUE = 40


def value_words(lang: str, key: str, value: Any, names: dict[int, str]) -> str:
    if value is None or value == "":
        return text(lang, "audit.value.empty")
    if isinstance(value, bool):
        return text(lang, "common.yes" if value else "common.no")
    if key in STAFF_KEYS and isinstance(value, int):
        return names.get(value, f"#{value}")
    if isinstance(value, list):
        return "、".join(value_words(lang, key, v, names) for v in value) if lang != "en" else ", ".join(
            value_words(lang, key, v, names) for v in value)
    if key == "role":
        return word(lang, f"role.{value}", str(value))
    shown = str(value)
    return shown if len(shown) <= MAX_VALUE else shown[:MAX_VALUE - 1] + "…"


def change_words(lang: str, key: str, value: Any, names: dict[int, str]) -> str:
    label = field_label(key, lang)
    if isinstance(value, list) and len(value) == 2 and key not in ("to", "pupils"):
        old, new = (value_words(lang, key, v, names) for v in value)
        return f"{label} {old} → {new}"
    return f"{label} {value_words(lang, key, value, names)}"


def subject_words(lang: str, row: AuditRow) -> str:
    """Which pupil or record: the pupil's name, a class's or colleague's name, else the record's number."""
    if row.pupil:
        return row.pupil
    if row.record:
        return row.record
    return f"#{row.entity_id}" if row.entity_id else ""


def sentence(row: AuditRow, lang: str | None = None) -> str:
    """周协调 修改了 学生 张小三：入学日期 空 → 2026-12-01 / 周协调 updated pupil 张小三: Enrolled on (empty) → 2026-12-01."""
    lang = lang or language()
    action = word(lang, f"audit.did.{row.action}", word(lang, f"audit.{row.action}", row.action))
    entity = word(lang, f"entity.{row.entity}", row.entity)
    who = row.actor or text(lang, "audit.nobody")
    if row.action == "login":
        return text(lang, "audit.sentence_login", who=who)
    head = text(lang, "audit.sentence", who=who, action=action, entity=entity, subject=subject_words(lang, row))
    # A value left empty on a new record ("reason": "") says nothing; an emptied field ([old, ""]) does.
    changes = [change_words(lang, k, v, row.names) for k, v in row.changes.items()
               if k != "password" and v not in ("", None)]
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
