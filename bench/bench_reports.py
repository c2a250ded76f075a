"""The principal's term progress (current term and the previous one for the change), the term report and the
quarterly ledger, against the same figures asked of the database in hand-written SQL."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.harness import Figure
from bench.reference_sql import SOURCES, TODAY, applies, date_literal


class HandWritten:
    """The term progress's figures as plain SQL: one statement per rule and term, and the counts beside them."""

    def __init__(self, ds, term, postgres: bool):
        from schoolcare.domain.periods import bucket_base, counting_window, term_periods

        self.ds, self.term, self.pg = ds, term, postgres
        self.school = ds.principal.school_id
        self.statements, self.rules = [], []
        for rule in ds.settings.rules:
            periods = [p for p in term_periods(term, rule.period, holidays_count=rule.holidays_count)
                       if p.due and p.start <= TODAY]
            if periods:
                window = counting_window(ds.settings.calendar, term, rule)
                self.statements.append(self._rule_sql(rule, periods, window, bucket_base(term, rule.period)))
                self.rules.append(rule)
        self.statements += self._count_sql()

    def lit(self, day: dt.date) -> str:
        return date_literal(day, self.pg)

    def _bucket(self, period: str, base) -> str:
        if period == "week":
            if self.pg:
                return f"((r.date - {self.lit(base)}) / 7)"
            return f"(CAST(julianday(r.date) - julianday({self.lit(base)}) AS INTEGER) / 7)"
        if period == "month":
            if self.pg:
                year, month = "EXTRACT(YEAR FROM r.date)", "EXTRACT(MONTH FROM r.date)"
            else:
                year, month = "strftime('%Y', r.date)", "strftime('%m', r.date)"
            return f"(CAST({year} AS INTEGER) * 12 + CAST({month} AS INTEGER) - 1 - {base})"
        return "0"

    def _rule_sql(self, rule, periods, window, base) -> str:
        values = ", ".join(f"({p.index}, {self.lit(p.start)}, {self.lit(p.end)})" for p in periods)
        table, extra = SOURCES[rule.record]
        covered = applies(rule)
        present = f"(p.status = 'enrolled' OR p.left_on >= {self.lit(self.term.start)})"
        records = (f"FROM {table} r WHERE r.school_id = {self.school} AND NOT r.withdrawn {extra} "
                   f"AND r.date BETWEEN {self.lit(window[0])} AND {self.lit(window[1])}")
        if rule.subject == "pupil":
            return (
                f"WITH periods(idx, start_on, end_on) AS (VALUES {values}), "
                f"done AS (SELECT r.pupil_id AS subject, {self._bucket(rule.period, base)} AS idx, COUNT(*) AS n "
                f"{records} GROUP BY 1, 2) "
                "SELECT pe.idx, p.school_class_id, ca.teacher_id, COUNT(*), "
                f"SUM(CASE WHEN d.n >= {rule.at_least} THEN 1 ELSE 0 END) "
                "FROM pupil p JOIN periods pe ON (p.enrolled_on IS NULL OR p.enrolled_on <= pe.end_on) "
                "AND (p.left_on IS NULL OR p.left_on >= pe.start_on) "
                "LEFT JOIN done d ON d.subject = p.id AND d.idx = pe.idx "
                "LEFT JOIN care_assignment ca ON ca.pupil_id = p.id AND ca.start_on <= pe.end_on "
                "AND (ca.end_on IS NULL OR ca.end_on >= pe.end_on) "
                f"WHERE p.school_id = {self.school} AND {covered} AND {present} GROUP BY 1, 2, 3"
            )
        if rule.subject == "class":
            return (
                f"WITH periods(idx, start_on, end_on) AS (VALUES {values}), "
                f"done AS (SELECT r.school_class_id AS subject, {self._bucket(rule.period, base)} AS idx, "
                f"COUNT(*) AS n {records} GROUP BY 1, 2) "
                "SELECT pe.idx, c.id, c.homeroom_teacher_id, COUNT(*), "
                f"SUM(CASE WHEN d.n >= {rule.at_least} THEN 1 ELSE 0 END) "
                "FROM school_class c CROSS JOIN periods pe LEFT JOIN done d ON d.subject = c.id AND d.idx = pe.idx "
                f"WHERE c.school_id = {self.school} AND c.id IN (SELECT p.school_class_id FROM pupil p "
                f"WHERE p.school_id = {self.school} AND {covered} AND {present}) GROUP BY 1, 2, 3"
            )
        # The school owes from its first pupil's enrolment, as a class does: the engine asks its pupils too.
        return (f"SELECT (SELECT COUNT(*) {records}), (SELECT MIN(p.enrolled_on) FROM pupil p "
                f"WHERE p.school_id = {self.school} AND {covered} AND {present})")

    def _count_sql(self) -> list[str]:
        day, s = min(TODAY, self.term.end), self.school
        return [
            # coverage
            "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM care_assignment ca WHERE ca.pupil_id = p.id "
            "AND ca.end_on IS NULL) THEN 1 ELSE 0 END) FROM pupil p "
            f"WHERE p.school_id = {s} AND p.status = 'enrolled' AND p.left_behind",
            # hazards as they stood
            f"SELECT SUM(CASE WHEN closed_on IS NULL OR closed_on > {self.lit(day)} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN (closed_on IS NULL OR closed_on > {self.lit(day)}) AND deadline < {self.lit(day)} "
            f"THEN 1 ELSE 0 END) FROM hazard WHERE school_id = {s} AND found_on <= {self.lit(day)}",
            # open incidents
            f"SELECT COUNT(*) FROM incident WHERE school_id = {s} AND status = 'open'",
            # activities held
            "SELECT scope, COUNT(*), COUNT(DISTINCT school_class_id) FROM activity "
            f"WHERE school_id = {s} AND NOT withdrawn AND date BETWEEN {self.lit(self.term.start)} AND "
            f"{self.lit(day)} GROUP BY scope",
            # readiness: each room item's latest signed-off state
            "SELECT room_id, item, state FROM (SELECT i.room_id, it.item, it.state, ROW_NUMBER() OVER ("
            "PARTITION BY i.room_id, it.item ORDER BY i.signed_at DESC, i.id DESC) AS rank FROM inspection_item it "
            f"JOIN inspection i ON i.id = it.inspection_id WHERE i.school_id = {s} AND i.kind = 'room' "
            "AND i.signed_at IS NOT NULL AND it.state IS NOT NULL) ranked WHERE rank = 1",
        ]

    def run(self):
        from schoolcare.store.database import db

        return [db.execute_sql(sql).fetchall() for sql in self.statements]

    def agrees_with(self, progress) -> bool:
        """Whether the hand-written statements count the same due and done periods as the term progress."""
        results = self.run()
        # The statements end with the count queries (no rule of their own), so the rules run out first.
        for rule, rows in zip(self.rules, results, strict=False):
            figures = progress.rule(rule.id).figures
            if rule.subject == "school":
                found = (1, min(1, int(rows[0][0]) // rule.at_least))
            else:
                found = (sum(r[3] for r in rows), sum(r[4] or 0 for r in rows))
            if found != (figures.due, figures.done):
                return False
        return True


class HandLedger:
    """The quarterly ledger in hand-written SQL and plain Python: the pupils on the ledger and their guardians,
    the last submission up to the quarter, each pupil's entry compared with it (new, left, which fields
    changed), and the pupils who left as they are today. The same work as quarterly.ledger, no engine."""

    FIELDS = ("student_no", "name", "class", "status", "left_behind", "in_difficulty", "guardians")

    def __init__(self, school_id: int, quarter_label: str, as_of: dt.date, postgres: bool):
        self.school, self.quarter, self.pg = school_id, quarter_label, postgres
        self.as_of = date_literal(as_of, postgres)

    def _pupils(self, where: str) -> list[tuple]:
        from schoolcare.store.database import db

        return db.execute_sql(
            "SELECT p.id, p.student_no, p.name, p.gender, p.birth_date, p.status, p.left_behind, p.in_difficulty, "
            "p.address, c.name, t.name FROM pupil p LEFT JOIN school_class c ON c.id = p.school_class_id "
            "LEFT JOIN care_assignment ca ON ca.pupil_id = p.id AND ca.end_on IS NULL "
            f"LEFT JOIN staff t ON t.id = ca.teacher_id WHERE p.school_id = {self.school} AND {where} "
            "ORDER BY c.grade, c.number, p.student_no").fetchall()

    def run(self):
        import json

        from schoolcare.store.database import db

        on_ledger = ("(p.left_behind OR p.in_difficulty) AND p.status IN ('enrolled', 'dropped_out') "
                     f"AND (p.enrolled_on IS NULL OR p.enrolled_on <= {self.as_of})")
        rows = self._pupils(on_ledger)
        guardians: dict[int, list] = {}
        for g in db.execute_sql(
                "SELECT g.pupil_id, g.relation, g.name, g.phone, g.away, g.work_place, g.capacity, g.day_to_day, "
                f"g.entrusted FROM guardian g JOIN pupil p ON p.id = g.pupil_id WHERE p.school_id = {self.school} "
                f"AND {on_ledger} ORDER BY g.pupil_id, g.position, g.id").fetchall():
            guardians.setdefault(g[0], []).append([g[1], g[2], g[3] or "", bool(g[4]), g[5] or "", g[6] or "full",
                                                   bool(g[7]), bool(g[8])])
        base = db.execute_sql(
            f"SELECT snapshot FROM quarterly_submission WHERE school_id = {self.school} AND quarter <= "
            f"'{self.quarter}' ORDER BY quarter DESC, submitted_on DESC, id DESC LIMIT 1").fetchone()
        previous = json.loads(base[0] or "{}") if base else None
        current = {
            str(r[0]): {"student_no": r[1], "name": r[2], "class": r[9] or "", "status": r[5],
                        "left_behind": bool(r[6]), "in_difficulty": bool(r[7]),
                        "guardians": sorted(guardians.get(r[0], []), key=lambda v: (v[0], v[1], v[2]))}
            for r in rows}
        changes, left = {}, []
        if previous is not None:
            for key, entry in current.items():
                before = previous.get(key)
                if before is None:
                    changes[key] = ("new",)
                else:
                    changed = tuple(f for f in self.FIELDS if before.get(f) != entry.get(f))
                    if changed:
                        changes[key] = changed
            left = sorted(int(k) for k in previous.keys() - current.keys())
        gone = self._pupils(f"p.id IN ({', '.join(map(str, left))})") if left else []
        return rows, current, changes, gone


def _last_submission(ds) -> str:
    """Make sure the bench school has a submission to compare with: the last quarter's, as the ledger stood then
    with a few pupils since changed (a status, a guardian's phone), some new and some gone. Written once."""
    import json

    from schoolcare.services.reports import quarterly
    from schoolcare.store.models import QuarterlySubmission

    school = ds.coordinator.school_id
    found = QuarterlySubmission.select().where(QuarterlySubmission.school == school).count()
    if not found:
        snapshot = quarterly.ledger(ds.coordinator, today=TODAY).snapshot()
        for i, key in enumerate(sorted(snapshot, key=int)):
            entry = snapshot[key]
            if i % 40 == 0:
                entry["status"] = "transferred" if entry["status"] == "enrolled" else "enrolled"
            elif i % 25 == 0 and entry["guardians"]:
                entry["guardians"][0][2] = "13800000000"
            elif i % 33 == 0:
                del snapshot[key]  # new since
        for i in range(12):  # gone since (no longer in the registry)
            snapshot[str(10_000_000 + i)] = {"student_no": f"G{i}", "name": "已转出", "class": "", "status":
                                             "enrolled", "left_behind": True, "in_difficulty": False, "guardians": []}
        QuarterlySubmission.create(school=school, quarter="2026Q3", submitted_on=dt.date(2026, 9, 20),
                                   submitted_by=ds.coordinator.staff_id,
                                   snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True))
    return "2026Q3"


def figures(ds) -> list[Figure]:
    from schoolcare.services.reports import quarterly, term_report, term_sheets
    from schoolcare.store.database import is_sqlite
    from schoolcare.store.models import Pupil

    actor, settings = ds.principal, ds.settings
    term = settings.calendar.current_or_last(TODAY)
    previous = settings.calendar.previous(term)
    current_sql = HandWritten(ds, term, not is_sqlite())
    both_sql = [current_sql] + ([HandWritten(ds, previous, not is_sqlite())] if previous else [])
    progress = term_report.term_progress(actor, settings, today=TODAY)
    weakest = progress.classes[0]
    pupils = Pupil.select().where(Pupil.school == actor.school_id).count()
    out = Path(tempfile.mkdtemp()) / "term.xlsx"

    _last_submission(ds)
    quarter = quarterly.parse_quarter(None, TODAY)
    hand_ledger = HandLedger(actor.school_id, quarter.label, min(TODAY, quarter.end), not is_sqlite())
    ledger = quarterly.ledger(actor, today=TODAY)
    marked = sum(1 for row in ledger.rows if row.marks)

    where = f"{pupils} pupils" if pupils == ds.pupils else f"a school of {pupils} in {ds.pupils}"
    same = "due/done agree with the hand-written SQL" if current_sql.agrees_with(progress) else \
        "DUE/DONE DIFFER FROM THE HAND-WRITTEN SQL"
    return [
        Figure(f"term progress, this term only ({where})",
               lambda: term_report.term_progress(actor, settings, today=TODAY, compare=False),
               current_sql.run, "the same figures in hand-written SQL", note=same),
        Figure(f"term progress with last term's change ({where})",
               lambda: term_report.term_progress(actor, settings, today=TODAY),
               lambda: [h.run() for h in both_sql], "both terms in hand-written SQL"),
        Figure(f"pupils behind the weakest class ({weakest.name})",
               lambda: term_report.standings(actor, settings, class_id=weakest.id, today=TODAY)),
        Figure("term report workbook (9 sheets)",
               lambda: term_sheets.export(actor, settings, out, "xlsx", today=TODAY), repeat=3),
        Figure("quarterly ledger, marked against the last submission",
               lambda: quarterly.ledger(actor, today=TODAY), hand_ledger.run,
               "the same comparison in hand-written SQL",
               note=f"{len(ledger.rows)} rows, {marked} marked against {ledger.base.quarter if ledger.base else '-'}"),
    ]
