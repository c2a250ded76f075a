"""The national student number (全国学籍号) is one enrolled pupil's in the whole database: who holds one, and the
refusals a form, an import row or a transfer meets when another enrolled pupil holds it already."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from schoolcare.domain.roles import Actor
from schoolcare.domain.roster import RowProblem
from schoolcare.services.errors import ValidationError
from schoolcare.store.models import Pupil

ENROLLED = "enrolled"


@dataclass(frozen=True)
class Holder:
    pupil_id: int
    school_id: int
    name: str
    student_no: str


def holders(numbers: Iterable[str], excluding: Iterable[int] = ()) -> dict[str, Holder]:
    """The enrolled pupil of any school holding each of these numbers (one query per 500 numbers)."""
    wanted = sorted({n for n in numbers if n})
    skip = set(excluding)
    found: dict[str, Holder] = {}
    for start in range(0, len(wanted), 500):
        query = Pupil.select(Pupil.national_id, Pupil.id, Pupil.school, Pupil.name, Pupil.student_no).where(
            Pupil.national_id.in_(wanted[start:start + 500]) & (Pupil.status == ENROLLED)).order_by(Pupil.id)
        for number, pupil_id, school_id, name, student_no in query.tuples():
            if pupil_id not in skip:
                found.setdefault(number, Holder(pupil_id, school_id, name, student_no))
    return found


def refusal(actor: Actor, number: str, holder: Holder, field: str = "national_id") -> ValidationError:
    """Another enrolled pupil holds `number`: named when they are the actor's school's, else only that one does."""
    if holder.school_id == actor.school_id:
        return ValidationError("national_id.taken_here", field, national_id=number, name=holder.name,
                               student_no=holder.student_no)
    return ValidationError("national_id.taken_elsewhere", field, national_id=number)


def check_free(actor: Actor, number: str, pupil_id: int | None = None) -> None:
    """Refuse `number` for an enrolled pupil (`pupil_id`, None for a new one) when another enrolled pupil has it;
    call inside the write's transaction."""
    if not number:
        return
    holder = holders([number], [pupil_id] if pupil_id else []).get(number)
    if holder is not None:
        raise refusal(actor, number, holder)


def roster_clashes(actor: Actor, rows: list, existing: Mapping[str, Pupil],
                   header_of: Mapping[str, str]) -> tuple[list, list[RowProblem]]:
    """The import rows (roster_import._Row) whose number another enrolled pupil holds, or an earlier row of the same
    file, as rejected rows; the others are kept. A row's number is the cell, else the one on file (blank cells erase
    nothing), and counts only for a pupil who will be enrolled."""
    wanted: dict[int, str] = {}
    for row in rows:
        pupil = existing.get(str(row.pupil["student_no"]))
        number = row.pupil.get("national_id") or (pupil.national_id if pupil else "")
        status = row.pupil.get("status") or (pupil.status if pupil else ENROLLED)
        if number and status == ENROLLED and ("national_id" in row.pupil or "status" in row.pupil):
            wanted[row.number] = number
    if not wanted:
        return rows, []
    ids = [p.id for p in existing.values()]
    held = holders(wanted.values(), ids)
    # A pupil of this file holds a number only if the file leaves it with them: theirs on file counts otherwise.
    mine = {p.national_id: p for p in existing.values() if p.national_id and p.status == ENROLLED}
    kept, problems, first_row = [], [], {}
    column = header_of.get("national_id") or header_of.get("status", "")
    for row in rows:
        number = wanted.get(row.number)
        if number is None:
            kept.append(row)
            continue
        error = None
        if number in first_row:
            error = ValidationError("national_id.duplicate_in_file", "national_id", national_id=number,
                                    row=first_row[number])
        elif number in held:
            error = refusal(actor, number, held[number])
        elif number in mine and mine[number].student_no != str(row.pupil["student_no"]):
            holder = mine[number]
            error = refusal(actor, number, Holder(holder.id, holder.school_id, holder.name, holder.student_no))
        if error is None:
            first_row[number] = row.number
            kept.append(row)
        else:
            problems.append(RowProblem(row.number, column, "national_id", error.code, number,
                                       tuple(error.params.items())))
    return kept, problems
