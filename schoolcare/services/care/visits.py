"""Home visits (家访): findings on family, guardianship, schooling and the pupil, with follow-up actions tracked until done."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain.care import FollowUpRow, VisitDraft, VisitRow
from schoolcare.domain.roles import Actor
from schoolcare.services import audit
from schoolcare.services.access import require_pupil_write
from schoolcare.services.care import followups
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import FollowUp, HomeVisit, Pupil, Staff

FINDINGS = ("family_findings", "guardianship_findings", "schooling_findings", "pupil_state")


def _fields(actor: Actor, draft: VisitDraft) -> dict:
    fields = {
        "date": rec.day(draft.date),
        "visitors": rec.line(draft.visitors, "visitors", needed=True),
        "met_whom": rec.line(draft.met_whom, "met_whom"),
        "teacher": rec.staff_of_school(actor, draft.teacher_id, "teacher"),
    }
    for name in FINDINGS:
        fields[name] = rec.free_text(getattr(draft, name), name)
    if not any(fields[name] for name in FINDINGS):
        raise ValidationError("care.findings", "family_findings")
    return fields


def log_visit(actor: Actor, draft: VisitDraft, *, backdate_days: int | None = None) -> VisitRow:
    """Record a visit and its follow-up actions in one transaction; dates checked as for a call."""
    pupil = require_pupil_write(actor, draft.pupil_id)
    fields = _fields(actor, draft)
    rec.not_before_enrolment(fields["date"], pupil.enrolled_on)
    actions = [followups.clean_draft(actor, f, f"follow_ups[{i + 1}]") for i, f in enumerate(draft.follow_ups)]
    late = rec.late_entry(fields["date"], draft.backdate_reason, backdate_days)
    with writing():
        visit = HomeVisit.create(school=actor.school_id, pupil=pupil.id, recorded_by=actor.staff_id, **fields)
        audit.record(actor, "create", "home_visit", visit.id, pupil_id=pupil.id,
                     changes=rec.with_late_reason(fields, late))
        for action in actions:
            followups.create(actor, pupil.id, action, home_visit_id=visit.id)
    return get_visit(actor, visit.id)


def edit_visit(actor: Actor, visit_id: int, *, reason: str = "", **changes) -> VisitRow:
    """Correct a visit's details, with the reason (required); the audit keeps the old values and the reason."""
    record = rec.editable(actor, "home_visit", visit_id)
    current = rec.current_values(record, changes, {"date", "visitors", "met_whom", *FINDINGS}, "home_visit")
    rec.correction_reason(reason)
    before = current | {"teacher": record.teacher_id}
    after = _fields(actor, VisitDraft(record.pupil_id, teacher_id=record.teacher_id, **{**current, **changes}))
    if after["date"] != record.date:  # not moved to before the pupil joined
        rec.not_before_enrolment(after["date"], Pupil.get_by_id(record.pupil_id).enrolled_on)
    with writing():
        rec.update(actor, "home_visit", record, before, after, reason)
    return get_visit(actor, visit_id)


def _query(actor: Actor):
    return rec.scoped(actor, HomeVisit, HomeVisit.teacher, "teacher_name")


def _rows(actor: Actor, visits) -> list[VisitRow]:
    visits = list(visits)
    actions: dict[int, list[FollowUpRow]] = {}
    if visits:
        owner = Staff.alias()
        query = (
            FollowUp.select(FollowUp, Pupil.name.alias("pupil_name"), owner.name.alias("owner_name"))
            .join(Pupil, on=(FollowUp.pupil == Pupil.id))
            .switch(FollowUp)
            .join(owner, pw.JOIN.LEFT_OUTER, on=(FollowUp.owner == owner.id))
            .where(FollowUp.home_visit.in_([v.id for v in visits]))
            .order_by(FollowUp.id)
            .objects()
        )
        for f in query:
            actions.setdefault(f.home_visit_id, []).append(FollowUpRow(
                f.id, f.pupil_id, f.pupil_name, f.action, f.owner_id, f.owner_name or "", f.due, f.done_on,
                f.outcome, f.home_visit_id, f.teacher_talk_id))
    return [
        VisitRow(v.id, v.pupil_id, v.pupil_name, v.teacher_id, v.teacher_name or "", v.date, v.visitors, v.met_whom,
                 v.family_findings, v.guardianship_findings, v.schooling_findings, v.pupil_state,
                 tuple(actions.get(v.id, ())), bool(v.withdrawn), v.withdrawn_reason)
        for v in visits
    ]


def get_visit(actor: Actor, visit_id: int) -> VisitRow:
    found = _rows(actor, _query(actor).where(HomeVisit.id == visit_id).objects())
    if not found:
        raise NotFound("care.visit_not_found", id=visit_id)
    return found[0]


def visits(actor: Actor, *, pupil_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
           limit: int = 500) -> list[VisitRow]:
    """Visits within reach, newest first, each with its follow-ups (two queries)."""
    query = rec.within(_query(actor), HomeVisit, pupil_id=pupil_id, start=start, end=end)
    return _rows(actor, query.order_by(HomeVisit.date.desc(), HomeVisit.id.desc()).limit(limit).objects())
