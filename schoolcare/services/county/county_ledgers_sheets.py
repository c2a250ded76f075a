"""The county ledgers as sheets: the master ledger with its figures by school, the quarterly roll-up with every
change, the term report by school; each with a county total (合计) where figures add up."""
from __future__ import annotations

from dataclasses import replace

from schoolcare.domain.quarters import GUARDIAN_CHANGED, LEFT, NEW, STATUS_CHANGED
from schoolcare.i18n import text
from schoolcare.services.registry.ledgers import PUPIL_HEADERS
from schoolcare.services.reports import quarterly_sheets as qs
from schoolcare.services.reports.term_sheets import pct
from schoolcare.services.tabular import Sheet

COUNTS = (NEW, LEFT, STATUS_CHANGED, GUARDIAN_CHANGED)


def _w(lang: str, key: str, **values) -> str:
    return text(lang, f"county_ledger.{key}", **values)


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


# -- the master ledger -------------------------------------------------------------------------------------

def master_headers(lang: str) -> list[str]:
    """The school ledger's columns with 学校 after 序号."""
    return [text(lang, "registry.ledger.no"), text(lang, "registry.ledger.school"),
            *(text(lang, f"registry.ledger.{h}") for h in PUPIL_HEADERS[1:])]


def master_sheets(schools, rows: list[list[object]], coverage: dict[int, tuple[int, int, int]],
                  lang: str) -> list[Sheet]:
    by_school, total = [], [0, 0, 0]
    for s in schools:
        n, lb, assigned = coverage.get(s.id, (0, 0, 0))
        by_school.append([s.code, s.name, n, lb, assigned, _share(assigned, lb)])
        total = [total[0] + n, total[1] + lb, total[2] + assigned]
    by_school.append(["", _w(lang, "total"), *total, _share(total[2], total[1])])
    headers = [_w(lang, "school_code"), text(lang, "registry.ledger.school"),
               *(text(lang, f"registry.ledger.{k}") for k in ("pupils", "left_behind", "assigned", "coverage"))]
    return [Sheet(_w(lang, "sheet.master"), master_headers(lang), rows),
            Sheet(_w(lang, "sheet.by_school"), headers, by_school)]


# -- the quarterly roll-up -----------------------------------------------------------------------------------

def _base_text(ledger, lang: str) -> str:
    base = ledger.base
    if base is None:
        return text(lang, "reports.export.quarterly.base_none")
    return text(lang, "reports.export.quarterly.base_value", quarter=base.quarter.label, who=base.submitted_by,
                date=base.submitted_on.isoformat() if base.submitted_on else "")


def quarterly_summary(found, lang: str) -> Sheet:
    """Per school: pupils on the ledger, each kind of change since its last submission, that submission, and
    whether this quarter's is recorded; then the county's total."""
    rows, total = [], [0] * (1 + len(COUNTS))
    for line in found:
        ledger = line.ledger
        figures = [sum(1 for row in ledger.rows if LEFT not in row.marks), *(ledger.count(m) for m in COUNTS)]
        total = [a + b for a, b in zip(total, figures, strict=True)]
        rows.append([line.school.code, line.school.name, *figures, _base_text(ledger, lang),
                     qs.yes_no(line.submitted, lang)])
    submitted = sum(1 for line in found if line.submitted)
    rows.append(["", _w(lang, "total"), *total, "", _w(lang, "submitted_of", n=submitted, of=len(found))])
    headers = [_w(lang, "school_code"), text(lang, "registry.ledger.school"),
               text(lang, "reports.export.quarterly.total"),
               *(text(lang, f"reports.export.quarterly.count_{m}") for m in COUNTS),
               text(lang, "reports.export.quarterly.base"), _w(lang, "submitted")]
    return Sheet(_w(lang, "sheet.quarterly_summary"), headers, rows)


def quarterly_changes(found, lang: str) -> Sheet:
    """Every pupil whose entry changed since their school's last submission, with the school, as the
    school's own ledger words the change."""
    rows: list[list[object]] = []
    for line in found:
        only_changed = replace(line.ledger, rows=line.ledger.changed)
        for row in qs.ledger_rows(only_changed, lang):
            rows.append([len(rows) + 1, line.school.name, *row[1:]])
    columns = [text(lang, c) for c in qs.LEDGER_COLUMNS]
    return Sheet(_w(lang, "sheet.quarterly_changes"), [columns[0], text(lang, "registry.ledger.school"),
                                                        *columns[1:]], rows)


def quarterly_sheets(found, lang: str) -> list[Sheet]:
    return [quarterly_summary(found, lang), quarterly_changes(found, lang)]


# -- the term report -----------------------------------------------------------------------------------------

def term_sheets(overview, lang: str) -> list[Sheet]:
    """One line per school with its term report's headline figures (schools by code, so that two terms'
    reports line up), then the county's total: sums, and rates of the summed figures (never averaged;
    readiness, a school's own share, is the mean of the schools')."""
    rules = overview.rules
    headers = [_w(lang, "school_code"), text(lang, "registry.ledger.school"),
               *(text(lang, f"reports.export.term.{k}") for k in ("left_behind", "assigned", "coverage"))]
    for rule in rules:
        name = rule.name.get(lang)
        headers += [text(lang, "reports.export.term.rate", rule=name),
                    text(lang, "reports.export.term.done_due", rule=name),
                    text(lang, "reports.export.term.overdue_of", rule=name)]
    headers += [*(text(lang, f"reports.export.term.{k}") for k in (
        "class_held", "school_held", "readiness", "hazards_open", "hazards_overdue", "incidents_open")),
        text(lang, "protection.figure.overdue_reports")]

    def line(code, name, coverage, rate, figures, counts, readiness) -> list[object]:
        row: list[object] = [code, name, coverage.left_behind, coverage.assigned, pct(coverage.percent)]
        for rule in rules:
            f = figures(rule.id)
            row += [pct(rate(rule.id)), f"{f.done}/{f.due}", f.overdue]
        return row + [counts[0], counts[1], pct(readiness), *counts[2:]]

    def counts_of(s) -> list[int]:
        return [s.activities.class_held, s.activities.school_held, s.hazards.open, s.hazards.overdue,
                s.incidents.open, s.incidents.overdue_reports]

    schools = sorted(overview.schools, key=lambda s: (s.code, s.name))
    rows = [line(s.code, s.name, s.coverage, s.rate, s.figures, counts_of(s), s.readiness) for s in schools]
    totals = [sum(column) for column in zip(*(counts_of(s) for s in schools), strict=True)] or [0] * 6
    ready = [s.readiness for s in schools if s.readiness is not None]
    rows.append(line("", _w(lang, "total"), overview.coverage, overview.rate, overview.figures, totals,
                     sum(ready) / len(ready) if ready else None))
    return [Sheet(_w(lang, "sheet.term"), headers, rows)]
