"""Child protection in plain Python: the mandatory-report clock (强制报告), follow-up lateness, and the rows the
incident screens and the command line render."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from schoolcare.domain.inbox import CountyStatus

# To whom a mandatory report goes: the police (公安机关/派出所) first, the township, the education bureau,
# civil affairs (民政).
REPORT_TO = ("police", "township", "education_bureau", "civil_affairs")
COUNTY_OFFICES = ("township", "education_bureau", "civil_affairs")  # the reports a county account's inbox receives
REPORT_METHODS = ("phone", "in_person", "written", "online")
# After the report: emergency handling, assessment (评估) and the support services the plans name.
FOLLOW_UP_KINDS = ("emergency", "assessment", "guardianship", "medical", "psychological", "behaviour", "legal")
REOPENED = "reopened"  # the follow-up row that keeps a reopening (and the outcome it set aside) in the history

# States of the clock
NOT_REQUIRED = "not_required"  # the kind needs no mandatory report
PENDING = "pending"  # not reported yet, time left
OVERDUE = "overdue"  # not reported, the deadline has passed
REPORTED = "reported"  # reported by the deadline
LATE = "late"  # reported, after the deadline


def report_deadline(found_at: dt.datetime, within_hours: int | None) -> dt.datetime | None:
    """When the report is due: `within_hours` after the finding; None when the kind needs no report."""
    if within_hours is None:
        return None
    return found_at + dt.timedelta(hours=within_hours)


def whole_hours(span: dt.timedelta) -> int:
    """A span in hours, a started hour counted whole (30 minutes late is 1 hour late, never 0)."""
    return max(0, math.ceil(span.total_seconds() / 3600))


@dataclass(frozen=True)
class ReportClock:
    state: str
    due_at: dt.datetime | None
    reported_at: dt.datetime | None
    hours_left: int = 0  # while pending
    hours_overdue: int = 0  # while overdue, or how late a late report was

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE


def report_clock(due_at: dt.datetime | None, reported_at: dt.datetime | None, now: dt.datetime) -> ReportClock:
    """The clock of one incident at `now`, from its deadline and its first report (if any)."""
    if due_at is None:
        return ReportClock(NOT_REQUIRED, None, reported_at)
    if reported_at is not None:
        if reported_at <= due_at:
            return ReportClock(REPORTED, due_at, reported_at)
        return ReportClock(LATE, due_at, reported_at, hours_overdue=whole_hours(reported_at - due_at))
    if now <= due_at:
        return ReportClock(PENDING, due_at, None, hours_left=whole_hours(due_at - now))
    return ReportClock(OVERDUE, due_at, None, hours_overdue=whole_hours(now - due_at))


def follow_up_overdue(due_on: dt.date | None, done_on: dt.date | None, today: dt.date) -> bool:
    """A follow-up not done by its due date is overdue; one without a due date never is."""
    return done_on is None and due_on is not None and today > due_on


def list_order(status: str, clock: ReportClock, found_at: dt.datetime) -> tuple:
    """Open before closed, an overdue report before the rest (the most overdue first), then the newest."""
    return (status != "open", not clock.overdue, -clock.hours_overdue, -found_at.timestamp())


@dataclass(frozen=True)
class IncidentDraft:
    pupil_id: int
    kind: str
    found_at: dt.datetime | str | None  # "YYYY-MM-DD HH:MM" from a form
    place: str = ""
    description: str = ""  # what was seen
    found_by: str = ""
    immediate_action: str = ""


@dataclass(frozen=True)
class ReportDraft:
    to_whom: str
    reported_at: dt.datetime | str | None
    method: str = "phone"
    receipt: str = ""
    note: str = ""


@dataclass(frozen=True)
class IncidentFollowUpDraft:
    kind: str
    action: str
    owner_id: int | None = None
    due_on: dt.date | str | None = None


@dataclass(frozen=True)
class IncidentRow:
    """One line of an incident list. `restricted`: the actor may know only that it exists and whom to ask."""

    id: int
    pupil_id: int
    pupil: str
    class_name: str
    status: str
    restricted: bool
    ask: tuple[str, ...]  # whom to ask about a restricted one: the recorder, the coordinator(s)
    kind: str = ""
    kind_label: tuple[str, str] = ("", "")  # (zh, en)
    found_at: dt.datetime | None = None
    recorder: str = ""
    clock: ReportClock = ReportClock(NOT_REQUIRED, None, None)
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0


@dataclass(frozen=True)
class ReportEntry:
    id: int
    to_whom: str
    reported_at: dt.datetime
    by: str
    method: str
    receipt: str
    note: str
    county: CountyStatus | None = None  # a report to a county office: how that office handled it (domain/inbox)


@dataclass(frozen=True)
class FollowUpEntry:
    id: int
    kind: str
    action: str
    owner_id: int | None
    owner: str
    due_on: dt.date | None
    done_on: dt.date | None
    done_note: str
    overdue: bool


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    who: str
    action: str  # create | read | report | follow_up | follow_up_done | close | reopen | export | update
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IncidentDetail:
    row: IncidentRow
    place: str
    description: str
    found_by: str
    immediate_action: str
    outcome: str
    closed_on: dt.date | None
    closed_by: str
    reopened: int
    recorded_by_id: int | None
    reports: tuple[ReportEntry, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class IncidentCounts:
    """For the homes, the term progress and the term report."""

    open: int = 0
    overdue_reports: int = 0
    overdue_follow_ups: int = 0
