"""The care rhythm's engine — a whole school's term compliance, a teacher's week, the overdue lists — each against
the same figures computed by one hand-written SQL query per rule, run directly on the database."""
from __future__ import annotations

import datetime as dt

from bench.harness import Figure
from bench.reference_sql import SOURCES, TODAY, applies, date_literal


class Direct:
    """Hand-written SQL for one rule over the current term: literals inlined, no engine, no peewee."""

    def __init__(self, ds, rule, postgres: bool):
        from schoolcare.domain.periods import plan

        self.pg, self.rule = postgres, rule
        self.term = ds.settings.calendar.current_or_last(TODAY)
        self.plan = plan(ds.settings.calendar, self.term, rule, TODAY)
        self.school = ds.coordinator.school_id
        self.periods = self.plan.due_periods

    def lit(self, day: dt.date) -> str:
        return date_literal(day, self.pg)

    def bucket(self) -> str:
        from schoolcare.domain.periods import bucket_base

        base = bucket_base(self.term, self.rule.period)
        if self.rule.period == "week":
            if self.pg:
                return f"((r.date - {self.lit(base)}) / 7)"
            return f"(CAST(julianday(r.date) - julianday({self.lit(base)}) AS INTEGER) / 7)"
        if self.rule.period == "month":
            if self.pg:
                return f"(CAST(EXTRACT(YEAR FROM r.date) * 12 + EXTRACT(MONTH FROM r.date) AS INTEGER) - 1 - {base})"
            return f"(CAST(strftime('%Y', r.date) AS INTEGER) * 12 + CAST(strftime('%m', r.date) AS INTEGER) - 1 - {base})"
        return "0"

    def values(self) -> str:
        return ", ".join(f"({p.index}, {self.lit(p.start)}, {self.lit(p.end)}, {self.lit(min(p.end, TODAY))})"
                         for p in self.periods)

    def done(self, subject: str, only: str = "") -> str:
        table, extra = SOURCES[self.rule.record]
        start, end = self.plan.window
        # A few pupils' records are best read through the (pupil, date) index: no school condition then.
        school = "" if only else f"r.school_id = {self.school} AND"
        return (f"done AS (SELECT {subject} AS subject, {self.bucket()} AS idx, COUNT(*) AS n, MAX(r.date) AS last_on "
                f"FROM {table} r WHERE {school} NOT r.withdrawn {extra} {only} "
                f"AND r.date BETWEEN {self.lit(start)} AND {self.lit(end)} GROUP BY 1, 2)")

    @staticmethod
    def teachers_pupils(teacher_id: int) -> str:
        return (f"(SELECT pupil_id FROM care_assignment WHERE teacher_id = {teacher_id} AND end_on IS NULL "
                f"UNION SELECT p2.id FROM pupil p2 JOIN school_class c2 ON c2.id = p2.school_class_id "
                f"WHERE c2.homeroom_teacher_id = {teacher_id})")

    def class_standing_sql(self, teacher_id: int) -> str:
        """The class rule for the class a teacher leads: this month's and last month's count, months missed."""
        need = self.rule.at_least
        cur = self.plan.current.index if self.plan.current else -1
        prev = self.plan.previous.index if self.plan.previous else -1
        ended = max((p.index for p in self.periods if p.end < TODAY), default=-1)
        return (
            f"WITH periods(idx, start_on, end_on, resp_on) AS (VALUES {self.values()}), "
            f"{self.done('r.school_class_id', f'AND r.school_class_id IN (SELECT id FROM school_class WHERE homeroom_teacher_id = {teacher_id})')} "
            f"SELECT c.id, c.name, MAX(CASE WHEN pe.idx = {cur} THEN COALESCE(d.n, 0) END), "
            f"MAX(CASE WHEN pe.idx = {prev} THEN COALESCE(d.n, 0) END), "
            f"SUM(CASE WHEN pe.idx <= {ended} AND COALESCE(d.n, 0) < {need} THEN 1 ELSE 0 END), MAX(d.last_on) "
            "FROM school_class c CROSS JOIN periods pe LEFT JOIN done d ON d.subject = c.id AND d.idx = pe.idx "
            f"WHERE c.school_id = {self.school} AND c.homeroom_teacher_id = {teacher_id} GROUP BY c.id, c.name"
        )

    def pupils(self, extra: str = "") -> str:
        present = f"(p.status = 'enrolled' OR p.left_on >= {self.lit(self.term.start)})"
        return f"p.school_id = {self.school} AND {applies(self.rule)} AND {present} {extra}"

    def figures_sql(self) -> str:
        """(period, class, teacher, owed, met) for the whole school: what the term figures are summed from."""
        need = self.rule.at_least
        if self.rule.subject == "pupil":
            return (
                f"WITH periods(idx, start_on, end_on, resp_on) AS (VALUES {self.values()}), {self.done('r.pupil_id')} "
                f"SELECT pe.idx, p.school_class_id, ca.teacher_id, COUNT(*), SUM(CASE WHEN d.n >= {need} THEN 1 ELSE 0 END) "
                "FROM pupil p JOIN periods pe ON (p.enrolled_on IS NULL OR p.enrolled_on <= pe.end_on) "
                "AND (p.left_on IS NULL OR p.left_on >= pe.start_on) "
                "LEFT JOIN done d ON d.subject = p.id AND d.idx = pe.idx "
                "LEFT JOIN care_assignment ca ON ca.pupil_id = p.id AND ca.start_on <= pe.resp_on "
                "AND (ca.end_on IS NULL OR ca.end_on > pe.resp_on) "
                f"WHERE {self.pupils()} GROUP BY 1, 2, 3"
            )
        if self.rule.subject == "class":
            return (
                f"WITH periods(idx, start_on, end_on, resp_on) AS (VALUES {self.values()}), "
                f"{self.done('r.school_class_id')} "
                f"SELECT pe.idx, c.id, c.homeroom_teacher_id, COUNT(*), SUM(CASE WHEN d.n >= {need} THEN 1 ELSE 0 END) "
                "FROM school_class c CROSS JOIN periods pe LEFT JOIN done d ON d.subject = c.id AND d.idx = pe.idx "
                f"WHERE c.school_id = {self.school} AND c.id IN (SELECT p.school_class_id FROM pupil p "
                f"WHERE {self.pupils()}) GROUP BY 1, 2, 3"
            )
        table, extra = SOURCES[self.rule.record]
        return (f"SELECT COUNT(*) FROM {table} r WHERE r.school_id = {self.school} AND NOT r.withdrawn {extra} "
                f"AND r.date BETWEEN {self.lit(self.plan.window[0])} AND {self.lit(self.plan.window[1])}")

    def standing_sql(self, *, teacher_id: int | None = None, only_overdue: bool = False) -> str | None:
        """One row per pupil: this period's and last period's count, periods owed and missed, last record."""
        if self.rule.subject != "pupil":
            return None
        need = self.rule.at_least
        cur = self.plan.current.index if self.plan.current else -1
        prev = self.plan.previous.index if self.plan.previous else -1
        started = max((p.index for p in self.periods if p.start <= TODAY), default=-1)
        ended = max((p.index for p in self.periods if p.end < TODAY), default=-1)
        mine = only = ""
        if teacher_id is not None:
            mine = f"AND p.id IN {self.teachers_pupils(teacher_id)}"
            only = f"AND r.pupil_id IN {self.teachers_pupils(teacher_id)}"
        having = f"HAVING COALESCE(MAX(CASE WHEN pe.idx = {cur} THEN d.n END), 0) < {need} " \
                 f"AND MAX(CASE WHEN pe.idx = {prev} THEN COALESCE(d.n, 0) END) < {need}" if only_overdue else ""
        return (
            f"WITH periods(idx, start_on, end_on, resp_on) AS (VALUES {self.values()}), {self.done('r.pupil_id', only)} "
            "SELECT p.id, p.name, p.student_no, c.name, t.name, "
            f"MAX(CASE WHEN pe.idx = {cur} THEN COALESCE(d.n, 0) END), "
            f"MAX(CASE WHEN pe.idx = {prev} THEN COALESCE(d.n, 0) END), "
            f"SUM(CASE WHEN pe.idx <= {started} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN pe.idx <= {ended} AND COALESCE(d.n, 0) < {need} THEN 1 ELSE 0 END), MAX(d.last_on) "
            "FROM pupil p JOIN periods pe ON (p.enrolled_on IS NULL OR p.enrolled_on <= pe.end_on) "
            "AND (p.left_on IS NULL OR p.left_on >= pe.start_on) "
            "LEFT JOIN done d ON d.subject = p.id AND d.idx = pe.idx "
            "LEFT JOIN school_class c ON c.id = p.school_class_id "
            "LEFT JOIN care_assignment ca ON ca.pupil_id = p.id AND ca.end_on IS NULL "
            "LEFT JOIN staff t ON t.id = ca.teacher_id "
            f"WHERE {self.pupils(mine)} GROUP BY p.id, p.name, p.student_no, c.name, t.name {having}"
        )


    def overdue_sql(self) -> str | None:
        """The pupils overdue now, in the engine's shape: one query per rule, grouped per pupil first (this
        period's and last period's count, periods owed and missed, last record), names joined after."""
        if self.rule.subject != "pupil":
            return None
        need = self.rule.at_least
        cur = self.plan.current.index if self.plan.current else -1
        prev = self.plan.previous.index if self.plan.previous else -1
        started = max((p.index for p in self.periods if p.start <= TODAY), default=-1)
        ended = max((p.index for p in self.periods if p.end < TODAY), default=-1)
        return (
            f"WITH periods(idx, start_on, end_on, resp_on) AS (VALUES {self.values()}), {self.done('r.pupil_id')}, "
            "per AS (SELECT p.id AS pupil_id, p.school_class_id AS class_id, "
            f"MAX(CASE WHEN pe.idx = {cur} THEN COALESCE(d.n, 0) END) AS cur_n, "
            f"MAX(CASE WHEN pe.idx = {prev} THEN COALESCE(d.n, 0) END) AS prev_n, "
            f"SUM(CASE WHEN pe.idx <= {started} THEN 1 ELSE 0 END) AS owed, "
            f"SUM(CASE WHEN pe.idx <= {ended} AND COALESCE(d.n, 0) < {need} THEN 1 ELSE 0 END) AS missed, "
            "MAX(d.last_on) AS last_on "
            "FROM pupil p JOIN periods pe ON (p.enrolled_on IS NULL OR p.enrolled_on <= pe.end_on) "
            "AND (p.left_on IS NULL OR p.left_on >= pe.start_on) "
            "LEFT JOIN done d ON d.subject = p.id AND d.idx = pe.idx "
            f"WHERE {self.pupils()} GROUP BY p.id, p.school_class_id "
            f"HAVING COALESCE(MAX(CASE WHEN pe.idx = {cur} THEN d.n END), 0) < {need} "
            f"AND MAX(CASE WHEN pe.idx = {prev} THEN COALESCE(d.n, 0) END) < {need}) "
            "SELECT per.pupil_id, p.name, p.student_no, per.class_id, c.name, ca.teacher_id, t.name, per.cur_n, "
            "per.prev_n, per.owed, per.missed, per.last_on, p.left_on FROM per JOIN pupil p ON p.id = per.pupil_id "
            "LEFT JOIN school_class c ON c.id = per.class_id "
            "LEFT JOIN care_assignment ca ON ca.pupil_id = per.pupil_id AND ca.end_on IS NULL "
            "LEFT JOIN staff t ON t.id = ca.teacher_id ORDER BY c.grade, c.number, p.student_no"
        )


def _run(statements: list[str]):
    from schoolcare.store.database import db

    return [db.execute_sql(sql).fetchall() for sql in statements if sql]


def _count(statements: list[str]) -> int:
    return sum(len(rows) for rows in _run(statements))


def figures(ds) -> list[Figure]:
    from schoolcare.services.care import rules
    from schoolcare.store.database import is_sqlite
    from schoolcare.store.models import Pupil

    pg = not is_sqlite()
    settings = ds.settings
    direct = [Direct(ds, rule, pg) for rule in settings.rules]
    teacher = ds.teacher
    pupils = Pupil.select().where(Pupil.school == ds.coordinator.school_id).count()
    week = rules.care_week(teacher, settings, as_of=TODAY)
    lists = rules.overdue(ds.coordinator, settings, as_of=TODAY)
    overdue_count = sum(len(found.items) for found in lists)

    compliance = [d.figures_sql() for d in direct]
    teacher_week = [d.standing_sql(teacher_id=teacher.staff_id) for d in direct if d.rule.subject == "pupil"]
    teacher_week += [d.class_standing_sql(teacher.staff_id) for d in direct if d.rule.subject == "class"]
    teacher_week.append(  # the follow-ups the week lists as coming due
        "SELECT f.id, f.action, f.due, p.name FROM follow_up f JOIN pupil p ON p.id = f.pupil_id "
        f"WHERE f.school_id = {teacher.school_id} AND f.done_on IS NULL AND f.pupil_id IN "
        f"{Direct.teachers_pupils(teacher.staff_id)} ORDER BY f.due LIMIT 20")
    overdue = [d.overdue_sql() for d in direct if d.rule.subject == "pupil"]
    return [
        Figure(f"care: term compliance, whole school ({pupils} pupils)",
               lambda: rules.term_compliance(ds.coordinator, settings, as_of=TODAY),
               lambda: _run(compliance), f"{len(compliance)} hand-written queries",
               note=f"{len(settings.rules)} rules"),
        Figure(f"care: a teacher's week ({len(week.rows)} pupils)",
               lambda: rules.care_week(teacher, settings, as_of=TODAY),
               lambda: _run(teacher_week), f"{len(teacher_week)} hand-written queries"),
        Figure("care: overdue lists, whole school",
               lambda: rules.overdue(ds.coordinator, settings, as_of=TODAY),
               lambda: _run(overdue), f"{len(overdue)} hand-written queries in the engine's shape",
               note=f"{overdue_count} overdue; the hand-written SQL finds {_count(overdue)}"),
    ]
