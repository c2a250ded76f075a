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
from schoolcare.i18n import text, word
from schoolcare.services.tabular import Sheet

LEDGER_COLUMNS = (
    "reports.export.quarterly.no", "reports.export.quarterly.change", "reports.export.quarterly.change_detail",
    "reports.export.quarterly.student_no", "reports.export.quarterly.name", "reports.export.quarterly.gender",
    "reports.export.quarterly.birth_date", "reports.export.quarterly.class", "reports.export.quarterly.status",
    "reports.export.quarterly.left_behind", "reports.export.quarterly.in_difficulty",
    "reports.export.quarterly.address", "reports.export.quarterly.father", "reports.export.quarterly.mother",
    "reports.export.quarterly.other_guardians", "reports.export.quarterly.day_to_day",
    "reports.export.quarterly.entrusted", "reports.export.quarterly.care_teacher",
)


# The registry's values in words; a value the catalog lacks (a school's own) shows as itself.
def yes_no(value: bool, lang: str) -> str:
    return text(lang, "reports.export.yes" if value else "reports.export.no")


def _relation(g: GuardianLine, lang: str) -> str:
    return word(lang, f"reports.export.relation.{g.relation}", g.relation)


def _status(status, lang: str) -> str:
    return word(lang, f"reports.export.status.{status}", status)


def _field(name: str, lang: str) -> str:
    return word(lang, f"reports.export.field.{name}", name)


def guardian_text(g: GuardianLine, lang: str, *, relation: bool = False) -> str:
    """"张父 13800000000 外出务工(广东东莞) 无监护能力": what the bureau wants to know of a guardian."""
    parts = [f"{_relation(g, lang)} {g.name}" if relation else g.name]
    if g.phone:
        parts.append(g.phone)
    if g.away:
        parts.append(text(lang, "reports.export.guardian.away_at", place=g.work_place) if g.work_place
                     else text(lang, "reports.export.guardian.away"))
    if g.capacity != "full":
        parts.append(word(lang, f"reports.export.capacity.{g.capacity}", g.capacity))
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
        "；".join(f"{_relation(g, lang)} {g.name}" for g in day_to_day),
        "；".join(f"{_relation(g, lang)} {g.name}" for g in entrusted),
    ]


def _guardian_changes(before: list, after: tuple[GuardianLine, ...], lang: str) -> list[str]:
    """Guardians added, removed or changed, matched by relation and name."""
    old = {(g.relation, g.name): g for g in (GuardianLine.from_list(v) for v in before)}
    new = {(g.relation, g.name): g for g in after}
    who = lambda g: f"{_relation(g, lang)} {g.name}"  # noqa: E731
    lines = [text(lang, "reports.export.guardian.added", who=who(g)) for key, g in new.items() if key not in old]
    lines += [text(lang, "reports.export.guardian.removed", who=who(g)) for key, g in old.items() if key not in new]
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        fields = [f for f in ("phone", "away", "work_place", "capacity", "day_to_day", "entrusted")
                  if getattr(a, f) != getattr(b, f)]
        if fields:
            lines.append(text(lang, "reports.export.guardian.changed", who=who(b),
                              fields="、".join(_field(f, lang) for f in fields)))
    return sorted(lines)


def _value(field: str, value, lang: str) -> str:
    if field == "status":
        return _status(value, lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    return str(value)


def change_detail(row: LedgerRow, lang: str) -> str:
    """In words, what changed for this pupil since the last submission."""
    if LEFT in row.marks:
        if row.status and row.status not in ("enrolled", "dropped_out"):
            return text(lang, "reports.export.left_ledger", status=_status(row.status, lang))
        return text(lang, "reports.export.no_longer_cared")
    if NEW in row.marks or not row.previous:
        return ""
    parts = []
    for field in row.changed_fields:
        if field == "guardians":
            parts.extend(_guardian_changes(row.previous.get("guardians", []), row.guardians, lang))
        else:
            after = row.snapshot_entry()[field]
            parts.append(f"{_field(field, lang)}：{_value(field, row.previous.get(field), lang)}"
                         f"→{_value(field, after, lang)}")
    return "；".join(parts)


def ledger_rows(ledger: QuarterlyLedger, lang: str) -> list[list[object]]:
    rows = []
    for n, row in enumerate(ledger.rows, start=1):
        rows.append([
            n, "、".join(word(lang, f"reports.export.mark.{m}", m) for m in MARKS if m in row.marks),
            change_detail(row, lang), row.student_no, row.name,
            word(lang, f"reports.export.gender.{row.gender}", row.gender) if row.gender else "", row.birth_date,
            row.class_name, _status(row.status, lang) if row.status else "",
            yes_no(row.left_behind, lang), yes_no(row.in_difficulty, lang), row.address,
            *_guardian_columns(row.guardians, lang), row.care_teacher,
        ])
    return rows


def summary_rows(ledger: QuarterlyLedger, lang: str) -> list[list[object]]:
    base = ledger.base
    on_ledger = sum(1 for row in ledger.rows if LEFT not in row.marks)
    return [
        [text(lang, "reports.export.quarterly.quarter"), ledger.quarter.label],
        [text(lang, "reports.export.quarterly.as_of"), ledger.as_of],
        [text(lang, "reports.export.quarterly.due"), ledger.quarter.due],
        [text(lang, "reports.export.quarterly.base"),
         text(lang, "reports.export.quarterly.base_value", quarter=base.quarter.label, who=base.submitted_by,
              date=base.submitted_on.isoformat() if base.submitted_on else "")
         if base else text(lang, "reports.export.quarterly.base_none")],
        [text(lang, "reports.export.quarterly.total"), on_ledger],
        [text(lang, "reports.export.quarterly.count_new"), ledger.count(NEW)],
        [text(lang, "reports.export.quarterly.count_left"), ledger.count(LEFT)],
        [text(lang, "reports.export.quarterly.count_status_changed"), ledger.count(STATUS_CHANGED)],
        [text(lang, "reports.export.quarterly.count_guardian_changed"), ledger.count(GUARDIAN_CHANGED)],
    ]


def sheets(ledger: QuarterlyLedger, lang: str) -> list[Sheet]:
    return [
        Sheet(text(lang, "reports.export.quarterly.sheet_ledger"), [text(lang, c) for c in LEDGER_COLUMNS],
              ledger_rows(ledger, lang)),
        Sheet(text(lang, "reports.export.quarterly.sheet_summary"),
              [text(lang, "reports.export.quarterly.item"), text(lang, "reports.export.quarterly.value")],
              summary_rows(ledger, lang)),
    ]
