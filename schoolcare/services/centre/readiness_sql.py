"""Centres' readiness percentages for many schools in one statement: rooms.readiness's arithmetic as SQL.

The county home wants only each school's percentage (services/county/schools.py), for every school at once.
The checklist of every room kind (domain.readiness.room_checklist, with its order) goes into the statement as
a small VALUES list; each room item's latest signed-off state and the room's inventory are joined to it and
scored as item_score scores them; on PostgreSQL the sums run in checklist order, then in room order, so the
floating-point result is the one the school's own screen (rooms.readiness) adds up, to the last bit (on SQLite,
whose SUM rounds apart, Python adds the scored lines up).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from schoolcare.domain import readiness as rd
from schoolcare.domain.settings import CentreTemplate, Label, RoomKind
from schoolcare.services.care.rules_sql import Dialect
from schoolcare.store.database import db, is_sqlite

_OTHER = ""  # the checklist of a room whose kind the config has since dropped (rooms.kind_of: the six haves only)


def _checklist(centre: CentreTemplate, d: Dialect) -> tuple[str, str]:
    """(the VALUES list kind, ord, key, need; the SQL naming a room's checklist kind from `r.kind`)."""
    rows = []
    kinds = [*centre.room_kinds, RoomKind(_OTHER, Label(_OTHER, _OTHER), ())]
    for kind in kinds:
        lines = rd.room_checklist(kind, centre)
        for ord_, line in enumerate(lines):
            # item_score treats a need of 0 as no need (`if line.need`): it scores as a six-have does.
            need = d.literal(line.need) if line.need else d.null_int()
            rows.append(f"({d.literal(kind.id)}, {ord_}, {d.literal(line.key)}, {need})")
    known = ", ".join(d.literal(k.id) for k in centre.room_kinds)
    kind = f"CASE WHEN r.kind IN ({known}) THEN r.kind ELSE {d.literal(_OTHER)} END" if known else d.literal(_OTHER)
    return ", ".join(rows), kind


def _missing(centre: CentreTemplate, d: Dialect) -> str:
    """Per school (grouped rooms `r`): how many required room kinds it has no room of."""
    parts = [f"CASE WHEN SUM(CASE WHEN r.kind = {d.literal(k)} THEN 1 ELSE 0 END) = 0 THEN 1 ELSE 0 END"
             for k in centre.required_rooms]
    return " + ".join(parts) if parts else "0"


@lru_cache(maxsize=64)
def _items(centre: CentreTemplate, ids: tuple[int, ...], signed_before: dt.datetime | None, postgres: bool) -> str:
    """The common table expressions down to `items`: (school_id, room_id, kind, ord, value) for every line of
    every room's checklist, value as item_score scores it (NULL: not applicable)."""
    d = Dialect(postgres)
    values, kind = _checklist(centre, d)
    schools = ", ".join(str(int(i)) for i in ids)
    real = "DOUBLE PRECISION" if postgres else "REAL"
    least = "LEAST" if postgres else "MIN"
    before = ""
    if signed_before is not None:
        stamp = signed_before.isoformat(" ")
        before = f" AND i.signed_at < {'TIMESTAMP ' if postgres else ''}'{stamp}'"
    return (
        f"WITH checklist(kind, ord, item, need) AS (VALUES {values}),\n"
        "latest AS (SELECT room_id, item, state FROM (SELECT i.room_id, it.item, it.state, ROW_NUMBER() OVER "
        "(PARTITION BY i.room_id, it.item ORDER BY i.signed_at DESC, i.id DESC) AS rank FROM inspection_item it "
        f"JOIN inspection i ON i.id = it.inspection_id WHERE i.school_id IN ({schools}) "
        f"AND i.kind = {d.literal(rd.ROOM)} AND i.signed_at IS NOT NULL AND it.state IS NOT NULL{before}) ranked "
        "WHERE rank = 1),\n"
        "items AS (SELECT r.school_id, r.id AS room_id, r.kind, cl.ord, CASE "
        f"WHEN l.state = {d.literal(rd.NA)} THEN NULL "
        f"WHEN l.state IN ({d.literal(rd.MISSING)}, {d.literal(rd.BROKEN)}) THEN CAST(0 AS {real}) "
        f"WHEN cl.need IS NOT NULL THEN CAST({least}(COALESCE(e.count, 0), cl.need) AS {real}) / cl.need "
        f"WHEN l.state = {d.literal(rd.OK)} THEN CAST(1 AS {real}) ELSE CAST(0 AS {real}) END AS value "
        f"FROM room r LEFT JOIN checklist cl ON cl.kind = {kind} "
        "LEFT JOIN latest l ON l.room_id = r.id AND l.item = cl.item "
        "LEFT JOIN room_equipment e ON e.room_id = r.id AND e.item = cl.item "
        f"WHERE r.school_id IN ({schools}))\n"
    )


@lru_cache(maxsize=64)
def _percents(centre: CentreTemplate, ids: tuple[int, ...], signed_before: dt.datetime | None) -> str:
    """PostgreSQL: school → percent, the sums in the order Python adds them (score += value down the checklist,
    sum() over the rooms by id): an aggregate's ORDER BY feeds it its rows in that order, and PostgreSQL adds
    double precision one value at a time, where a bare SUM may add in any order and round apart."""
    d = Dialect(True)
    schools = ", ".join(str(int(i)) for i in ids)
    return (
        _items(centre, ids, signed_before, True).rstrip("\n") + ",\n"
        "rooms AS (SELECT school_id, room_id, CASE WHEN COUNT(value) > 0 THEN "
        "CAST(100 AS DOUBLE PRECISION) * SUM(value ORDER BY ord) / COUNT(value) END AS pct "
        "FROM items GROUP BY school_id, room_id),\n"
        "centres AS (SELECT school_id, SUM(pct ORDER BY room_id) AS total, COUNT(pct) AS n FROM rooms "
        "GROUP BY school_id),\n"
        f"missing AS (SELECT r.school_id, {_missing(centre, d)} AS n FROM room r "
        f"WHERE r.school_id IN ({schools}) GROUP BY r.school_id)\n"
        "SELECT c.school_id, CASE WHEN c.n + m.n > 0 THEN COALESCE(c.total, 0) / (c.n + m.n) END "
        "FROM centres c JOIN missing m ON m.school_id = c.school_id"
    )


def _added_up(centre: CentreTemplate, rows) -> dict[int, float | None]:
    """SQLite: the scored lines (school, room, kind, value) in school, room and checklist order, added up as
    domain.readiness adds them. SQLite's SUM compensates its rounding (Kahan-Babuska-Neumaier, since 3.43), so
    it can differ from Python's plain additions in the last bit."""
    rooms: dict[int, dict[int, list]] = {}
    kinds: dict[int, set[str]] = {}
    for school_id, room_id, kind, value in rows:
        rooms.setdefault(school_id, {}).setdefault(room_id, [0.0, 0])
        kinds.setdefault(school_id, set()).add(kind)
        if value is not None:
            tally = rooms[school_id][room_id]
            tally[0] += value
            tally[1] += 1
    found: dict[int, float | None] = {}
    for school_id, per_room in rooms.items():
        values = [100.0 * score / counted for score, counted in per_room.values() if counted]
        values += [0.0] * sum(k not in kinds[school_id] for k in centre.required_rooms)
        found[school_id] = sum(values) / len(values) if values else None
    return found


def percent_by_school(centre: CentreTemplate, ids: tuple[int, ...],
                      as_of: dt.date | None = None) -> dict[int, float | None]:
    """school id → its centre's readiness percentage (rooms.readiness(...).percent), one statement for all.

    `as_of` looks only at inspections signed by that day, as rooms.readiness does.
    """
    if not ids:
        return {}
    before = None if as_of is None else dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    if is_sqlite():
        sql = _items(centre, ids, before, False) + "SELECT school_id, room_id, kind, value FROM items " \
            "ORDER BY school_id, room_id, ord"
        found = _added_up(centre, db.execute_sql(sql).fetchall())
    else:
        found = {int(s): (None if p is None else float(p))
                 for s, p in db.execute_sql(_percents(centre, ids, before)).fetchall()}
    # A school with no room at all: each required kind missing counts 0% (none required: no figure).
    empty = 0.0 if centre.required_rooms else None
    return {s: found.get(s, empty) for s in ids}
