"""Incidents about a pupil (R8): recording one at once, who may know what, the lists and the audited detail.

Who sees what (enforced here, for every screen, command and export):
- details (what was seen, where, the reports, follow-ups and history): the recorder, and every role with
  VIEW_ALL_INCIDENTS (coordinator, principal); each opening of the details writes an audit row (action "read");
- that an open incident exists, and whom to ask (the recorder, the coordinators), without its kind or details:
  the pupil's care teacher and homeroom teacher (any teacher whose reach holds the pupil);
- anyone else: nothing (NotFound, as if there were none).
Reports, follow-ups, closing and reopening are in incident_actions.py.
"""
from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.domain.settings import Settings
from schoolcare.services import audit
from schoolcare.services.access import check_actor, own_pupil_ids, require, require_pupil_write
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, ValidationError, invalid
from schoolcare.services.tx import writing
from schoolcare.store.models import AuditEntry, Incident, IncidentFollowUp, IncidentReport, Pupil, SchoolClass, Staff

ENTITY = "incident"
OPEN, CLOSED = "open", "closed"
# A found time a few minutes ahead of this PC's clock is a clock that runs slow elsewhere, not the future.
CLOCK_SLACK = dt.timedelta(minutes=10)


# -- checking what is typed -------------------------------------------------------------------------------

def moment(value, field: str) -> dt.datetime:
    """A date and time from a form or a file ("2026-11-02 08:30", "2026年11月2日 8:30"); not in the future."""
    if isinstance(value, dt.datetime):
        found = value.replace(microsecond=0)
    else:
        text = validation.normalise_text(value).replace("T", " ")
        if not text:
            raise ValidationError("required", field)
        day_text, _, time_text = text.rpartition(" ") if ":" in text or "：" in text else (text, "", "")
        try:
            day = validation.date(day_text, field, needed=True)
        except validation.InvalidField as error:
            raise invalid(error) from None
        hhmm = rec.time_of_day(time_text, field) or "00:00"
        found = dt.datetime.combine(day, dt.time(int(hhmm[:2]), int(hhmm[3:])))
    if found > clock.now() + CLOCK_SLACK:
        raise ValidationError("protection.future_time", field)
    return found


def kind_of(settings: Settings, kind_id: str, field: str = "incident_kind"):
    try:
        return settings.incident_kind(validation.normalise_text(kind_id))
    except KeyError:
        allowed = " / ".join(k.id for k in settings.incident_kinds)
        raise ValidationError("protection.unknown_kind", field, kind=kind_id, allowed=allowed) from None


# -- who may see what -------------------------------------------------------------------------------------

def sees_all(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_ALL_INCIDENTS)


def detail_clause(actor: Actor) -> pw.Expression:
    """Incidents whose details the actor may read."""
    clause = Incident.school == actor.school_id
    if not sees_all(actor):
        clause &= Incident.recorded_by == actor.staff_id
    return clause


def visible_clause(actor: Actor) -> pw.Expression:
    """Incidents the actor may know of: those whose details they read, and the open ones of pupils they reach."""
    check_actor(actor)
    if sees_all(actor):
        return Incident.school == actor.school_id
    return (Incident.school == actor.school_id) & (
        (Incident.recorded_by == actor.staff_id)
        | ((Incident.status == OPEN) & Incident.pupil.in_(own_pupil_ids(actor))))


def may_read(actor: Actor, incident: Incident) -> bool:
    return incident.school_id == actor.school_id and (sees_all(actor) or incident.recorded_by_id == actor.staff_id)


def get_incident(actor: Actor, incident_id: int) -> Incident:
    """An incident whose details the actor may read; any other looks absent."""
    check_actor(actor)
    found = Incident.get_or_none((Incident.id == incident_id) & detail_clause(actor))
    if found is None:
        raise NotFound("protection.incident_not_found", "incident", id=incident_id)
    return found


def coordinators(school_id: int) -> list[str]:
    return [s.name for s in Staff.select(Staff.name).where(
        (Staff.school == school_id) & (Staff.role == Role.COORDINATOR.value) & (Staff.active == True))  # noqa: E712
        .order_by(Staff.id)]


def pupil_name(actor: Actor, pupil_id: int) -> str:
    """The name of a pupil the actor may record an incident for (the palette's form titles itself with it)."""
    return require_pupil_write(actor, pupil_id, Permission.RECORD_INCIDENT).name


# -- recording ----------------------------------------------------------------------------------------------

def record_incident(actor: Actor, settings: Settings, draft: pr.IncidentDraft) -> int:
    """Record an incident at once; its report clock starts at the found time. Returns its id."""
    require(actor, Permission.RECORD_INCIDENT)
    pupil = require_pupil_write(actor, draft.pupil_id, Permission.RECORD_INCIDENT)
    kind = kind_of(settings, draft.kind)
    found_at = moment(draft.found_at, "found_at")
    fields = {
        "kind": kind.id,
        "occurred_at": found_at,
        "place": rec.line(draft.place, "place"),
        "description": rec.free_text(draft.description, "what_seen", needed=True),
        "found_by": rec.line(draft.found_by, "found_by") or actor.name,
        "immediate_action": rec.free_text(draft.immediate_action, "immediate_action"),
        "report_due_at": pr.report_deadline(found_at, kind.report_within_hours if kind.mandatory_report else None),
    }
    with writing():
        created = Incident.create(school=actor.school_id, pupil=pupil.id, recorded_by=actor.staff_id,
                                  status=OPEN, **fields)
        audit.record(actor, "create", ENTITY, created.id, pupil_id=pupil.id, changes=fields)
    return created.id


# -- lists --------------------------------------------------------------------------------------------------

def _first_reports(ids: list[int]) -> dict[int, dt.datetime]:
    if not ids:
        return {}
    rows = (IncidentReport.select(IncidentReport.incident, pw.fn.MIN(IncidentReport.reported_at).alias("first"))
            .where(IncidentReport.incident.in_(ids)).group_by(IncidentReport.incident).tuples())
    return {i: _as_datetime(first) for i, first in rows}


def _as_datetime(value) -> dt.datetime:
    # An aggregate comes back from SQLite as text, not through the field's converter.
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _follow_up_counts(ids: list[int], today: dt.date) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    rows = (IncidentFollowUp.select(
        IncidentFollowUp.incident, pw.fn.COUNT(IncidentFollowUp.id),
        pw.fn.SUM(pw.Case(None, [(IncidentFollowUp.due_on < today, 1)], 0)))
        .where(IncidentFollowUp.incident.in_(ids) & IncidentFollowUp.done_on.is_null()
               & (IncidentFollowUp.kind != pr.REOPENED))
        .group_by(IncidentFollowUp.incident).tuples())
    return {i: (n, int(late or 0)) for i, n, late in rows}


def list_incidents(actor: Actor, settings: Settings, status: str = "open", *, pupil_id: int | None = None,
                   now: dt.datetime | None = None, mine: bool = False) -> list[pr.IncidentRow]:
    """The incidents the actor may know of: open first, overdue reports first among them (the most overdue on
    top). Those whose details they may not read come as existence rows (restricted, with whom to ask).
    `status`: open | closed | all; `mine`: only those the actor recorded."""
    now = now or clock.now()
    where = visible_clause(actor)
    if status in (OPEN, CLOSED):
        where &= Incident.status == status
    if pupil_id is not None:
        where &= Incident.pupil == pupil_id
    if mine:
        where &= Incident.recorded_by == actor.staff_id
    query = (Incident.select(Incident, Pupil.name.alias("pupil_name"), SchoolClass.name.alias("class_name"),
                             Staff.name.alias("recorder_name"))
             .join(Pupil).join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
             .switch(Incident).join(Staff, pw.JOIN.LEFT_OUTER, on=(Incident.recorded_by == Staff.id))
             .where(where).objects())
    found = [(i, i.pupil_name, i.class_name, i.recorder_name) for i in query]
    readable = [r[0] for r in found if may_read(actor, r[0])]
    firsts = _first_reports([i.id for i in readable])
    follow = _follow_up_counts([i.id for i in readable], now.date())
    ask = tuple(coordinators(actor.school_id))
    rows = []
    for incident, pupil, class_name, recorder in found:
        if not may_read(actor, incident):
            rows.append(pr.IncidentRow(incident.id, incident.pupil_id, pupil, class_name or "", incident.status,
                                       True, tuple(dict.fromkeys(((recorder,) if recorder else ()) + ask))))
            continue
        rows.append(row_of(settings, incident, pupil, class_name or "", recorder or "", firsts.get(incident.id),
                           follow.get(incident.id, (0, 0)), now, ask))
    return sorted(rows, key=lambda r: (r.restricted, *pr.list_order(r.status, r.clock, r.found_at or now)))


def row_of(settings: Settings, incident: Incident, pupil: str, class_name: str, recorder: str,
           first_report: dt.datetime | None, follow: tuple[int, int], now: dt.datetime,
           ask: tuple[str, ...] = ()) -> pr.IncidentRow:
    try:
        name = settings.incident_kind(incident.kind).name
        kind_label = (name.zh, name.en)
    except KeyError:  # a kind since taken out of the config: its id still says what it was
        kind_label = (incident.kind, incident.kind)
    return pr.IncidentRow(
        incident.id, incident.pupil_id, pupil, class_name, incident.status, False, ask, incident.kind, kind_label,
        incident.occurred_at, recorder, pr.report_clock(incident.report_due_at, first_report, now), *follow)


def counts(actor: Actor, now: dt.datetime | None = None, *, mine: bool = False) -> pr.IncidentCounts:
    """Open incidents, open ones whose mandatory report is overdue, and late follow-ups, among those the actor
    may read (`mine`: recorded by the actor), in three queries."""
    now = now or clock.now()
    where = detail_clause(actor) & (Incident.status == OPEN)
    if mine:
        where &= Incident.recorded_by == actor.staff_id
    check_actor(actor)
    reported = IncidentReport.select(IncidentReport.id).where(IncidentReport.incident == Incident.id)
    row = Incident.select(
        pw.fn.COUNT(Incident.id),
        pw.fn.SUM(pw.Case(None, [((Incident.report_due_at < now) & ~pw.fn.EXISTS(reported), 1)], 0)),
    ).where(where).tuples().get()
    late = (IncidentFollowUp.select().join(Incident)
            .where(where & IncidentFollowUp.done_on.is_null() & (IncidentFollowUp.due_on < now.date())).count())
    return pr.IncidentCounts(int(row[0] or 0), int(row[1] or 0), late)


def overdue_reports(actor: Actor, settings: Settings, now: dt.datetime | None = None, *,
                    mine: bool = False) -> list[pr.IncidentRow]:
    """The open incidents whose mandatory report is overdue, the most overdue first (for the homes and weeks)."""
    if not (sees_all(actor) or actor.can(Permission.RECORD_INCIDENT)):
        return []
    rows = list_incidents(actor, settings, OPEN, now=now, mine=mine or not sees_all(actor))
    return [r for r in rows if not r.restricted and r.clock.overdue]


# -- the detail, audited ------------------------------------------------------------------------------------

def incident_detail(actor: Actor, settings: Settings, incident_id: int, now: dt.datetime | None = None, *,
                    audit_read: bool = True) -> pr.IncidentDetail:
    """Everything about one incident, for those who may read it; the opening is written to the audit.
    `audit_read=False` only for showing again, after the person's own change, details they already have open
    (the screen audits its opening once): the same permission check, no new read row."""
    now = now or clock.now()
    incident = get_incident(actor, incident_id)
    pupil = Pupil.get_by_id(incident.pupil_id)
    class_name = SchoolClass.get_by_id(pupil.school_class_id).name if pupil.school_class_id else ""
    staff_ids = {incident.recorded_by_id, incident.closed_by_id}
    reports = list(IncidentReport.select().where(IncidentReport.incident == incident.id)
                   .order_by(IncidentReport.reported_at, IncidentReport.id))
    county_status = county_statuses(reports)
    follow_ups = list(IncidentFollowUp.select().where(IncidentFollowUp.incident == incident.id)
                      .order_by(IncidentFollowUp.date, IncidentFollowUp.id))
    staff_ids |= {r.by_id for r in reports} | {f.owner_id for f in follow_ups}
    if audit_read:
        with writing():
            audit.record(actor, "read", ENTITY, incident.id, pupil_id=incident.pupil_id)
    history = list(AuditEntry.select().where((AuditEntry.entity == ENTITY) & (AuditEntry.entity_id == incident.id)
                                             & (AuditEntry.school == actor.school_id))
                   .order_by(AuditEntry.at, AuditEntry.id))
    staff_ids |= {h.actor_id for h in history}
    names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_([i for i in staff_ids if i])).tuples())
    first = reports[0].reported_at if reports else None
    open_follow = [f for f in follow_ups if f.done_on is None and f.kind != pr.REOPENED]
    late = sum(pr.follow_up_overdue(f.due_on, f.done_on, now.date()) for f in open_follow)
    row = row_of(settings, incident, pupil.name, class_name, names.get(incident.recorded_by_id, ""), first,
                 (len(open_follow), late), now, tuple(coordinators(actor.school_id)))
    return pr.IncidentDetail(
        row=row, place=incident.place, description=incident.description, found_by=incident.found_by,
        immediate_action=incident.immediate_action, outcome=incident.outcome, closed_on=incident.closed_on,
        closed_by=names.get(incident.closed_by_id, ""), reopened=incident.reopened,
        recorded_by_id=incident.recorded_by_id,
        reports=tuple(pr.ReportEntry(r.id, r.to_whom, r.reported_at, names.get(r.by_id, ""), r.method, r.receipt,
                                     r.note, county_status(r)) for r in reports),
        follow_ups=tuple(pr.FollowUpEntry(f.id, f.kind, f.action, f.owner_id, names.get(f.owner_id, ""), f.due_on,
                                          f.done_on, f.done_note, pr.follow_up_overdue(f.due_on, f.done_on,
                                                                                        now.date()))
                         for f in follow_ups),
        history=tuple(pr.HistoryEntry(h.at, names.get(h.actor_id, ""), h.action, json.loads(h.changes or "{}"))
                      for h in history),
    )


def county_statuses(reports: list[IncidentReport]):
    """For each report to a county office, that office's handling (new until marked): report → CountyStatus."""
    from schoolcare.domain.inbox import INCIDENT_REPORT, CountyStatus
    from schoolcare.services.county.inbox import statuses

    found = statuses(INCIDENT_REPORT, [r.id for r in reports if r.to_whom in pr.COUNTY_OFFICES])
    return lambda r: found.get((r.id, r.to_whom), CountyStatus(r.to_whom)) if r.to_whom in pr.COUNTY_OFFICES else None
