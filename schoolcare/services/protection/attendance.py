"""Daily absences (及时了解无故旷课): a class's register for a day, recorded by its homeroom teacher or the coordinator.

Everyone is present unless marked absent. Recording a day again replaces that
day's absences for the class (each change audited), so a correction never
duplicates. An unexcused absence that makes the configured run of school days
opens a dropout case in the same transaction (services.protection.dropouts).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from schoolcare.domain import clock
from schoolcare.domain.dropouts import ABSENCE_KINDS, not_school_day_reason
from schoolcare.domain.registry import STATUSES
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services import audit
from schoolcare.services.access import class_in_reach, require
from schoolcare.services.care import records as rec
from schoolcare.services.errors import ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import Absence, AttendanceDay, Pupil

ENROLLED = STATUSES[0]
NOTE_FIELD = "absence_note"


@dataclass(frozen=True)
class AbsenceEntry:
    """One pupil marked absent: kind personal (事假) | sick (病假) | unexcused (无故旷课), and a note."""

    pupil_id: int
    kind: str
    note: str = ""


@dataclass(frozen=True)
class RegisterRow:
    pupil_id: int
    student_no: str
    name: str
    kind: str | None  # None: present
    note: str = ""


@dataclass(frozen=True)
class ClassRegister:
    """A class's register for one day, as the screen shows it."""

    class_id: int
    class_name: str
    date: dt.date
    taken: bool  # recorded already (an all-present day too)
    closed_reason: str | None  # weekend | holiday | no_term: no school that day
    rows: tuple[RegisterRow, ...]

    @property
    def absent(self) -> int:
        return sum(1 for row in self.rows if row.kind)


@dataclass(frozen=True)
class DayResult:
    created: int
    updated: int
    removed: int
    cases_opened: tuple[int, ...] = ()


def check_school_day(settings: Settings, day: dt.date, field: str = "date") -> None:
    """Refuse a weekend, a holiday or a day outside every term, saying which."""
    why = not_school_day_reason(settings.calendar, day)
    if why is not None:
        raise ValidationError(f"attendance.{why}", field, date=day.isoformat())


def class_register(actor: Actor, settings: Settings, class_id: int, day: dt.date) -> ClassRegister:
    """The class's enrolled pupils with their marks for `day` (present unless an absence is recorded)."""
    found = class_in_reach(actor, class_id)
    pupils = list(Pupil.select(Pupil.id, Pupil.student_no, Pupil.name)
                  .where((Pupil.school_class == found.id) & (Pupil.status == ENROLLED))
                  .order_by(Pupil.student_no).tuples())
    marks = {row.pupil_id: row for row in Absence.select().where((Absence.school == actor.school_id)
                                                                 & (Absence.school_class == found.id)
                                                                 & (Absence.date == day))}
    taken = AttendanceDay.select().where((AttendanceDay.school_class == found.id)
                                         & (AttendanceDay.date == day)).exists()
    rows = tuple(RegisterRow(pid, no, name, marks[pid].kind if pid in marks else None,
                             marks[pid].note if pid in marks else "") for pid, no, name in pupils)
    return ClassRegister(found.id, found.name, day, taken, not_school_day_reason(settings.calendar, day), rows)


def clean_entry(entry: AbsenceEntry, field: str = "kind") -> AbsenceEntry:
    if entry.kind not in ABSENCE_KINDS:
        raise ValidationError("choice", field, allowed=", ".join(ABSENCE_KINDS))
    return AbsenceEntry(entry.pupil_id, entry.kind, clean_note(entry.note))


def clean_note(value, field: str = NOTE_FIELD) -> str:
    """An absence's note cleaned as a dropout case's texts: Chinese punctuation kept as typed (the written report
    prints the notes), a control character refused, on one line."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number a spreadsheet cell holds (13.0) is the number typed
    return " ".join(rec.free_text(value, field).split())


def record_day(actor: Actor, settings: Settings, class_id: int, day: dt.date, absences: Sequence[AbsenceEntry],
               *, today: dt.date | None = None) -> DayResult:
    """The class's register for `day`: exactly `absences` are away, everyone else present. A second recording
    of the same day corrects the first (changes audited); nothing is written when any entry is refused."""
    require(actor, Permission.LOG_CARE)
    found = class_in_reach(actor, class_id)
    today = today or clock.today()
    if day > today:
        raise ValidationError("attendance.future", "date", date=day.isoformat())
    check_school_day(settings, day)
    entries = [clean_entry(entry) for entry in absences]
    wanted = {entry.pupil_id: entry for entry in entries}
    if len(wanted) != len(entries):
        raise ValidationError("attendance.twice", "pupil")
    members = set(Pupil.select(Pupil.id).where((Pupil.school_class == found.id) & (Pupil.status == ENROLLED))
                  .tuples())
    members = {pid for (pid,) in members}
    for pupil_id in wanted:
        if pupil_id not in members:
            name = Pupil.select(Pupil.name).where((Pupil.id == pupil_id) & (Pupil.school == actor.school_id)).scalar()
            raise ValidationError("attendance.not_in_class", "pupil", pupil=name or pupil_id, class_name=found.name)
    from schoolcare.services.protection import dropouts

    with writing():
        existing = {row.pupil_id: row for row in Absence.select().where(
            (Absence.school == actor.school_id) & (Absence.date == day)
            & ((Absence.school_class == found.id) | Absence.pupil.in_(list(wanted))))}
        created = updated = removed = 0
        for pupil_id, row in existing.items():
            if pupil_id not in wanted and row.school_class_id == found.id:
                row.delete_instance()
                audit.record(actor, "delete", "absence", row.id, pupil_id=pupil_id,
                             changes={"date": day, "kind": [row.kind, None]})
                removed += 1
        for pupil_id, entry in wanted.items():
            row = existing.get(pupil_id)
            if row is None:
                row = Absence.create(school=actor.school_id, pupil=pupil_id, school_class=found.id, date=day,
                                     kind=entry.kind, note=entry.note, recorded_by=actor.staff_id)
                audit.record(actor, "create", "absence", row.id, pupil_id=pupil_id,
                             changes={"date": day, "kind": entry.kind, "note": entry.note})
                created += 1
                continue
            changes = audit.diff({"kind": row.kind, "note": row.note}, {"kind": entry.kind, "note": entry.note})
            if changes:
                Absence.update(kind=entry.kind, note=entry.note, recorded_by=actor.staff_id).where(
                    Absence.id == row.id).execute()
                audit.record(actor, "update", "absence", row.id, pupil_id=pupil_id, changes={"date": day, **changes})
                updated += 1
        taken = AttendanceDay.get_or_none((AttendanceDay.school_class == found.id) & (AttendanceDay.date == day))
        if taken is None:
            taken = AttendanceDay.create(school=actor.school_id, school_class=found.id, date=day,
                                         recorded_by=actor.staff_id)
            audit.record(actor, "create", "attendance_day", taken.id,
                         changes={"class_id": found.id, "date": day, "absent": len(wanted)})
        else:
            AttendanceDay.update(recorded_by=actor.staff_id, recorded_at=clock.now()).where(
                AttendanceDay.id == taken.id).execute()
            audit.record(actor, "update", "attendance_day", taken.id,
                         changes={"class_id": found.id, "date": day, "absent": len(wanted)})
        opened = [case for pupil_id, entry in wanted.items() if entry.kind == "unexcused"
                  if (case := dropouts.check_absences(actor, settings, pupil_id, day)) is not None]
    return DayResult(created, updated, removed, tuple(opened))


def upsert_absence(actor: Actor, settings: Settings, pupil: Pupil, day: dt.date, entry: AbsenceEntry) -> str:
    """One absence as an import gives it, inside the caller's transaction: 'created', 'updated' or 'unchanged'.
    The caller has checked the pupil, day and entry."""
    row = Absence.get_or_none((Absence.pupil == pupil.id) & (Absence.date == day))
    if row is None:
        row = Absence.create(school=actor.school_id, pupil=pupil.id, school_class=pupil.school_class_id, date=day,
                             kind=entry.kind, note=entry.note, recorded_by=actor.staff_id)
        audit.record(actor, "create", "absence", row.id, pupil_id=pupil.id,
                     changes={"date": day, "kind": entry.kind, "note": entry.note})
        return "created"
    changes = audit.diff({"kind": row.kind, "note": row.note}, {"kind": entry.kind, "note": entry.note})
    if not changes:
        return "unchanged"
    Absence.update(kind=entry.kind, note=entry.note, recorded_by=actor.staff_id).where(Absence.id == row.id).execute()
    audit.record(actor, "update", "absence", row.id, pupil_id=pupil.id, changes={"date": day, **changes})
    return "updated"


def existing_mark(pupil_id: int, day: dt.date) -> tuple[str, str] | None:
    """The (kind, note) already recorded for a pupil on a day, if any."""
    row = Absence.select(Absence.kind, Absence.note).where((Absence.pupil == pupil_id) & (Absence.date == day)).tuples()
    return row.first()


def register_classes(actor: Actor):
    """The running classes whose register the actor takes: the class they lead, or every class (coordinator)."""
    from schoolcare.services.registry.classes import list_classes

    require(actor, Permission.LOG_CARE)
    return list_classes(actor, include_retired=False)
