"""What the benches' hand-written SQL shares: the day they measure on, which rows count for each record kind, who a
rule covers, date literals. Written apart from the engine's rules_queries on purpose: a reference that borrowed the
engine's code would measure the engine against itself."""
from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 28)

# Which rows count for each record kind, as the care plans define them.
SOURCES = {
    "family_call": ("family_call", "AND r.connected AND NOT r.teacher_line"),
    "teacher_talk": ("teacher_talk", ""),
    "home_visit": ("home_visit", ""),
    "class_activity": ("activity", "AND r.scope = 'class'"),
    "school_activity": ("activity", "AND r.scope = 'school'"),
}


def date_literal(day: dt.date, postgres: bool) -> str:
    return f"DATE '{day.isoformat()}'" if postgres else f"'{day.isoformat()}'"


def applies(rule) -> str:
    """The condition on pupil `p` for the pupils a rule covers."""
    return {"left_behind": "p.left_behind", "cared": "(p.left_behind OR p.in_difficulty)"}.get(
        rule.applies_to, "1 = 1")
