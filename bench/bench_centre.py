"""Care-centre readiness and the hazard ledger's counts, against the same questions asked in hand-written SQL."""
from __future__ import annotations

import datetime as dt

from bench.harness import Figure

# The latest signed-off state of every room item, in one statement: what services.centre.latest_checks builds.
LATEST_SQL = """
SELECT room_id, item, state FROM (
  SELECT i.room_id, it.item, it.state,
         ROW_NUMBER() OVER (PARTITION BY i.room_id, it.item ORDER BY i.signed_at DESC, i.id DESC) AS rank
  FROM inspection_item it JOIN inspection i ON i.id = it.inspection_id
  WHERE i.school_id = {p} AND i.kind = 'room' AND i.signed_at IS NOT NULL AND it.state IS NOT NULL
) ranked WHERE rank = 1
"""
HAZARD_SQL = """
SELECT SUM(CASE WHEN closed_on IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on IS NULL AND deadline < {p} THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END)
FROM hazard WHERE school_id = {p}
"""


def figures(ds) -> list[Figure]:
    from schoolcare.services.centre import hazards
    from schoolcare.services.centre import rooms as centre
    from schoolcare.store.database import db, is_sqlite

    actor = ds.principal
    today = dt.date(2026, 11, 28)
    p = "?" if is_sqlite() else "%s"

    def raw_latest():
        return db.execute_sql(LATEST_SQL.format(p=p), (actor.school_id,)).fetchall()

    def raw_hazards():
        sql = HAZARD_SQL.replace("deadline < {p}", f"deadline < {p}").format(p=p)
        return db.execute_sql(sql, (today.isoformat() if is_sqlite() else today, actor.school_id)).fetchall()

    rooms = len(centre.list_rooms(actor, ds.settings))
    return [
        Figure("centre readiness (rooms, items, inventory)", lambda: centre.readiness(actor, ds.settings),
               raw_latest, "latest item states in raw SQL", note=f"{rooms} rooms"),
        Figure("hazard ledger counts", lambda: hazards.summary(actor, today), raw_hazards, "the counts in raw SQL"),
        Figure("hazard ledger, every row", lambda: hazards.list_hazards(actor, ds.settings, "all", today=today)),
    ]
