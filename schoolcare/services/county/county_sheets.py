"""The county overview as a sheet: one row per school, weakest first, every figure in its own column (for
`report county` as text or CSV, and for any workbook of the county's)."""
from __future__ import annotations

from schoolcare.domain.county import OPEN_STEPS, CountyOverview, CountySchool
from schoolcare.i18n import text
from schoolcare.services.reports.term_sheets import pct
from schoolcare.services.tabular import Sheet


def _headers(overview: CountyOverview, lang: str) -> list[str]:
    def t(key: str, **values) -> str:
        return text(lang, key, **values)

    headers = [t("reports.export.term.school"), t("field.school_code"), t("county.col.pupils"),
               t("reports.export.term.left_behind"), t("reports.export.term.assigned"),
               t("reports.export.term.coverage"), t("reports.export.term.completion"), t("reports.export.term.overdue")]
    for rule in overview.rules:
        name = rule.name.get(lang)
        headers += [t("reports.export.term.rate", rule=name), t("county.col.done", rule=name),
                    t("county.col.due", rule=name), t("reports.export.term.overdue_of", rule=name)]
    headers += [t("reports.export.term.class_held"), t("reports.export.term.classes_active"), t("county.col.classes"),
                t("reports.export.term.school_held"), t("reports.export.term.readiness"),
                t("reports.export.term.hazards_open"), t("reports.export.term.hazards_overdue"),
                t("reports.export.term.incidents_open"), t("protection.figure.overdue_reports")]
    headers += [t("county.col.dropouts", step=t(f"dropouts.step.{step}")) for step in OPEN_STEPS]
    headers += [t("county.col.dropouts_overdue"), t("county.col.quarterly", quarter=overview.quarter)]
    return headers


def school_row(overview: CountyOverview, s: CountySchool) -> list[object]:
    row: list[object] = [s.name, s.code, s.pupils, s.coverage.left_behind, s.coverage.assigned,
                         pct(s.coverage.percent), pct(s.completion), s.overdue]
    for rule in overview.rules:
        f = s.figures(rule.id)
        row += [pct(s.rate(rule.id)), f.done, f.due, f.overdue]
    a, h, i = s.activities, s.hazards, s.incidents
    row += [a.class_held, a.classes_active, a.classes, a.school_held, pct(s.readiness), h.open, h.overdue, i.open,
            i.overdue_reports]
    row += [s.dropouts.get(step, 0) for step in OPEN_STEPS]
    row += [s.dropouts_overdue, s.quarterly_sent_on]
    return row


def overview_sheet(overview: CountyOverview, lang: str) -> Sheet:
    return Sheet(text(lang, "county.sheet.schools"), _headers(overview, lang),
                 [school_row(overview, s) for s in overview.schools])
