"""How incidents read on screen: the clock in words, the kind, a restricted row's "ask" line."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import protection as pr
from schoolcare.i18n import language, t

ERROR_STYLE = "bold red"  # the error colour tables use (as the centre's overdue hazards)


def minute(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def kind_text(row: pr.IncidentRow) -> str:
    return row.kind_label[1] if language() == "en" else row.kind_label[0]


def clock_text(clock: pr.ReportClock, short: bool = False) -> str:
    """"⚠ 强制报告已逾期 5 小时" / "⚠ report overdue by 5 h", "须在 3 小时内报告", "已于 … 报告"; `short` for lists."""
    if clock.state == pr.OVERDUE:
        if short:
            return t("protection.clock.overdue_short", hours=clock.hours_overdue)
        return t("protection.clock.overdue", hours=clock.hours_overdue, due=minute(clock.due_at))
    if clock.state == pr.PENDING:
        if short:
            return t("protection.clock.pending_short", hours=clock.hours_left)
        return t("protection.clock.pending", hours=clock.hours_left, due=minute(clock.due_at))
    if clock.state == pr.LATE:
        return t("protection.clock.late", at=minute(clock.reported_at), hours=clock.hours_overdue)
    if clock.state == pr.REPORTED:
        return t("protection.clock.reported", at=minute(clock.reported_at))
    return t("protection.clock.not_required")


def ask_text(row: pr.IncidentRow) -> str:
    return t("protection.ask", who=t("protection.list_sep").join(row.ask) or t("common.none"))


def overdue_line(row: pr.IncidentRow) -> str:
    """One overdue mandatory report, for the homes and the week."""
    return t("protection.overdue_line", hours=row.clock.hours_overdue, pupil=row.pupil, kind=kind_text(row),
             found=minute(row.found_at))


def timeline_text(entry, settings) -> str:
    """An incident in the pupil file's timeline: its kind and state, or, restricted, that it exists and whom to
    ask. Never what was seen (that opens, audited, with Enter)."""
    extra = dict(entry.facts)
    status = t(f"protection.status.{extra.get('status', 'open')}")
    if extra.get("restricted"):
        return t("protection.timeline_restricted", status=status, who=extra.get("ask") or t("common.none"))
    try:
        kind = settings.incident_kind(extra.get("kind", "")).name.get(language())
    except KeyError:
        kind = extra.get("kind", "")
    return t("protection.timeline_entry", kind=kind, status=status)
