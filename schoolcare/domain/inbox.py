"""The county inbox as plain rows: a report a school sent to a county office, and how that office handled it.

An item is named `KIND:ID` (on the command line, in the audit): `incident_report:12` is the mandatory report
IncidentReport 12, `dropout_report:7` the written report of DropoutCase 7 (short forms `incident:12`,
`dropout:7` are read too)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

INCIDENT_REPORT, DROPOUT_REPORT = "incident_report", "dropout_report"
KINDS = (INCIDENT_REPORT, DROPOUT_REPORT)
_SHORT = {"incident": INCIDENT_REPORT, "dropout": DROPOUT_REPORT}
NEW = "new"  # before the office marks anything
RECEIVED, ACTED_ON, CLOSED = "received", "acted_on", "closed"
STATUSES = (RECEIVED, ACTED_ON, CLOSED)


def item_key(kind: str, ref_id: int) -> str:
    return f"{kind}:{ref_id}"


def parse_key(text: str) -> tuple[str, int]:
    """('incident_report', 12) from 'incident_report:12' (or 'incident:12'); ValueError for anything else."""
    kind, sep, number = str(text).strip().partition(":")
    kind = _SHORT.get(kind.strip().lower(), kind.strip().lower())
    if not sep or kind not in KINDS or not number.strip().isdigit():
        raise ValueError(text)
    return kind, int(number.strip())


@dataclass(frozen=True)
class CountyStatus:
    """An office's handling of one report: NEW until its first mark, then the latest mark."""

    office: str
    status: str = NEW  # new | received | acted_on | closed
    at: dt.datetime | None = None
    note: str = ""
    by: str = ""

    @property
    def handled(self) -> bool:
        return self.status == CLOSED


@dataclass(frozen=True)
class InboxItem:
    """What the school reported to the office, and the office's status; no more of the school's records."""

    kind: str  # incident_report | dropout_report
    ref_id: int  # IncidentReport.id | DropoutCase.id
    school_id: int
    school: str
    pupil_id: int
    pupil: str
    subject: str  # the incident's kind id; "dropout" for a dropout case
    subject_label: tuple[str, str]  # (zh, en)
    found_at: dt.datetime | dt.date  # the incident found / the dropout case opened
    reported_at: dt.datetime | dt.date  # the report made / the written report sent
    method: str  # phone | in_person | written | online ("written" for a dropout report)
    receipt: str
    status: CountyStatus

    @property
    def key(self) -> str:
        return item_key(self.kind, self.ref_id)

    @property
    def reported_moment(self) -> dt.datetime:
        at = self.reported_at
        return at if isinstance(at, dt.datetime) else dt.datetime.combine(at, dt.time())


def inbox_order(item: InboxItem) -> tuple:
    """Unhandled first, the oldest report on top; the closed ones after, the most recent first."""
    moment = item.reported_moment.timestamp()
    return (item.status.handled, -moment if item.status.handled else moment, item.key)


@dataclass(frozen=True)
class InboxDetail:
    item: InboxItem
    report_text: tuple[str, ...]  # the written report's paragraphs and table rows (a dropout report); ()
    history: tuple[CountyStatus, ...]  # the office's marks, oldest first
