"""Writing a planned roster import: rows prepared before the write lock is taken, then written in bulk inside it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.services import audit
from schoolcare.services.bulk import insert_rows, update_rows
from schoolcare.services.registry.pupils import settle_day_to_day
from schoolcare.services.registry.roster_columns import PUPIL_COLUMNS
from schoolcare.services.registry.roster_reading import PARENTS
from schoolcare.services.registry.search_keys import class_name, pinyin_of
from schoolcare.store.models import AuditEntry, Guardian, Pupil, SchoolClass

BY_ID_LIMIT = 1000  # ids in one IN list: far under SQLite's variable limit, and cheap for peewee to build
PUPIL_FIELDS = tuple(c.key for c in PUPIL_COLUMNS if c.key not in ("grade", "class", "homeroom"))
# What a plan depends on is changed only through these, each change audited: a newer audit row of one of
# them means someone changed the school while the file was being read.
PLANNED_FROM = ("pupil", "guardian", "class", "staff", "care_assignment", "roster")


def stamp(school_id: int) -> int:
    """The newest audit row about pupils, families, classes or staff of the school (0 for none)."""
    return AuditEntry.select(fn.MAX(AuditEntry.id)).where(
        (AuditEntry.school == school_id) & AuditEntry.entity.in_(PLANNED_FROM)).scalar() or 0


def school_numbers(school_id: int) -> dict[str, int]:
    """Every student number in the school, with its pupil's id: one query, where IN lists of a roster's 2,000
    numbers took eight (and peewee's building of them cost more than running them)."""
    return dict(Pupil.select(Pupil.student_no, Pupil.id).where(Pupil.school == school_id).tuples())


def numbers_taken(school_id: int, numbers: list[str]) -> bool:
    """Whether any of these student numbers is in the school now (a pupil added meanwhile, even unaudited)."""
    held = school_numbers(school_id)
    return any(n in held for n in numbers)


def on_record(school_id: int, numbers: list[str]) -> dict[str, Pupil]:
    """The school's pupils with these student numbers, each with `family`: their guardians in order."""
    held = school_numbers(school_id)
    ids = [held[n] for n in dict.fromkeys(numbers) if n in held]
    if not ids:
        return {}
    if 2 * len(ids) >= len(held):  # most of the school (a re-import): the whole school, without IN lists
        chunks = [(Pupil.school == school_id, Guardian.pupil.in_(Pupil.select(Pupil.id).where(Pupil.school == school_id)))]
    else:  # a few pupils; IN lists kept well under SQLite's variable limit
        chunks = [(Pupil.id.in_(ids[i:i + 500]), Guardian.pupil.in_(ids[i:i + 500])) for i in range(0, len(ids), 500)]
    wanted = set(ids)
    found: dict[str, Pupil] = {}
    families: dict[int, list[Guardian]] = {}
    for pupils_where, guardians_where in chunks:
        for pupil in Pupil.select().where(pupils_where):
            if pupil.id in wanted:
                found[pupil.student_no] = pupil
        for guardian in Guardian.select().where(guardians_where).order_by(Guardian.position, Guardian.id):
            families.setdefault(guardian.pupil_id, []).append(guardian)
    for pupil in found.values():
        pupil.family = families.get(pupil.id, [])  # type: ignore[attr-defined]
    return found


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


def prepare_creates(school_id: int, rows) -> list[NewPupil]:
    """The rows to create as pupil records; each is left-behind as the plan (and its preview) worked out from the
    row's parents (a row without any guardian tells nothing about them: not left-behind on no evidence)."""
    prepared = []
    for row in rows:
        pinyin, initials = pinyin_of(str(row.pupil["name"]))
        prepared.append(NewPupil({"school": school_id, "name_pinyin": pinyin, "name_initials": initials,
                                  "left_behind": bool(row.left_behind), **row.pupil}, row.grade_class,
                                 new_family(row.groups)))
    return prepared


def create_classes(actor: Actor, classes: dict[tuple[int, int], int | None]) -> None:
    """Create the classes the plan names but the school lacks (id None), each audited; fills in their ids."""
    new = sorted(key for key, class_id in classes.items() if class_id is None)
    if not new:
        return
    insert_rows(SchoolClass, [{"school": actor.school_id, "grade": grade, "number": number,
                               "name": class_name(grade, number)} for grade, number in new])
    ids = {(grade, number): class_id for grade, number, class_id in SchoolClass.select(
        SchoolClass.grade, SchoolClass.number, SchoolClass.id).where(SchoolClass.school == actor.school_id).tuples()}
    insert_rows(AuditEntry, [audit.entry(actor, "create", "class", ids[key], changes={"name": class_name(*key)})
                             for key in new])
    classes.update((key, ids[key]) for key in new)


def write_creates(actor: Actor, prepared: list[NewPupil], classes: dict[tuple[int, int], int | None]) -> set[int]:
    """Insert the prepared pupils, their families and their audit rows (inside the caller's transaction); returns
    the new pupils' ids."""
    if not prepared:
        return set()
    records = [{**p.record, "school_class": classes[p.grade_class] if p.grade_class else None} for p in prepared]

    def audit_rows() -> list[dict[str, object]]:
        # Each pupil's audit row but for its id, made while PostgreSQL takes the pupils (its JSON is the costly part).
        return [audit.entry(actor, "import", "pupil", None, changes={
            **{k: v for k, v in record.items() if k not in ("school", "school_class")},
            "guardians": [g["name"] for g in new.family],
        }) for record, new in zip(records, prepared, strict=True)]

    entries = insert_rows(Pupil, records, meanwhile=audit_rows) or []
    ids = school_numbers(actor.school_id)
    guardian_rows = []
    for record, new, entry in zip(records, prepared, entries, strict=True):
        pid = entry["entity_id"] = entry["pupil"] = ids[str(record["student_no"])]
        guardian_rows.extend({**g, "pupil": pid} for g in new.family)
    insert_rows(Guardian, guardian_rows)
    insert_rows(AuditEntry, entries)
    return {ids[str(record["student_no"])] for record in records}


def to_derive_again(school_id: int, created: set[int]) -> list[int] | None:
    """The pupils whose left-behind flag an import derives again (None: the whole school, so that pupils who have
    turned 16 since the last import stop counting too) — all but those it created, whose flag was derived from the
    same guardians and age a moment ago (the plan's verdict) and would not change. By id while they are fewer than
    the new pupils (and few enough for one IN list), else the whole school: two queries either way."""
    if not created:
        return None
    others = [pupil_id for pupil_id in school_numbers(school_id).values() if pupil_id not in created]
    return others if len(others) <= min(len(created), BY_ID_LIMIT) else None


def write_updates(actor: Actor, rows: list, classes: dict[tuple[int, int], int | None]) -> None:
    """Write the changed rows of a re-import (inside the caller's transaction): pupils and guardians updated with
    one statement for each set of fields changed, one audit row a pupil, in one batch; a guardian new to the school
    is added after the updates, one by one, and the pupil's day-to-day guardian settled again."""
    pupils, guardians, added, entries = [], [], [], []
    now = clock.now()
    for row in rows:
        pupil = row.existing
        assert pupil is not None
        fields = {k: v for k, v, in ((c[0], c[2]) for c in row.changes) if k in PUPIL_FIELDS}
        if any(c[0] == "class" for c in row.changes) and row.grade_class:
            fields["school_class"] = classes[row.grade_class]
        if "name" in fields:
            fields["name_pinyin"], fields["name_initials"] = pinyin_of(str(fields["name"]))
        if fields:
            pupils.append({"id": pupil.id, **fields, "updated_at": now})
        touched = {c[0].split(".")[0] for c in row.changes if c[0].split(".")[0] in row.groups}
        for group in sorted(touched):
            values = row.groups[group]
            guardian = match_guardian(pupil, group, values)
            if guardian is None:
                added.append((pupil, values))
            else:
                guardians.append({"id": guardian.id,
                                  **{k: v for k, v in values.items() if not (k == "relation" and v == "other")}})
        entries.append(audit.entry(actor, "import", "pupil", pupil.id, pupil_id=pupil.id,
                                   changes={name: [_plain(old), _plain(new)] for name, old, new in row.changes}))
    update_rows(Pupil, pupils)
    update_rows(Guardian, guardians)
    for pupil, values in added:
        position = len(pupil.family)  # type: ignore[attr-defined]
        Guardian.create(pupil=pupil.id, position=position, **{"away": False, **values})
        settle_day_to_day(pupil.id, None)
    insert_rows(AuditEntry, entries)
