"""The county's figures as hand-written county-wide SQL: one statement per figure over every school at once,
grouped by school (what a developer would write by hand to answer each of them), for bench_county.py. Written
apart from services/county/schools.py and the engine on purpose, as reference_sql.py is."""
from __future__ import annotations

import datetime as dt

from bench.bench_reports import HandWritten
from bench.reference_sql import SOURCES, TODAY, applies


class CountySQL:
    """One statement per county figure for the schools `ids`, on `term` as of TODAY."""

    def __init__(self, settings, term, ids: list[int], postgres: bool) -> None:
        self.settings, self.term, self.pg = settings, term, postgres
        self.ids = ", ".join(str(i) for i in ids)
        self.day = min(TODAY, term.end)

    # Date literals and period buckets exactly as the term report's hand-written SQL writes them.
    lit = HandWritten.lit
    _bucket = HandWritten._bucket

    def present(self) -> str:
        """Pupil `p` was here during the term: enrolled by its end, still enrolled or left after its start."""
        return (f"(p.enrolled_on IS NULL OR p.enrolled_on <= {self.lit(self.term.end)}) AND "
                f"(p.status = 'enrolled' OR p.left_on > {self.lit(self.term.start)})")

    def rule(self, rule) -> str | None:
        """(school, period, owed, met) for one rule over every school: the subject-periods and those met."""
        from schoolcare.domain.periods import bucket_base, counting_window, term_periods

        periods = [p for p in term_periods(self.term, rule.period, holidays_count=rule.holidays_count)
                   if p.due and p.start <= TODAY]
        if not periods:
            return None
        window = counting_window(self.settings.calendar, self.term, rule)
        base = bucket_base(self.term, rule.period)
        values = ", ".join(f"({p.index}, {self.lit(p.start)}, {self.lit(p.end)})" for p in periods)
        table, extra = SOURCES[rule.record]
        covered = applies(rule)
        present = self.present()
        records = (f"FROM {table} r WHERE r.school_id IN ({self.ids}) AND NOT r.withdrawn {extra} "
                   f"AND r.date BETWEEN {self.lit(window[0])} AND {self.lit(window[1])}")
        if rule.subject == "pupil":
            return (
                f"WITH periods(idx, start_on, end_on) AS (VALUES {values}), "
                f"done AS (SELECT r.pupil_id AS subject, {self._bucket(rule.period, base)} AS idx, COUNT(*) AS n "
                f"{records} GROUP BY 1, 2) "
                f"SELECT p.school_id, pe.idx, COUNT(*), SUM(CASE WHEN d.n >= {rule.at_least} THEN 1 ELSE 0 END) "
                "FROM pupil p JOIN periods pe ON (p.enrolled_on IS NULL OR p.enrolled_on <= pe.end_on) "
                "AND (p.left_on IS NULL OR p.left_on > pe.start_on) "
                "LEFT JOIN done d ON d.subject = p.id AND d.idx = pe.idx "
                f"WHERE p.school_id IN ({self.ids}) AND {covered} AND {present} GROUP BY 1, 2"
            )
        if rule.subject == "class":
            # A class owes from its first pupil's enrolment (any undated pupil: from always).
            return (
                f"WITH periods(idx, start_on, end_on) AS (VALUES {values}), "
                f"done AS (SELECT r.school_class_id AS subject, {self._bucket(rule.period, base)} AS idx, "
                f"COUNT(*) AS n {records} GROUP BY 1, 2), "
                "classes AS (SELECT p.school_class_id AS id, CASE WHEN COUNT(*) > COUNT(p.enrolled_on) THEN NULL "
                f"ELSE MIN(p.enrolled_on) END AS since FROM pupil p WHERE p.school_id IN ({self.ids}) AND {covered} "
                f"AND {present} GROUP BY 1) "
                f"SELECT c.school_id, pe.idx, COUNT(*), SUM(CASE WHEN d.n >= {rule.at_least} THEN 1 ELSE 0 END) "
                "FROM school_class c JOIN classes k ON k.id = c.id "
                "JOIN periods pe ON k.since IS NULL OR k.since <= pe.end_on "
                "LEFT JOIN done d ON d.subject = c.id AND d.idx = pe.idx "
                f"WHERE c.school_id IN ({self.ids}) GROUP BY 1, 2"
            )
        # The school owes its own activities as a class does: from its first pupil's enrolment (any undated
        # pupil: from always), so a school with no pupils in the term owes nothing.
        return (
            f"WITH periods(idx, start_on, end_on) AS (VALUES {values}), "
            f"done AS (SELECT r.school_id AS subject, {self._bucket(rule.period, base)} AS idx, "
            f"COUNT(*) AS n {records} GROUP BY 1, 2), "
            "schools AS (SELECT p.school_id AS id, CASE WHEN COUNT(*) > COUNT(p.enrolled_on) THEN NULL "
            f"ELSE MIN(p.enrolled_on) END AS since FROM pupil p WHERE p.school_id IN ({self.ids}) AND {covered} "
            f"AND {present} GROUP BY 1) "
            f"SELECT k.id, pe.idx, COUNT(*), SUM(CASE WHEN d.n >= {rule.at_least} THEN 1 ELSE 0 END) "
            "FROM schools k JOIN periods pe ON k.since IS NULL OR k.since <= pe.end_on "
            "LEFT JOIN done d ON d.subject = k.id AND d.idx = pe.idx GROUP BY 1, 2"
        )

    def counts(self) -> dict[str, str]:
        """The other figures, each one statement grouped by school."""
        day, s = self.lit(self.day), self.ids
        start = self.lit(self.term.start)

        def stamp(day: dt.date) -> str:
            return f"TIMESTAMP '{day.isoformat()} 00:00:00'" if self.pg else f"'{day.isoformat()} 00:00:00'"

        moment, begun = stamp(self.day + dt.timedelta(days=1)), stamp(self.term.start)
        return {
            "coverage": "SELECT p.school_id, SUM(CASE WHEN p.status = 'enrolled' THEN 1 ELSE 0 END), "
                        "SUM(CASE WHEN p.status = 'enrolled' AND p.left_behind THEN 1 ELSE 0 END), "
                        "SUM(CASE WHEN p.status = 'enrolled' AND p.left_behind AND EXISTS (SELECT 1 FROM "
                        "care_assignment ca WHERE ca.pupil_id = p.id AND ca.end_on IS NULL) THEN 1 ELSE 0 END) "
                        f"FROM pupil p WHERE p.school_id IN ({s}) GROUP BY 1",
            # activities held and the term's classes (those its pupils were in), as the term report counts them
            "activities": "WITH a AS (SELECT school_id, SUM(CASE WHEN scope = 'class' THEN 1 ELSE 0 END) AS cl, "
                          "SUM(CASE WHEN scope = 'school' THEN 1 ELSE 0 END) AS sc, COUNT(DISTINCT school_class_id) "
                          f"AS act FROM activity WHERE school_id IN ({s}) AND NOT withdrawn AND date BETWEEN "
                          f"{self.lit(self.term.start)} AND {day} GROUP BY 1), c AS (SELECT p.school_id, "
                          "COUNT(DISTINCT p.school_class_id) AS n FROM pupil p WHERE "
                          f"p.school_id IN ({s}) AND {self.present()} GROUP BY 1) "
                          "SELECT c.school_id, a.cl, a.sc, a.act, c.n FROM c LEFT JOIN a ON a.school_id = c.school_id",
            # open and overdue on the day, found and closed during the term (the term report's four)
            "hazards": f"SELECT school_id, SUM(CASE WHEN closed_on IS NULL OR closed_on > {day} THEN 1 ELSE 0 END), "
                       f"SUM(CASE WHEN (closed_on IS NULL OR closed_on > {day}) AND deadline < {day} THEN 1 ELSE 0 "
                       f"END), SUM(CASE WHEN found_on >= {start} THEN 1 ELSE 0 END), "
                       f"SUM(CASE WHEN closed_on BETWEEN {start} AND {day} THEN 1 ELSE 0 END) "
                       f"FROM hazard WHERE school_id IN ({s}) AND found_on <= {day} GROUP BY 1",
            # open on the day, recorded and closed during the term, open with the mandatory report overdue
            "incidents": f"SELECT i.school_id, SUM(CASE WHEN (i.status = 'open' OR i.closed_on > {day}) "
                         f"AND i.occurred_at < {moment} THEN 1 ELSE 0 END), "
                         f"SUM(CASE WHEN i.occurred_at >= {begun} AND i.occurred_at < {moment} THEN 1 ELSE 0 END), "
                         f"SUM(CASE WHEN i.closed_on BETWEEN {start} AND {day} AND i.occurred_at < {moment} "
                         "THEN 1 ELSE 0 END), "
                         f"SUM(CASE WHEN (i.status = 'open' OR i.closed_on > {day}) AND i.report_due_at < {moment} "
                         "AND NOT EXISTS (SELECT 1 FROM incident_report r WHERE r.incident_id = i.id "
                         f"AND r.reported_at < {moment}) THEN 1 ELSE 0 END) "
                         f"FROM incident i WHERE i.school_id IN ({s}) GROUP BY 1",
            # each school's readiness: every room's checklist scored item by item, the rooms' mean with each
            # required room it lacks counting 0% (domain/readiness.py), grouped by room then by school
            "readiness": self.readiness(),
            "dropouts": "SELECT c.school_id, c.id, c.opened_on, c.registered_on, c.report_sent_on, "
                        "(SELECT COUNT(*) FROM persuasion_attempt a WHERE a.case_id = c.id) FROM dropout_case c "
                        f"WHERE c.school_id IN ({s}) AND c.closed_on IS NULL",
            "quarterly": "SELECT school_id, MIN(submitted_on) FROM quarterly_submission "
                         f"WHERE school_id IN ({s}) AND quarter = '{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}' "
                         "GROUP BY 1",
        }

    def readiness(self) -> str:
        from schoolcare.domain import readiness as rd

        centre, s = self.settings.centre, self.ids
        real = "DOUBLE PRECISION" if self.pg else "REAL"
        least = "LEAST" if self.pg else "MIN"
        lines = ", ".join(f"('{kind.id}', '{line.key}', {line.need or 'NULL'})" for kind in centre.room_kinds
                          for line in rd.room_checklist(kind, centre))
        required = " + ".join(f"CASE WHEN SUM(CASE WHEN kind = '{k}' THEN 1 ELSE 0 END) = 0 THEN 1 ELSE 0 END"
                              for k in centre.required_rooms) or "0"
        return (
            f"WITH checklist(kind, item, need) AS (VALUES {lines}), "
            "latest AS (SELECT room_id, item, state FROM (SELECT i.room_id, it.item, it.state, ROW_NUMBER() OVER "
            "(PARTITION BY i.room_id, it.item ORDER BY i.signed_at DESC, i.id DESC) AS rank FROM inspection_item it "
            f"JOIN inspection i ON i.id = it.inspection_id WHERE i.school_id IN ({s}) AND i.kind = 'room' "
            "AND i.signed_at IS NOT NULL AND it.state IS NOT NULL) ranked WHERE rank = 1), "
            "rooms AS (SELECT r.school_id, r.id, 100 * SUM(CASE WHEN l.state = 'na' THEN NULL "
            f"WHEN l.state IN ('missing', 'broken') THEN 0 WHEN c.need IS NOT NULL THEN "
            f"CAST({least}(COALESCE(e.count, 0), c.need) AS {real}) / c.need WHEN l.state = 'ok' THEN 1 ELSE 0 END) "
            "/ NULLIF(COUNT(CASE WHEN l.state = 'na' THEN NULL ELSE 1 END), 0) AS pct "
            "FROM room r JOIN checklist c ON c.kind = r.kind "
            "LEFT JOIN latest l ON l.room_id = r.id AND l.item = c.item "
            "LEFT JOIN room_equipment e ON e.room_id = r.id AND e.item = c.item "
            f"WHERE r.school_id IN ({s}) GROUP BY r.school_id, r.id), "
            f"missing AS (SELECT school_id, {required} AS n FROM room WHERE school_id IN ({s}) GROUP BY school_id) "
            "SELECT r.school_id, SUM(r.pct) / (COUNT(r.pct) + MAX(m.n)) FROM rooms r "
            "JOIN missing m ON m.school_id = r.school_id GROUP BY r.school_id"
        )
