"""The readiness report and the hazard ledger as .xlsx / .csv, in the language asked for (not the screen's)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, text, word
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.accounts.school import school_name
from schoolcare.services.centre import hazards
from schoolcare.services.centre import rooms as centre
from schoolcare.services.print_layout import PrintHeading, as_of_period, span_period
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tx import writing

# Column headings (catalog keys), in the order of the rows below.
ROOM_COLUMNS = (
    N_("centre.export.room"), N_("centre.export.kind"), N_("centre.export.area"), N_("centre.export.person"),
    N_("centre.export.last_inspected"), N_("centre.export.percent"), N_("centre.export.counted"),
    N_("centre.export.shortfalls"),
)
SHORTFALL_COLUMNS = (
    N_("centre.export.room"), N_("centre.export.item"), N_("centre.export.reason"), N_("centre.export.need"),
    N_("centre.export.held"), N_("centre.export.note"),
)
HAZARD_COLUMNS = (
    N_("centre.export.no"), N_("centre.export.found_on"), N_("centre.export.where"), N_("centre.export.item"),
    N_("centre.export.description"), N_("centre.export.severity"), N_("centre.export.owner"),
    N_("centre.export.deadline"), N_("centre.export.status"), N_("centre.export.days_over"),
    N_("centre.export.closed_on"), N_("centre.export.closed_by"), N_("centre.export.deadline_reason"),
    N_("centre.export.note"),
)


def _headings(lang: str, keys: tuple[str, ...]) -> list[str]:
    return [text(lang, key) for key in keys]


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
    sep = text(lang, "centre.export.sep")
    area_ok = text(lang, "centre.export.yes") if ready.area.ok else text(lang, "centre.export.no_")
    summary = [
        [text(lang, "centre.export.school"), school_name(actor)],
        [text(lang, "centre.export.as_of"), as_of],
        [text(lang, "centre.export.centre_percent"), _pct(ready.percent)],
        [text(lang, "centre.export.area_total"), round(ready.area.total_m2, 1)],
        [text(lang, "centre.export.area_min"), ready.area.min_m2],
        [text(lang, "centre.export.area_ok"), area_ok],
        [text(lang, "centre.export.missing_rooms"), sep.join(k.name.get(lang) for k in ready.missing_kinds)],
        [text(lang, "centre.export.hazards_open"), counts.open],
        [text(lang, "centre.export.hazards_overdue"), counts.overdue],
    ]
    rooms, shortfalls = [], []
    for room in ready.rooms:
        short = [s.label.get(lang) for s in room.shortfalls]
        rooms.append([room.name, room.kind_label.get(lang), room.area_m2, room.person_in_charge,
                      room.last_inspected, _pct(room.percent), room.counted, sep.join(short)])
        for s in room.shortfalls:
            shortfalls.append([room.name, s.label.get(lang), word(lang, f"centre.export.reason.{s.reason}", s.reason),
                               s.need, s.held, s.note])
    not_set_up = text(lang, "centre.export.missing_rooms")
    for kind in ready.missing_kinds:
        rooms.append([kind.name.get(lang), kind.name.get(lang), 0, "", None, 0.0, 0, not_set_up])
    return [
        Sheet(text(lang, "centre.export.sheet.summary"),
              [text(lang, "centre.export.item"), text(lang, "centre.export.value")], summary),
        Sheet(text(lang, "centre.export.sheet.rooms"), _headings(lang, ROOM_COLUMNS), rooms),
        Sheet(text(lang, "centre.export.sheet.shortfalls"), _headings(lang, SHORTFALL_COLUMNS), shortfalls),
    ]


def hazard_where(row: HazardRow, settings: Settings, lang: str) -> str:
    """The room, or the safety section the item belongs to."""
    if row.kind == rd.ROOM:
        return row.room_name
    for section in settings.safety.sections:
        if any(item.id == row.item for item in section.items):
            return section.name.get(lang)
    return text(lang, "centre.safety")


def hazard_sheets(actor: Actor, settings: Settings, lang: str, status: str = "all", *,
                  found_from: dt.date | None = None, found_to: dt.date | None = None) -> list[Sheet]:
    rows = hazards.list_hazards(actor, settings, status, found_from=found_from, found_to=found_to)
    table = [
        [n, h.found_on, hazard_where(h, settings, lang), h.item_label.get(lang) if h.item_label else h.item,
         h.description, word(lang, f"centre.severity.{h.severity}", h.severity), h.owner, h.deadline,
         word(lang, f"centre.status.{h.status}", h.status), -h.days_left if h.status == rd.OVERDUE else None,
         h.closed_on, h.closed_by, h.deadline_reason, h.note]
        for n, h in enumerate(rows, start=1)
    ]
    return [Sheet(text(lang, "centre.export.sheet.hazards"), _headings(lang, HAZARD_COLUMNS), table)]


def _write(actor: Actor, what: str, path: Path | str, fmt: str, sheets: list[Sheet], heading: PrintHeading,
           ) -> list[Path]:
    files = write_tables(path, fmt, sheets, heading=heading)
    with writing():
        audit.record(actor, "export", what, None,
                     changes={"format": fmt, "rows": sum(len(s.rows) for s in sheets), "file": str(path)})
    return files


def export_readiness(actor: Actor, settings: Settings, path: Path | str, fmt: str, lang: str = "zh-CN",
                     as_of: dt.date | None = None) -> list[Path]:
    """Write the readiness report; the export itself is audited (a deliberate act by a permitted role)."""
    require(actor, Permission.EXPORT)
    require(actor, Permission.VIEW_CENTRE)
    today = clock.today()
    heading = PrintHeading(text(lang, "print.title.readiness"), school_name(actor),
                           as_of_period(lang, min(as_of or today, today)), today, lang)
    return _write(actor, "readiness", path, fmt, readiness_sheets(actor, settings, lang, as_of), heading)


def export_hazards(actor: Actor, settings: Settings, path: Path | str, fmt: str, lang: str = "zh-CN",
                   status: str = "all", *, found_from: dt.date | None = None,
                   found_to: dt.date | None = None) -> list[Path]:
    """Write the hazard ledger (all hazards unless `status` narrows it, those found in a period if given)."""
    require(actor, Permission.EXPORT)
    require(actor, Permission.VIEW_CENTRE)
    sheets = hazard_sheets(actor, settings, lang, status, found_from=found_from, found_to=found_to)
    today = clock.today()
    period = (span_period(lang, found_from or found_to, found_to or today) if found_from or found_to
              else as_of_period(lang, today))
    heading = PrintHeading(text(lang, "print.title.hazards"), school_name(actor), period, today, lang)
    return _write(actor, "hazards", path, fmt, sheets, heading)
