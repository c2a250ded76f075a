"""Finding care records of any period, filtered and paged, so that every record stays reachable for as long as it exists.

A page is read with keyset paging (after the last record of the previous page, in the order date, kind, id —
newest first): one query per kind asked for, each limited to a page, merged; never the school's whole ledger.
"""
from __future__ import annotations

import peewee as pw

from schoolcare.domain.care import CallRow, CareEntry, TalkRow, VisitRow
from schoolcare.domain.record_search import (
    KIND_RANK,
    PAGE_SIZE,
    SEARCH_KINDS,
    Choice,
    FilterChoices,
    PageMark,
    RecordFilters,
    RecordPage,
)
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services.access import pupil_scope
from schoolcare.services.care import calls_talks, visits
from schoolcare.services.care import records as rec
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry.pupil_list import search_clause
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    FamilyCall,
    HomeVisit,
    Pupil,
    SchoolClass,
    Staff,
    TeacherTalk,
)

MAX_PAGE = 200
EVERYTHING = RecordFilters()  # no filter: every record in reach


def _after(model, kind: str, mark: PageMark | None) -> pw.Expression | None:
    """Records after `mark` in the order (date, kind rank, id), descending. Within one kind the rank is fixed,
    so the comparison reduces to the date, and the id on the mark's own day and rank."""
    if mark is None:
        return None
    rank = KIND_RANK[kind]
    if rank < mark.rank:
        return model.date <= mark.date
    if rank > mark.rank:
        return model.date < mark.date
    return (model.date < mark.date) | ((model.date == mark.date) & (model.id < mark.id))


def _narrow(query, model, kind: str, start, end, mark: PageMark | None, size: int):
    query = rec.within(query, model, start=start, end=end)
    after = _after(model, kind, mark)
    if after is not None:
        query = query.where(after)
    return query.order_by(model.date.desc(), model.id.desc()).limit(size)


def _pupil_records(actor: Actor, kind: str, filters: RecordFilters, start, end, mark, size: int) -> list[CareEntry]:
    model = {"family_call": FamilyCall, "teacher_talk": TeacherTalk, "home_visit": HomeVisit}[kind]
    query = rec.scoped(actor, model, model.recorded_by, "recorder")
    if kind != "family_call":  # a talk or a visit is also "by" the teacher who held it
        teacher = Staff.alias()
        query = (query.switch(model).join(teacher, pw.JOIN.LEFT_OUTER, on=(model.teacher == teacher.id))
                 .select_extend(teacher.name.alias("teacher_name")))
    match = search_clause(filters.pupil)
    if match is not None:
        query = query.where(match)
    if filters.class_id is not None:
        query = query.where(Pupil.school_class == filters.class_id)
    if filters.recorder_id is not None:
        by = model.recorded_by == filters.recorder_id
        query = query.where(by if kind == "family_call" else by | (model.teacher == filters.recorder_id))
    return [_entry(kind, r) for r in _narrow(query, model, kind, start, end, mark, size).objects()]


def _entry(kind: str, r) -> CareEntry:
    withdrawn = bool(r.withdrawn)
    if kind == "family_call":
        return CareEntry(kind, r.id, r.pupil_id, r.pupil_name, r.date, " ".join(x for x in (r.time, r.notes) if x),
                         r.recorder or "", withdrawn, bool(r.connected) and not r.teacher_line and not withdrawn,
                         {"connected": bool(r.connected), "channel": r.channel, "with_whom": r.with_whom,
                          "teacher_line": bool(r.teacher_line), "reason": r.withdrawn_reason})
    if kind == "teacher_talk":
        return CareEntry(kind, r.id, r.pupil_id, r.pupil_name, r.date, r.topic + (f" — {r.notes}" if r.notes else ""),
                         r.teacher_name or r.recorder or "", withdrawn, not withdrawn,
                         {"concern": bool(r.concern), "follow_up": r.follow_up, "reason": r.withdrawn_reason})
    return CareEntry(kind, r.id, r.pupil_id, r.pupil_name, r.date, r.met_whom or r.visitors,
                     r.teacher_name or r.recorder or "", withdrawn, not withdrawn, {"reason": r.withdrawn_reason})


def _activities(actor: Actor, filters: RecordFilters, start, end, mark, size: int) -> list[CareEntry]:
    organiser = Staff.alias()
    query = (
        Activity.select(Activity, SchoolClass.name.alias("class_name"), organiser.name.alias("organiser_name"))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Activity.school_class == SchoolClass.id))
        .switch(Activity)
        .join(organiser, pw.JOIN.LEFT_OUTER, on=(Activity.organiser == organiser.id))
        .where(Activity.school == actor.school_id)
    )
    if not actor.can(Permission.VIEW_ALL_PUPILS):  # as activities.activities: the school's and their class's
        query = query.where((Activity.scope == "school") | (SchoolClass.homeroom_teacher == actor.staff_id))
    match = search_clause(filters.pupil)
    if match is not None:  # the activities the pupil attended
        attended = (ActivityAttendance.select(ActivityAttendance.activity)
                    .join(Pupil, on=(ActivityAttendance.pupil == Pupil.id))
                    .where(match & pupil_scope(actor)))
        query = query.where(Activity.id.in_(attended))
    if filters.class_id is not None:
        query = query.where(Activity.school_class == filters.class_id)
    if filters.recorder_id is not None:
        query = query.where((Activity.recorded_by == filters.recorder_id) | (Activity.organiser == filters.recorder_id))
    found = _narrow(query, Activity, "activity", start, end, mark, size).objects()
    return [
        CareEntry("activity", a.id, None, a.class_name or "", a.date, a.title, a.organiser_name or "",
                  bool(a.withdrawn), not a.withdrawn,
                  {"scope": a.scope, "kind": a.kind, "class_id": a.school_class_id, "reason": a.withdrawn_reason})
        for a in found
    ]


def find_records(actor: Actor, filters: RecordFilters = EVERYTHING, page: PageMark | None = None,
                 size: int = PAGE_SIZE) -> RecordPage:
    """One page of the care records in the actor's reach that match `filters`, newest first, from `page` on
    (None: the first page). Withdrawn records are listed too, marked: they are still part of the ledger."""
    if filters.kind and filters.kind not in SEARCH_KINDS:
        raise ValidationError("choice", "kind", allowed=" / ".join(SEARCH_KINDS))
    start = rec.optional_day(filters.start, "records_start")
    end = rec.optional_day(filters.end, "records_end")
    if start and end and end < start:
        raise ValidationError("care.search.end_before_start", "records_end")
    size = max(1, min(int(size), MAX_PAGE))
    kinds = (filters.kind,) if filters.kind else SEARCH_KINDS
    found: list[CareEntry] = []
    for kind in kinds:  # each kind's query reads at most one page and one more row (is there a next page?)
        if kind == "activity":
            found += _activities(actor, filters, start, end, page, size + 1)
        else:
            found += _pupil_records(actor, kind, filters, start, end, page, size + 1)
    found.sort(key=lambda e: (e.date, KIND_RANK[e.kind], e.id), reverse=True)
    rows = tuple(found[:size])
    more = len(found) > size
    return RecordPage(rows, PageMark.after(rows[-1]) if more and rows else None)


def filter_choices(actor: Actor) -> FilterChoices:
    """The classes and staff a search may be narrowed to: a teacher's own classes (those they lead or where
    their pupils are), everyone who may have recorded something."""
    classes = SchoolClass.select(SchoolClass.id, SchoolClass.name).where(SchoolClass.school == actor.school_id)
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        theirs = Pupil.select(Pupil.school_class).where(pupil_scope(actor) & Pupil.school_class.is_null(False))
        classes = classes.where((SchoolClass.homeroom_teacher == actor.staff_id) | SchoolClass.id.in_(theirs))
    staff = Staff.select(Staff.id, Staff.name).where(Staff.school == actor.school_id)
    return FilterChoices(
        tuple(Choice(c.id, c.name) for c in classes.order_by(SchoolClass.grade, SchoolClass.number, SchoolClass.id)),
        tuple(Choice(s.id, s.name) for s in staff.order_by(Staff.name, Staff.id)),
    )


def record_to_correct(actor: Actor, kind: str, record_id: int) -> CallRow | TalkRow | VisitRow:
    """A call, talk or visit read afresh for its correction form (scoped: out of reach is NotFound).
    Activities are corrected in the activities area, with their attendance; incidents in the centre's ledger."""
    if kind == "family_call":
        return calls_talks.get_call(actor, record_id)
    if kind == "teacher_talk":
        return calls_talks.get_talk(actor, record_id)
    if kind == "home_visit":
        return visits.get_visit(actor, record_id)
    raise ValidationError("care.search.correct_elsewhere", "kind", kind=kind)
