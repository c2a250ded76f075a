"""The quarterly ledger as sheets for the bureau: one row per pupil with its change mark, and a summary."""
from __future__ import annotations

from schoolcare.domain.quarters import (
    GUARDIAN_CHANGED,
    LEFT,
    MARKS,
    NEW,
    STATUS_CHANGED,
    GuardianLine,
    LedgerRow,
    QuarterlyLedger,
)

from schoolcare.services.reports.export_text import iso, text, yes_no
from schoolcare.services.tabular import Sheet

LEDGER_COLUMNS = ("q.no", "q.change", "q.change_detail", "q.student_no", "q.name", "q.gender", "q.birth_date",
                  "q.class", "q.status", "q.left_behind", "q.in_difficulty", "q.address", "q.father", "q.mother",
                  "q.other_guardians", "q.day_to_day", "q.entrusted", "q.care_teacher")


def guardian_text(g: GuardianLine, lang: str, *, relation: bool = False) -> str:
    """"张父 13800000000 外出务工(广东东莞) 无监护能力": what the bureau wants to know of a guardian."""
    parts = [f"{text('relation.' + g.relation, lang)} {g.name}" if relation else g.name]
    if g.phone:
        parts.append(g.phone)
    if g.away:
        parts.append(text("guardian.away_at", lang, place=g.work_place) if g.work_place
                     else text("guardian.away", lang))
    if g.capacity != "full":
        parts.append(text(f"capacity.{g.capacity}", lang))
    return " ".join(parts)


def _guardian_columns(guardians: tuple[GuardianLine, ...], lang: str) -> list[str]:
    father = [g for g in guardians if g.relation == "father"]
    mother = [g for g in guardians if g.relation == "mother"]
    others = [g for g in guardians if g.relation not in ("father", "mother")]
    day_to_day = [g for g in guardians if g.day_to_day]
    entrusted = [g for g in guardians if g.entrusted]
    return [
        "；".join(guardian_text(g, lang) for g in father),
        "；".join(guardian_text(g, lang) for g in mother),
        "；".join(guardian_text(g, lang, relation=True) for g in others),
        "；".join(f"{text('relation.' + g.relation, lang)} {g.name}" for g in day_to_day),
        "；".join(f"{text('relation.' + g.relation, lang)} {g.name}" for g in entrusted),
    ]


def _guardian_changes(before: list, after: tuple[GuardianLine, ...], lang: str) -> list[str]:
    """Guardians added, removed or changed, matched by relation and name."""
    old = {(g.relation, g.name): g for g in (GuardianLine.from_list(v) for v in before)}
    new = {(g.relation, g.name): g for g in after}
    who = lambda g: f"{text('relation.' + g.relation, lang)} {g.name}"  # noqa: E731
    lines = [text("guardian.added", lang, who=who(g)) for key, g in new.items() if key not in old]
    lines += [text("guardian.removed", lang, who=who(g)) for key, g in old.items() if key not in new]
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        fields = [f for f in ("phone", "away", "work_place", "capacity", "day_to_day", "entrusted")
                  if getattr(a, f) != getattr(b, f)]
        if fields:
            lines.append(text("guardian.changed", lang, who=who(b),
                              fields="、".join(text("field." + f, lang) for f in fields)))
    return sorted(lines)


def _value(field: str, value, lang: str) -> str:
    if field == "status":
        return text(f"status.{value}", lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    return str(value)


def change_detail(row: LedgerRow, lang: str) -> str:
    """In words, what changed for this pupil since the last submission."""
    if LEFT in row.marks:
        if row.status and row.status not in ("enrolled", "dropped_out"):
            return text("left_ledger", lang, status=text(f"status.{row.status}", lang))
        return text("no_longer_cared", lang)
    if NEW in row.marks or not row.previous:
        return ""
    parts = []
    for field in row.changed_fields:
        if field == "guardians":
            parts.extend(_guardian_changes(row.previous.get("guardians", []), row.guardians, lang))
        else:
            after = row.snapshot_entry()[field]
            parts.append(f"{text('field.' + field, lang)}：{_value(field, row.previous.get(field), lang)}"
                         f"→{_value(field, after, lang)}")
    return "；".join(parts)


def ledger_rows(ledger: QuarterlyLedger, lang: str) -> list[list[object]]:
    rows = []
    for n, row in enumerate(ledger.rows, start=1):
        rows.append([
            n, "、".join(text(f"mark.{m}", lang) for m in MARKS if m in row.marks), change_detail(row, lang),
            row.student_no, row.name, text(f"gender.{row.gender}", lang) if row.gender else "", row.birth_date,
            row.class_name, text(f"status.{row.status}", lang) if row.status else "",
            yes_no(row.left_behind, lang), yes_no(row.in_difficulty, lang), row.address,
            *_guardian_columns(row.guardians, lang), row.care_teacher,
        ])
    return rows


def summary_rows(ledger: QuarterlyLedger, lang: str) -> list[list[object]]:
    base = ledger.base
    on_ledger = sum(1 for row in ledger.rows if LEFT not in row.marks)
    return [
        [text("q.quarter", lang), ledger.quarter.label],
        [text("q.as_of", lang), ledger.as_of],
        [text("q.due", lang), ledger.quarter.due],
        [text("q.base", lang), text("q.base_value", lang, quarter=base.quarter.label, date=iso(base.submitted_on),
                                    who=base.submitted_by) if base else text("q.base_none", lang)],
        [text("q.total", lang), on_ledger],
        [text("q.count_new", lang), ledger.count(NEW)],
        [text("q.count_left", lang), ledger.count(LEFT)],
        [text("q.count_status_changed", lang), ledger.count(STATUS_CHANGED)],
        [text("q.count_guardian_changed", lang), ledger.count(GUARDIAN_CHANGED)],
    ]


def sheets(ledger: QuarterlyLedger, lang: str) -> list[Sheet]:
    return [
        Sheet(text("q.sheet_ledger", lang), [text(c, lang) for c in LEDGER_COLUMNS], ledger_rows(ledger, lang)),
        Sheet(text("q.sheet_summary", lang), [text("q.item", lang), text("q.value", lang)],
              summary_rows(ledger, lang)),
    ]
