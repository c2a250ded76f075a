"""How the care-centre screens say things: percentages, item states, severities, hazard status, shortfalls, staff."""
from __future__ import annotations

from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, label, t

ALERT = "⚠ "

# Vocabularies shown through t(); listed with N_ so the catalog test holds every one.
STATE_KEYS = {
    rd.OK: N_("centre.state.ok"), rd.MISSING: N_("centre.state.missing"), rd.BROKEN: N_("centre.state.broken"),
    rd.NA: N_("centre.state.na"), None: N_("centre.state.unchecked"),
}
STATE_MARKS = {rd.OK: "✓", rd.MISSING: "✗", rd.BROKEN: "!", rd.NA: "–", None: "·"}
SEVERITY_KEYS = {"low": N_("centre.severity.low"), "medium": N_("centre.severity.medium"),
                 "high": N_("centre.severity.high")}
STATUS_KEYS = {rd.OPEN: N_("centre.status.open"), rd.OVERDUE: N_("centre.status.overdue"),
               rd.CLOSED: N_("centre.status.closed")}
REASON_KEYS = {rd.MISSING: N_("centre.reason.missing"), rd.BROKEN: N_("centre.reason.broken"),
               rd.SHORT: N_("centre.reason.short"), rd.UNCHECKED: N_("centre.reason.unchecked")}
SECTION_KEYS = {rd.EQUIPMENT: N_("centre.section.equipment"), rd.SIX_HAVES: N_("centre.section.six_haves")}


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def state_text(state: str | None) -> str:
    return f"{STATE_MARKS.get(state, '?')} {t(STATE_KEYS[state]) if state in STATE_KEYS else state}"


def severity_text(severity: str) -> str:
    return t(SEVERITY_KEYS[severity]) if severity in SEVERITY_KEYS else severity


def status_text(status: str) -> str:
    text = t(STATUS_KEYS[status]) if status in STATUS_KEYS else status
    return ALERT + text if status == rd.OVERDUE else text


def section_text(section: str) -> str:
    return t(SECTION_KEYS[section]) if section in SECTION_KEYS else section


def shortfall_text(shortfall: rd.Shortfall) -> str:
    """"Printer: broken (paper jam)", "Archive boxes: 4 of 10"."""
    if shortfall.reason == rd.SHORT:
        what = t("centre.held_of", held=shortfall.held or 0, need=shortfall.need)
    else:
        what = t(REASON_KEYS[shortfall.reason])
    note = t("centre.in_brackets", text=shortfall.note) if shortfall.note else ""
    return t("centre.shortfall_item", item=label(shortfall.label), what=what, note=note)


def hazard_text(hazard: HazardRow) -> str:
    """What the hazard is, in the active language when the template still knows the item."""
    if hazard.item_label is None:
        return hazard.description
    note = t("centre.in_brackets", text=hazard.note) if hazard.note else ""
    return f"{label(hazard.item_label)}{note}"


def clipped(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells (CJK count two) with an ellipsis, so one long item keeps the table narrow."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def hazard_where(hazard: HazardRow, settings: Settings) -> str:
    """The room, or for a safety finding the checklist section it belongs to."""
    if hazard.kind == rd.ROOM:
        return hazard.room_name
    for section in settings.safety.sections:
        if any(item.id == hazard.item for item in section.items):
            return label(section.name)
    return t("centre.safety")


def staff_options(staff) -> list[tuple[str, str]]:
    """Active staff as Select options: "郑老师（班主任）", the post or else the role."""
    def label(s) -> str:  # a teacher reads no one else's role: the name alone then
        what = s.post or (t(f"role.{s.role.value}") if s.role else "")
        return f"{s.name}（{what}）" if what else s.name

    return [(label(s), str(s.id)) for s in staff if s.active]
