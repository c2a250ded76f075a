"""Transfers between the schools of one database (转学), by the national student number (全国学籍号).

The receiving school's coordinator finds the enrolled pupil of another school by their number, sees enough to
confirm who it is (name, birth date, school, class) and moves them in, in one transaction: the old record becomes
`transferred` on that date and keeps its whole history at the old school; a new record here carries the file on
(profile, left-behind and difficulty flags, guardians, situation notes; not the care records, which are the old
school's history) from that date, in the class chosen, with no care teacher yet — so it is on this school's "needs
a care teacher" list; a Transfer row links the two; both schools' audit trails say so. From the new record the old
school's situation notes and care records of that pupil (and no other) are read, each opening audited at both
schools."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock, validation
from schoolcare.domain.registry import SituationNoteRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.transfers import Move, OldHistory, TransferCandidate
from schoolcare.services import audit
from schoolcare.services.access import get_pupil, require
from schoolcare.services.errors import NotFound, ValidationError, invalid
from schoolcare.services.registry.pupils import refresh_left_behind
from schoolcare.services.registry.search_keys import pinyin_of
from schoolcare.services.tx import writing
from schoolcare.store.database import is_sqlite
from schoolcare.store.models import (
    CareAssignment,
    Guardian,
    Pupil,
    School,
    SchoolClass,
    SituationNote,
    Staff,
    Transfer,
)

ENROLLED, TRANSFERRED = "enrolled", "transferred"
# What the new record takes over from the old one; boarding, the 学习小帮手 and 爱心家长 are the old school's own.
CARRIED = ("name", "gender", "birth_date", "address", "left_behind", "left_behind_review", "in_difficulty", "migrant",
           "poverty", "special_needs", "health_notes")
GUARDIAN_FIELDS = ("relation", "name", "age", "phone", "address", "work_place", "occupation", "away", "capacity",
                   "day_to_day", "entrusted", "position")


def _number(value: object) -> str:
    try:
        number = validation.national_id(value)
    except validation.InvalidField as error:
        raise invalid(error) from None
    if not number:
        raise ValidationError("required", "national_id")
    return number


def _leaving(actor: Actor, number: str, *, lock: bool = False) -> Pupil:
    """The enrolled pupil of another school holding `number`, or the refusal that says why there is none. `lock`
    (inside the write, on PostgreSQL): a second transfer of the same pupil waits for the first and then reads the
    record as it left, refused as not enrolled there any more (SQLite's write lock already queues them)."""
    query = Pupil.select().where(Pupil.national_id == number).order_by(Pupil.id.desc())
    found = list(query.for_update() if lock and not is_sqlite() else query)
    here = next((p for p in found if p.school_id == actor.school_id and p.status == ENROLLED), None)
    if here is not None:
        raise ValidationError("transfer.already_here", "national_id", national_id=number, name=here.name,
                              student_no=here.student_no)
    elsewhere = next((p for p in found if p.school_id != actor.school_id and p.status == ENROLLED), None)
    if elsewhere is not None:
        return elsewhere
    if any(p.school_id != actor.school_id for p in found):
        raise ValidationError("transfer.not_enrolled", "national_id", national_id=number)
    raise NotFound("transfer.not_found", "national_id", national_id=number)


def _class_name(class_id: int | None) -> str:
    if class_id is None:
        return ""
    return SchoolClass.select(SchoolClass.name).where(SchoolClass.id == class_id).scalar() or ""


def _school_name(school_id: int) -> str:
    return School.select(School.name).where(School.id == school_id).scalar() or ""


def find(actor: Actor, national_id: object) -> TransferCandidate:
    """Who a number finds at another school, to confirm before moving them here (TRANSFER_PUPILS)."""
    require(actor, Permission.TRANSFER_PUPILS)
    number = _number(national_id)
    pupil = _leaving(actor, number)
    with writing():  # another school's pupil shown here: the old school's audit trail says who looked them up
        audit.record(actor, "read", "transfer_lookup", pupil.id, pupil_id=pupil.id, school_id=pupil.school_id,
                     changes={"national_id": number, "by_school": _school_name(actor.school_id)})
    return TransferCandidate(number, pupil.name, pupil.gender, pupil.birth_date, _school_name(pupil.school_id),
                             _class_name(pupil.school_class_id))


def _check_class(actor: Actor, class_id: int | None) -> None:
    if class_id is None:
        return
    found = SchoolClass.get_or_none((SchoolClass.id == class_id) & (SchoolClass.school == actor.school_id))
    if found is None:
        raise ValidationError("registry.no_such_class", "class_id")
    if found.retired_on is not None:
        raise ValidationError("transfer.class_retired", "class_id", name=found.name)


def _student_no(actor: Actor, old: Pupil, wanted: str) -> str:
    """The number here: the one asked for, else the old school's if free here, else the national number."""
    taken = lambda no: Pupil.select().where((Pupil.school == actor.school_id) & (Pupil.student_no == no)).exists()  # noqa: E731
    if wanted:
        if taken(wanted):
            raise ValidationError("registry.student_no_taken", "student_no", student_no=wanted)
        return wanted
    for candidate in (old.student_no, old.national_id):
        if not taken(candidate):
            return candidate
    n = 2
    while taken(f"{old.national_id}-{n}"):
        n += 1
    return f"{old.national_id}-{n}"


def transfer_in(actor: Actor, national_id: object, class_id: int | None = None, on: object = None,
                student_no: object = "", today: dt.date | None = None) -> int:
    """Move the enrolled pupil of another school holding `national_id` here on `on` (default today); returns the id
    of their new record. Refused: no such pupil, already here, not enrolled there, a date ahead or before they
    joined the old school, a class not of this school."""
    require(actor, Permission.TRANSFER_PUPILS)
    today = today or clock.today()
    number = _number(national_id)
    try:
        day = validation.date(on, "on") or today
        wanted_no = validation.student_no(student_no, "student_no") if validation.normalise_text(student_no) else ""
    except validation.InvalidField as error:
        raise invalid(error) from None
    if day > today:
        raise ValidationError("date_future", "on", value=day.isoformat())
    _check_class(actor, class_id)
    with writing():
        old = _leaving(actor, number, lock=True)  # again inside the write: nobody moved them meanwhile
        if old.enrolled_on is not None and day < old.enrolled_on:
            raise ValidationError("transfer.before_enrolled", "on", date=day.isoformat(),
                                  enrolled_on=old.enrolled_on.isoformat())
        from_school, to_school = _school_name(old.school_id), _school_name(actor.school_id)
        no = _student_no(actor, old, wanted_no)
        pinyin, initials = pinyin_of(old.name)
        # The old record leaves first: one enrolled holder of a number at a time (index pupil_national_id_enrolled).
        Pupil.update(status=TRANSFERRED, left_on=day, updated_at=clock.now()).where(Pupil.id == old.id).execute()
        new = Pupil.create(school=actor.school_id, student_no=no, name_pinyin=pinyin, name_initials=initials,
                           school_class=class_id, status=ENROLLED, enrolled_on=day, national_id=number,
                           **{name: getattr(old, name) for name in CARRIED})
        family = [{name: getattr(g, name) for name in GUARDIAN_FIELDS}
                  for g in Guardian.select().where(Guardian.pupil == old.id).order_by(Guardian.position, Guardian.id)]
        for row in family:
            Guardian.create(pupil=new.id, **row)
        notes = list(SituationNote.select().where(SituationNote.pupil == old.id).order_by(SituationNote.id))
        for note in notes:
            SituationNote.create(pupil=new.id, aspect=note.aspect, text=note.text, noted_on=note.noted_on,
                                 author=note.author_id, created_at=note.created_at)
        _end_care(actor, old, day, to_school)
        move = Transfer.create(national_id=number, from_pupil=old.id, to_pupil=new.id, from_school=old.school_id,
                               to_school=actor.school_id, moved_on=day, by=actor.staff_id)
        audit.record(actor, "transfer_out", "pupil", old.id, pupil_id=old.id, school_id=old.school_id, changes={
            "status": [ENROLLED, TRANSFERRED], "left_on": day, "to_school": to_school, "transfer_id": move.id})
        audit.record(actor, "transfer_in", "pupil", new.id, pupil_id=new.id, changes={
            "national_id": number, "from_school": from_school, "student_no": no, "class": _class_name(class_id),
            "enrolled_on": day, "guardians": [g["name"] for g in family], "situation_notes": len(notes),
            "transfer_id": move.id})
        refresh_left_behind(actor, [new.id], actor.school_id, today)  # the flag from the family and age, here
    return new.id


def _end_care(actor: Actor, old: Pupil, day: dt.date, to_school: str) -> None:
    """The old school's care teacher's spell ends the day the pupil leaves (audited at the old school)."""
    reason = f"transferred: {to_school}"
    for row in CareAssignment.select().where((CareAssignment.pupil == old.id) & CareAssignment.end_on.is_null()):
        end = max(day, row.start_on)
        CareAssignment.update(end_on=end, end_reason=reason).where(CareAssignment.id == row.id).execute()
        audit.record(actor, "end", "care_assignment", row.id, pupil_id=old.id, school_id=old.school_id,
                     changes={"teacher_id": row.teacher_id, "end_on": end, "end_reason": reason})


# ---------------------------------------------------------------- what the two schools see afterwards

def moves(actor: Actor, pupil_id: int) -> tuple[Move, ...]:
    """The transfers of a pupil in reach: out of this record (已转至) and into it (转自), newest first."""
    pupil = get_pupil(actor, pupil_id)
    rows = list(Transfer.select().where((Transfer.from_pupil == pupil.id) | (Transfer.to_pupil == pupil.id))
                .order_by(Transfer.moved_on.desc(), Transfer.id.desc()))
    others = {r.to_school_id if r.from_pupil_id == pupil.id else r.from_school_id for r in rows}
    names = dict(School.select(School.id, School.name).where(School.id.in_(list(others))).tuples()) if rows else {}
    return tuple(Move(r.id, "out", names.get(r.to_school_id, ""), r.moved_on) if r.from_pupil_id == pupil.id
                 else Move(r.id, "in", names.get(r.from_school_id, ""), r.moved_on) for r in rows)


def moved_out(pupil_ids: list[int]) -> dict[int, tuple[str, dt.date]]:
    """{old record id: (the school it moved to, the date)} for these records; the caller has scoped them."""
    found: dict[int, tuple[str, dt.date]] = {}
    for start in range(0, len(pupil_ids), 500):
        query = (Transfer.select(Transfer.from_pupil, School.name, Transfer.moved_on)
                 .join(School, on=(School.id == Transfer.to_school))
                 .where(Transfer.from_pupil.in_(pupil_ids[start:start + 500])).order_by(Transfer.id).tuples())
        for pid, name, moved_on in query:
            found[pid] = (name, moved_on)
    return found


def old_history(actor: Actor, pupil_id: int) -> OldHistory:
    """The old school's situation notes and care records of a pupil who moved here (the pupil in the actor's reach),
    read-only and only through their Transfer row; every opening is audited at both schools."""
    from schoolcare.services.registry.pupil_file import _timeline

    pupil = get_pupil(actor, pupil_id)
    move = (Transfer.select().where((Transfer.to_pupil == pupil.id) & (Transfer.to_school == actor.school_id))
            .order_by(Transfer.id.desc()).first())
    if move is None:
        raise NotFound("transfer.no_history", "pupil", name=pupil.name)
    old_id = move.from_pupil_id
    timeline = tuple(e for e in _timeline(old_id, actor) if e.kind != "incident")
    notes = tuple(
        SituationNoteRow(n.id, n.aspect, n.text, n.noted_on, n.author.name if n.author_id else "", n.created_at)
        for n in SituationNote.select(SituationNote, Staff).join(Staff, pw.JOIN.LEFT_OUTER, on=(SituationNote.author == Staff.id))
        .where(SituationNote.pupil == old_id).order_by(SituationNote.noted_on.desc(), SituationNote.id.desc()))
    with writing():
        opened = {"transfer_id": move.id, "from_pupil": old_id, "situation_notes": len(notes),
                  "records": len(timeline)}
        audit.record(actor, "read", "transfer_history", move.id, pupil_id=pupil.id, changes=opened)
        audit.record(actor, "read", "transfer_history", move.id, pupil_id=old_id, school_id=move.from_school_id,
                     changes={**opened, "by_school": _school_name(actor.school_id)})
    return OldHistory(pupil.name, _school_name(move.from_school_id), move.moved_on, notes, timeline)
