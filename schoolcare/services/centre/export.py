"""The readiness report and the hazard ledger as .xlsx / .csv, in the school's words (files leave the app, so they carry their own wording)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings

from schoolcare.services import audit
from schoolcare.services.centre import rooms as centre, hazards
from schoolcare.services.access import require
from schoolcare.services.reports.export_text import wording
from schoolcare.services.accounts.school import school_name
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tx import writing

TEXT: dict[str, tuple[str, str]] = {
    "sheet.summary": ("中心达标情况", "Centre readiness"),
    "sheet.rooms": ("功能室", "Rooms"),
    "sheet.shortfalls": ("缺项明细", "What is missing"),
    "sheet.hazards": ("隐患整改台账", "Hazard ledger"),
    "item": ("项目", "Item"), "value": ("内容", "Value"),
    "school": ("学校", "School"), "as_of": ("统计日期", "As of"),
    "centre_percent": ("中心达标率(%)", "Centre readiness (%)"),
    "area_total": ("总面积(平方米)", "Total area (m²)"), "area_min": ("面积下限(平方米)", "Minimum area (m²)"),
    "area_ok": ("面积达标", "Area meets the minimum"),
    "missing_rooms": ("未设立的必设功能室", "Required rooms not set up"),
    "hazards_open": ("未整改隐患", "Open hazards"), "hazards_overdue": ("逾期未整改", "Overdue hazards"),
    "room": ("功能室", "Room"), "kind": ("类型", "Kind"), "area": ("面积(平方米)", "Area (m²)"),
    "person": ("负责人", "Person in charge"), "last_inspected": ("最近检查", "Last inspected"),
    "percent": ("达标率(%)", "Readiness (%)"), "counted": ("检查项数", "Items counted"),
    "shortfalls": ("缺项", "Missing or short"), "reason": ("问题", "Problem"),
    "need": ("应配", "Needed"), "held": ("现有", "Held"), "note": ("备注", "Note"),
    "no": ("序号", "No."), "found_on": ("发现日期", "Found on"), "where": ("部位", "Where"),
    "description": ("隐患内容", "Hazard"), "severity": ("严重程度", "Severity"), "owner": ("整改责任人", "Owner"),
    "deadline": ("整改期限", "Deadline"), "status": ("状态", "Status"), "days_over": ("逾期天数", "Days overdue"),
    "closed_on": ("整改完成日期", "Closed on"), "closed_by": ("复查人", "Re-checked by"),
    "deadline_reason": ("期限调整原因", "Why the deadline changed"),
    "reason.missing": ("缺失", "missing"), "reason.broken": ("损坏", "broken"),
    "reason.short": ("数量不足", "too few"), "reason.unchecked": ("未检查", "not checked yet"),
    "severity.low": ("一般", "low"), "severity.medium": ("较重", "medium"), "severity.high": ("重大", "high"),
    "status.open": ("整改中", "open"), "status.overdue": ("逾期", "overdue"), "status.closed": ("已整改", "closed"),
    "safety": ("安全检查", "Safety checklist"), "yes": ("是", "yes"), "no_": ("否", "no"), "sep": ("、", "; "),
}


def text(key: str, lang: str) -> str:
    return wording(TEXT, key, lang)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def readiness_sheets(actor: Actor, settings: Settings, lang: str, as_of: dt.date | None = None) -> list[Sheet]:
    """Summary, one row per room, and every shortfall: the same figures as the centre screen.

    `as_of` (a past day) counts only inspections signed by then; the inventory is today's.
    """
    today = clock.today()
    as_of = min(as_of or today, today)
    ready = centre.readiness(actor, settings, as_of=as_of if as_of < today else None)
    counts = hazards.summary(actor, as_of)
    yes_no = lambda flag: text("yes" if flag else "no_", lang)  # noqa: E731
    summary = [
        [text("school", lang), school_name(actor)],
        [text("as_of", lang), as_of],
        [text("centre_percent", lang), _pct(ready.percent)],
        [text("area_total", lang), round(ready.area.total_m2, 1)],
        [text("area_min", lang), ready.area.min_m2],
        [text("area_ok", lang), yes_no(ready.area.ok)],
        [text("missing_rooms", lang), text("sep", lang).join(k.name.get(lang) for k in ready.missing_kinds)],
        [text("hazards_open", lang), counts.open],
        [text("hazards_overdue", lang), counts.overdue],
    ]
    rooms, shortfalls = [], []
    for room in ready.rooms:
        short = [s.label.get(lang) for s in room.shortfalls]
        rooms.append([room.name, room.kind_label.get(lang), room.area_m2, room.person_in_charge,
                      room.last_inspected, _pct(room.percent), room.counted, text("sep", lang).join(short)])
        for s in room.shortfalls:
            shortfalls.append([room.name, s.label.get(lang), text(f"reason.{s.reason}", lang), s.need, s.held, s.note])
    for kind in ready.missing_kinds:
        rooms.append([kind.name.get(lang), kind.name.get(lang), 0, "", None, 0.0, 0, text("missing_rooms", lang)])
    headers = ["room", "kind", "area", "person", "last_inspected", "percent", "counted", "shortfalls"]
    return [
        Sheet(text("sheet.summary", lang), [text("item", lang), text("value", lang)], summary),
        Sheet(text("sheet.rooms", lang), [text(h, lang) for h in headers], rooms),
        Sheet(text("sheet.shortfalls", lang), [text(h, lang) for h in ("room", "item", "reason", "need", "held", "note")],
              shortfalls),
    ]


def hazard_where(row: HazardRow, settings: Settings, lang: str) -> str:
    """The room, or the safety section the item belongs to."""
    if row.kind == rd.ROOM:
        return row.room_name
    for section in settings.safety.sections:
        if any(item.id == row.item for item in section.items):
            return section.name.get(lang)
    return text("safety", lang)


def hazard_sheets(actor: Actor, settings: Settings, lang: str, status: str = "all", *,
                  found_from: dt.date | None = None, found_to: dt.date | None = None) -> list[Sheet]:
    rows = hazards.list_hazards(actor, settings, status, found_from=found_from, found_to=found_to)
    headers = ["no", "found_on", "where", "item", "description", "severity", "owner", "deadline", "status",
               "days_over", "closed_on", "closed_by", "deadline_reason", "note"]
    table = [
        [n, h.found_on, hazard_where(h, settings, lang), h.item_label.get(lang) if h.item_label else h.item,
         h.description, text(f"severity.{h.severity}", lang), h.owner, h.deadline, text(f"status.{h.status}", lang),
         -h.days_left if h.status == rd.OVERDUE else None, h.closed_on, h.closed_by, h.deadline_reason, h.note]
        for n, h in enumerate(rows, start=1)
    ]
    return [Sheet(text("sheet.hazards", lang), [text(h, lang) for h in headers], table)]


def _write(actor: Actor, what: str, path: Path | str, fmt: str, sheets: list[Sheet]) -> list[Path]:
    files = write_tables(path, fmt, sheets)
    with writing():
        audit.record(actor, "export", what, None,
                     changes={"format": fmt, "rows": sum(len(s.rows) for s in sheets), "file": str(path)})
    return files


def export_readiness(actor: Actor, settings: Settings, path: Path | str, fmt: str, lang: str = "zh-CN",
                     as_of: dt.date | None = None) -> list[Path]:
    """Write the readiness report; the export itself is audited (a deliberate act by a permitted role)."""
    require(actor, Permission.EXPORT)
    require(actor, Permission.VIEW_CENTRE)
    return _write(actor, "readiness", path, fmt, readiness_sheets(actor, settings, lang, as_of))


def export_hazards(actor: Actor, settings: Settings, path: Path | str, fmt: str, lang: str = "zh-CN",
                   status: str = "all", *, found_from: dt.date | None = None,
                   found_to: dt.date | None = None) -> list[Path]:
    """Write the hazard ledger (all hazards unless `status` narrows it, those found in a period if given)."""
    require(actor, Permission.EXPORT)
    require(actor, Permission.VIEW_CENTRE)
    sheets = hazard_sheets(actor, settings, lang, status, found_from=found_from, found_to=found_to)
    return _write(actor, "hazards", path, fmt, sheets)
