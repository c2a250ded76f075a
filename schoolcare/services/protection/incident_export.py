"""Incidents as a table: `report incidents` (scoped like the screens) and `export incidents` (coordinator and
principal only, with the details, the reports and the follow-ups; the export audited)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from schoolcare.domain import clock
from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, text, word
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.accounts.school import school_name
from schoolcare.services.print_layout import PrintHeading, as_of_period
from schoolcare.services.protection.incidents import list_incidents
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tx import writing
from schoolcare.store.models import Incident, IncidentFollowUp, IncidentReport, Staff

COLUMNS = (
    N_("protection.col.id"), N_("protection.col.pupil"), N_("protection.col.class"), N_("protection.col.kind"),
    N_("protection.col.status"), N_("protection.col.found_at"), N_("protection.col.report_due"),
    N_("protection.col.reported_at"), N_("protection.col.overdue"), N_("protection.col.hours_overdue"),
    N_("protection.col.recorder"), N_("protection.col.follow_ups_open"), N_("protection.col.follow_ups_overdue"),
    N_("protection.col.ask"),
)
DETAIL_COLUMNS = (
    N_("protection.col.place"), N_("protection.col.what_seen"), N_("protection.col.found_by"),
    N_("protection.col.immediate_action"), N_("protection.col.outcome"), N_("protection.col.closed_on"),
)
REPORT_COLUMNS = (
    N_("protection.col.id"), N_("protection.col.pupil"), N_("protection.col.to_whom"),
    N_("protection.col.reported_at"), N_("protection.col.by"), N_("protection.col.method"),
    N_("protection.col.receipt"), N_("protection.col.note"),
)
FOLLOW_UP_COLUMNS = (
    N_("protection.col.id"), N_("protection.col.pupil"), N_("protection.col.follow_up_kind"),
    N_("protection.col.action"), N_("protection.col.owner"), N_("protection.col.due_on"),
    N_("protection.col.done_on"), N_("protection.col.done_note"), N_("protection.col.overdue"),
)


def _minute(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _yes(lang: str, flag: bool) -> str:
    return text(lang, "protection.yes" if flag else "protection.no")


def row_cells(row: pr.IncidentRow, lang: str) -> list[object]:
    """One incident as the report's cells; a restricted one says only that it exists and whom to ask."""
    status = word(lang, f"protection.status.{row.status}", row.status)
    ask = text(lang, "protection.list_sep").join(row.ask)
    if row.restricted:
        return [row.id, row.pupil, row.class_name, text(lang, "protection.restricted"), status,
                "", "", "", "", "", "", "", "", ask]
    c = row.clock
    kind = row.kind_label[1] if lang == "en" else row.kind_label[0]
    return [row.id, row.pupil, row.class_name, kind, status, _minute(row.found_at), _minute(c.due_at),
            _minute(c.reported_at), _yes(lang, c.overdue) if c.due_at else "",
            c.hours_overdue if c.state in (pr.OVERDUE, pr.LATE) else "", row.recorder, row.follow_ups_open,
            row.follow_ups_overdue, ""]


def report_table(actor: Actor, settings: Settings, lang: str, status: str = "all",
                 now: dt.datetime | None = None) -> tuple[list[str], list[list[object]]]:
    """The incidents the actor may know of, in the screens' order and scope."""
    rows = list_incidents(actor, settings, status, now=now)
    return [text(lang, k) for k in COLUMNS], [row_cells(r, lang) for r in rows]


def incident_sheets(actor: Actor, settings: Settings, lang: str, now: dt.datetime | None = None) -> list[Sheet]:
    now = now or clock.now()
    rows = list_incidents(actor, settings, "all", now=now)
    ids = [r.id for r in rows if not r.restricted]
    found = {i.id: i for i in Incident.select().where(Incident.id.in_(ids))}
    names = dict(Staff.select(Staff.id, Staff.name).where(Staff.school == actor.school_id).tuples())
    pupil = {r.id: r.pupil for r in rows}
    main = []
    for r in rows:
        i = found[r.id]
        main.append(row_cells(r, lang)[:-1] + [i.place, i.description, i.found_by, i.immediate_action, i.outcome,
                                               i.closed_on])
    reports = [[r.incident_id, pupil[r.incident_id], word(lang, f"protection.to.{r.to_whom}", r.to_whom),
                _minute(r.reported_at), names.get(r.by_id, ""), word(lang, f"protection.method.{r.method}", r.method),
                r.receipt, r.note]
               for r in IncidentReport.select().where(IncidentReport.incident.in_(ids))
               .order_by(IncidentReport.incident, IncidentReport.reported_at)]
    follow = [[f.incident_id, pupil[f.incident_id], word(lang, f"protection.follow.{f.kind}", f.kind), f.action,
               names.get(f.owner_id, ""), f.due_on, f.done_on, f.done_note,
               _yes(lang, pr.follow_up_overdue(f.due_on, f.done_on, now.date()))]
              for f in IncidentFollowUp.select().where(IncidentFollowUp.incident.in_(ids))
              .order_by(IncidentFollowUp.incident, IncidentFollowUp.date, IncidentFollowUp.id)]
    return [
        Sheet(text(lang, "protection.sheet.incidents"),
              [text(lang, k) for k in COLUMNS[:-1] + DETAIL_COLUMNS], main),
        Sheet(text(lang, "protection.sheet.reports"), [text(lang, k) for k in REPORT_COLUMNS], reports),
        Sheet(text(lang, "protection.sheet.follow_ups"), [text(lang, k) for k in FOLLOW_UP_COLUMNS], follow),
    ]


def export_incidents(actor: Actor, settings: Settings, path: Path | str, fmt: str,
                     lang: str = "zh-CN") -> list[Path]:
    """Every incident of the school with its details: a deliberate act of the coordinator or the principal,
    written to the audit with the number of incidents."""
    require(actor, Permission.EXPORT_INCIDENTS)
    sheets = incident_sheets(actor, settings, lang)
    today = clock.today()
    heading = PrintHeading(text(lang, "print.title.incidents"), school_name(actor), as_of_period(lang, today), today,
                           lang)
    files = write_tables(path, fmt, sheets, heading=heading)
    with writing():
        audit.record(actor, "export", "incident", None,
                     changes={"format": fmt, "rows": len(sheets[0].rows), "file": str(path)})
    return files
