"""How the care screens say things: a status as a coloured cell, a rule's name, a record in one line."""
from __future__ import annotations

import datetime as dt

from rich.text import Text

from schoolcare.domain.care import CareEntry
from schoolcare.domain.compliance import Status, SubjectStatus
from schoolcare.domain.settings import Settings
from schoolcare.i18n import label, t

STYLES = {Status.DONE: "bold green", Status.DUE: "yellow", Status.OVERDUE: "bold red", Status.CLEAR: "dim"}


def status_cell(found: SubjectStatus | None) -> Text:
    """✓ done in green, due in amber, ✗ overdue in red; with n/N when the rule asks for more than one."""
    if found is None:
        return Text("")
    text = t(f"care.status.{found.status.value}")
    if found.needed > 1 and found.status is not Status.CLEAR:
        text += " " + t("care.count_of", count=found.count, needed=found.needed)
    return Text(text, style=STYLES[found.status])


def status_word(status: Status) -> str:
    return t(f"care.status.{status.value}")


def rule_name(settings: Settings, rule_id: str) -> str:
    try:
        return label(settings.rule(rule_id).name)
    except KeyError:
        return rule_id


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def entry_what(entry: CareEntry) -> str:
    """A record in a few words: what, with whom, and whether it counts."""
    parts = [entry.summary]
    if entry.kind == "family_call":
        details = entry.details
        parts = [t(f"care.channel.{details.get('channel', 'phone')}")]
        if details.get("with_whom"):
            parts.append(t(f"care.who.{details['with_whom']}"))
        if details.get("teacher_line"):
            parts.append(t("care.teacher_line"))
        if not details.get("connected", True):
            parts.append(t("care.failed_call"))
        parts.append(entry.summary)
    if entry.kind == "teacher_talk" and entry.details.get("concern"):
        parts.append(t("care.concern"))
    if entry.withdrawn:
        parts.append(t("care.withdrawn", reason=entry.details.get("reason", "")))
    return " · ".join(p for p in parts if p)


def entry_style(entry: CareEntry) -> str:
    if entry.withdrawn:
        return "strike dim"
    return "" if entry.counts else "dim"
