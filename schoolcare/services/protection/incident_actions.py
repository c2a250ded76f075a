"""After an incident is recorded: the mandatory report logged, follow-ups with an owner and dates, closing
with an outcome, reopening that keeps the history. Every change audited on the incident (entity "incident").

Who may act: the coordinator (MANAGE_INCIDENTS) on any incident; the teacher who recorded it on theirs
(the report and the follow-ups: the person who found it often reports it); a follow-up's owner marks it done.
Closing and reopening are the coordinator's. The principal reads and changes nothing.
"""
from __future__ import annotations

from schoolcare.domain import clock
from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import active_colleague, check_actor, require
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.protection.incidents import CLOSED, ENTITY, OPEN, get_incident, moment
from schoolcare.services.tx import writing
from schoolcare.store.models import Incident, IncidentFollowUp, IncidentReport

REPORT_WORDS = {
    "police": ("公安", "公安机关", "派出所", "警察", "110"),
    "township": ("乡镇", "乡(镇)", "乡镇人民政府", "镇政府"),
    "education_bureau": ("教育局", "教育部门", "education bureau"),
    "civil_affairs": ("民政", "民政部门", "民政局", "civil affairs"),
}
METHOD_WORDS = {"phone": ("电话",), "in_person": ("当面", "面报", "in person"), "written": ("书面",),
                "online": ("网上", "网络", "线上")}


def _acting(actor: Actor, incident_id: int) -> Incident:
    """The incident, if the actor may change it: refused for a role that may not, absent if out of reach."""
    check_actor(actor)
    if not (actor.can(Permission.MANAGE_INCIDENTS) or actor.can(Permission.RECORD_INCIDENT)):
        raise PermissionDenied(f"permission.{Permission.MANAGE_INCIDENTS.value}", role=actor.role.value)
    incident = get_incident(actor, incident_id)
    if not actor.can(Permission.MANAGE_INCIDENTS) and incident.recorded_by_id != actor.staff_id:
        raise NotFound("protection.incident_not_found", "incident", id=incident_id)
    return incident


def _open(incident: Incident) -> None:
    if incident.status != OPEN:
        raise ValidationError("protection.incident_closed", "incident", id=incident.id)


def log_report(actor: Actor, incident_id: int, draft: pr.ReportDraft) -> int:
    """The mandatory report as made: to whom, when (not before the finding), how, the receipt; by the actor."""
    incident = _acting(actor, incident_id)
    reported_at = moment(draft.reported_at, "reported_at")
    if reported_at < incident.occurred_at:
        raise ValidationError("protection.report_before_found", "reported_at",
                              found=incident.occurred_at.strftime("%Y-%m-%d %H:%M"))
    fields = {
        "to_whom": rec.choice(draft.to_whom, "to_whom", pr.REPORT_TO, REPORT_WORDS),
        "reported_at": reported_at,
        "method": rec.choice(draft.method, "report_method", pr.REPORT_METHODS, METHOD_WORDS, default="phone"),
        "receipt": rec.line(draft.receipt, "receipt"),
        "note": rec.free_text(draft.note, "report_note"),
    }
    with writing():
        created = IncidentReport.create(incident=incident.id, by=actor.staff_id, **fields)
        audit.record(actor, "report", ENTITY, incident.id, pupil_id=incident.pupil_id, changes=fields)
    return created.id


def add_follow_up(actor: Actor, incident_id: int, draft: pr.IncidentFollowUpDraft) -> int:
    """A follow-up (emergency handling, assessment, a support service) with its owner and due date."""
    incident = _acting(actor, incident_id)
    _open(incident)
    owner = active_colleague(actor, draft.owner_id, "owner").id if draft.owner_id else actor.staff_id
    due_on = rec.optional_day(draft.due_on, "due_on")
    if due_on is not None and due_on < incident.occurred_at.date():
        raise ValidationError("protection.due_before_found", "due_on")
    fields = {
        "kind": rec.choice(draft.kind, "follow_up_kind", pr.FOLLOW_UP_KINDS),
        "action": rec.free_text(draft.action, "follow_up_action", needed=True),
        "owner": owner,
        "due_on": due_on,
    }
    with writing():
        created = IncidentFollowUp.create(incident=incident.id, date=clock.today(), by=actor.staff_id, **fields)
        audit.record(actor, "follow_up", ENTITY, incident.id, pupil_id=incident.pupil_id,
                     changes={**fields, "follow_up": created.id})
    return created.id


def complete_follow_up(actor: Actor, follow_up_id: int, done_on=None, note: str = "") -> None:
    """Mark a follow-up done (its owner, the recorder or the coordinator), on a day not in the future."""
    check_actor(actor)
    found = IncidentFollowUp.get_or_none(IncidentFollowUp.id == follow_up_id)
    if found is None or found.kind == pr.REOPENED:
        raise NotFound("protection.follow_up_not_found", "follow_up", id=follow_up_id)
    if found.owner_id == actor.staff_id and actor.can(Permission.RECORD_INCIDENT):
        incident = get_incident_for_owner(actor, found.incident_id)
    else:
        incident = _acting(actor, found.incident_id)
    _open(incident)
    if found.done_on is not None:
        raise ValidationError("protection.follow_up_done_already", "follow_up")
    day = rec.day(done_on or clock.today(), "done_on")
    if day < found.date:
        raise ValidationError("protection.done_before_added", "done_on", added=found.date.isoformat())
    fields = {"done_on": day, "done_note": rec.free_text(note, "done_note")}
    with writing():
        IncidentFollowUp.update(**fields).where(IncidentFollowUp.id == found.id).execute()
        audit.record(actor, "follow_up_done", ENTITY, incident.id, pupil_id=incident.pupil_id,
                     changes={**fields, "follow_up": found.id})


def get_incident_for_owner(actor: Actor, incident_id: int) -> Incident:
    # An owner acts on their follow-up of an incident recorded by someone else: they learn of it by the task.
    incident = Incident.get_or_none((Incident.id == incident_id) & (Incident.school == actor.school_id))
    if incident is None:
        raise NotFound("protection.incident_not_found", "incident", id=incident_id)
    return incident


def open_follow_ups(incident_id: int) -> list[IncidentFollowUp]:
    """The follow-ups of an incident not yet done (a reopening's history row is not one)."""
    return list(IncidentFollowUp.select().where(
        (IncidentFollowUp.incident == incident_id) & IncidentFollowUp.done_on.is_null()
        & (IncidentFollowUp.kind != pr.REOPENED)).order_by(IncidentFollowUp.id))


def close_incident(actor: Actor, incident_id: int, outcome: str, closed_on=None) -> list[int]:
    """Close with an outcome (required). A mandatory report not yet made keeps it open: report first.

    Follow-ups still open are done by the closing: the coordinator who closes has judged the case handled, and a
    closed incident with open tasks would keep them on their owners' lists. Each is marked done on the closing
    day (not before it was added) with the outcome as how it was done, audited as its own "follow_up_done"; the
    close row counts them. The dialog lists them before the coordinator confirms. Returns their ids."""
    require(actor, Permission.MANAGE_INCIDENTS)
    incident = get_incident(actor, incident_id)
    _open(incident)
    text = rec.free_text(outcome, "incident_outcome", needed=True)
    day = rec.day(closed_on or clock.today(), "incident_closed_on")
    if day < incident.occurred_at.date():
        raise ValidationError("protection.closed_before_found", "incident_closed_on")
    if incident.report_due_at is not None and not IncidentReport.select().where(
            IncidentReport.incident == incident.id).exists():
        raise ValidationError("protection.close_unreported", "incident_outcome")
    pending = open_follow_ups(incident.id)
    with writing():
        for found in pending:
            fields = {"done_on": max(day, found.date), "done_note": text}
            IncidentFollowUp.update(**fields).where(IncidentFollowUp.id == found.id).execute()
            audit.record(actor, "follow_up_done", ENTITY, incident.id, pupil_id=incident.pupil_id,
                         changes={**fields, "follow_up": found.id, "by_closing": True})
        Incident.update(status=CLOSED, outcome=text, closed_on=day, closed_by=actor.staff_id).where(
            Incident.id == incident.id).execute()
        changes = {"status": [OPEN, CLOSED], "outcome": text, "closed_on": day}
        if pending:
            changes["follow_ups_done"] = len(pending)  # how many; each has its own row naming it
        audit.record(actor, "close", ENTITY, incident.id, pupil_id=incident.pupil_id, changes=changes)
    return [f.id for f in pending]


def reopen_incident(actor: Actor, incident_id: int, reason: str) -> None:
    """Reopen a closed incident. Its outcome stays on record: in a history row, in the audit and on the incident
    until it is closed again."""
    require(actor, Permission.MANAGE_INCIDENTS)
    incident = get_incident(actor, incident_id)
    if incident.status != CLOSED:
        raise ValidationError("protection.incident_open", "incident", id=incident.id)
    why = rec.free_text(reason, "reopen_reason", needed=True)
    with writing():
        Incident.update(status=OPEN, closed_on=None, reopened=Incident.reopened + 1).where(
            Incident.id == incident.id).execute()
        IncidentFollowUp.create(incident=incident.id, date=clock.today(), kind=pr.REOPENED, action=why,
                                by=actor.staff_id, done_on=clock.today(),
                                done_note=incident.outcome)
        audit.record(actor, "reopen", ENTITY, incident.id, pupil_id=incident.pupil_id,
                     changes={"status": [CLOSED, OPEN], "reason": why, "outcome": incident.outcome,
                              "closed_on": incident.closed_on})
