"""Writing a planned roster import: rows prepared before the write lock is taken, then inserted in bulk inside it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from schoolcare.domain import clock
from schoolcare.domain.eligibility import ParentSituation, left_behind_verdict
from schoolcare.domain.roles import Actor
from schoolcare.services import audit
from schoolcare.services.bulk import insert_rows
from schoolcare.services.registry.pupils import settle_day_to_day
from schoolcare.services.registry.roster_columns import PUPIL_COLUMNS
from schoolcare.services.registry.roster_reading import PARENTS
from schoolcare.services.registry.search_keys import pinyin_of
from schoolcare.store.models import AuditEntry, Guardian, Pupil

PUPIL_FIELDS = tuple(c.key for c in PUPIL_COLUMNS if c.key not in ("grade", "class", "homeroom"))
# What a plan depends on is changed only through these, each change audited: a newer audit row of one of
# them means someone changed the school while the file was being read.
PLANNED_FROM = ("pupil", "guardian", "class", "staff", "care_assignment", "roster")


def stamp(school_id: int) -> int:
    """The newest audit row about pupils, families, classes or staff of the school (0 for none)."""
    return AuditEntry.select(fn.MAX(AuditEntry.id)).where(
        (AuditEntry.school == school_id) & AuditEntry.entity.in_(PLANNED_FROM)).scalar() or 0


def numbers_taken(school_id: int, numbers: list[str]) -> bool:
    """Whether any of these student numbers is in the school now (a pupil added meanwhile, even unaudited)."""
    return any(Pupil.select().where((Pupil.school == school_id) & Pupil.student_no.in_(numbers[i:i + 500])).exists()
               for i in range(0, len(numbers), 500))


def _plain(value: object) -> object:
    # The audit keeps JSON: a changed birth or enrolment date as its ISO text.
    return value.isoformat() if isinstance(value, dt.date) else value


def match_guardian(pupil: Pupil, group: str, values: dict[str, object]) -> Guardian | None:
    family: list[Guardian] = pupil.family  # type: ignore[attr-defined]
    if group in PARENTS:
        return next((g for g in family if g.relation == group), None)
    others = [g for g in family if g.relation not in PARENTS]
    return next((g for g in others if g.name == values.get("name")), None) or next(
        (g for g in others if g.entrusted), None)


def new_family(values_by_group: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Guardian rows for a new pupil: the guardian group is the day-to-day one, entrusted when both parents are away."""
    parents = {g: v for g, v in values_by_group.items() if g in PARENTS}
    both_away = all(parents.get(p, {}).get("away", p not in parents) for p in PARENTS)
    family = []
    for position, (group, values) in enumerate(values_by_group.items()):
        row = {"away": False, "capacity": "full", **values, "position": position}
        row["entrusted"] = group == "guardian" and bool(both_away)
        family.append(row)
    carer = next((r for r in family if r["relation"] not in PARENTS), None) or next(
        (r for r in family if not r["away"]), None)
    for row in family:
        row["day_to_day"] = row is carer
    return family


@dataclass
class NewPupil:
    """A pupil row to insert, worked out before the write lock (pinyin, family, left-behind verdict)."""

    record: dict[str, object]
    grade_class: tuple[int, int] | None
    family: list[dict[str, object]]


def prepare_creates(school_id: int, rows, today: dt.date) -> list[NewPupil]:
    prepared = []
    for row in rows:
        family = new_family(row.groups)
        parents = [ParentSituation(g["relation"], bool(g["away"]), str(g["capacity"]))
                   for g in family if g["relation"] in PARENTS]
        # A row without any guardian tells nothing about the parents: it is not called left-behind on no evidence.
        left_behind = bool(family) and left_behind_verdict(row.pupil["birth_date"], parents, today).left_behind
        pinyin, initials = pinyin_of(str(row.pupil["name"]))
        prepared.append(NewPupil({"school": school_id, "name_pinyin": pinyin, "name_initials": initials,
                                  "left_behind": left_behind, **row.pupil}, row.grade_class, family))
    return prepared


def write_creates(actor: Actor, prepared: list[NewPupil], classes: dict[tuple[int, int], int | None]) -> None:
    """Insert the prepared pupils, their families and their audit rows (inside the caller's transaction)."""
    if not prepared:
        return
    records = [{**p.record, "school_class": classes[p.grade_class] if p.grade_class else None} for p in prepared]
    insert_rows(Pupil, records)
    ids = {}
    numbers = [str(r["student_no"]) for r in records]
    for start in range(0, len(numbers), 500):
        ids.update(Pupil.select(Pupil.student_no, Pupil.id).where(
            (Pupil.school == actor.school_id) & Pupil.student_no.in_(numbers[start:start + 500])).tuples())
    guardian_rows, entries = [], []
    for record, new in zip(records, prepared, strict=True):
        pid = ids[str(record["student_no"])]
        guardian_rows.extend({**g, "pupil": pid} for g in new.family)
        entries.append(audit.entry(actor, "import", "pupil", pid, pupil_id=pid, changes={
            **{k: v for k, v in record.items() if k not in ("school", "school_class")},
            "guardians": [g["name"] for g in new.family],
        }))
    insert_rows(Guardian, guardian_rows)
    insert_rows(AuditEntry, entries)


def write_update(actor: Actor, row, classes: dict[tuple[int, int], int | None]) -> int:
    pupil = row.existing
    assert pupil is not None
    fields = {k: v for k, v, in ((c[0], c[2]) for c in row.changes) if k in PUPIL_FIELDS}
    if any(c[0] == "class" for c in row.changes) and row.grade_class:
        fields["school_class"] = classes[row.grade_class]
    if "name" in fields:
        fields["name_pinyin"], fields["name_initials"] = pinyin_of(str(fields["name"]))
    if fields:
        fields["updated_at"] = clock.now()
        Pupil.update(**fields).where(Pupil.id == pupil.id).execute()
    touched = {c[0].split(".")[0] for c in row.changes if c[0].split(".")[0] in row.groups}
    for group in touched:
        values = row.groups[group]
        guardian = match_guardian(pupil, group, values)
        if guardian is None:
            position = len(pupil.family)  # type: ignore[attr-defined]
            Guardian.create(pupil=pupil.id, position=position, **{"away": False, **values})
            settle_day_to_day(pupil.id, None)
        else:
            Guardian.update(**{k: v for k, v in values.items() if not (k == "relation" and v == "other")}).where(
                Guardian.id == guardian.id).execute()
    audit.record(actor, "import", "pupil", pupil.id, pupil_id=pupil.id,
                 changes={name: [_plain(old), _plain(new)] for name, old, new in row.changes})
    return pupil.id
