"""The term report as sheets: a summary with the change from the previous term, then one sheet per section;
every figure is read from the same TermProgress the screen shows."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.term_progress import (
    ActivityLine,
    GroupProgress,
    PupilStanding,
    TermProgress,
    rate_percent,
)
from schoolcare.i18n import text, word
from schoolcare.services.tabular import Sheet


def pct(value: float | None) -> float | None:
    """Percentages are written with one decimal, the way the screen shows them."""
    return None if value is None else round(value, 1)


def _change(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _headings(lang: str, *keys: str) -> list[str]:
    return [text(lang, key) for key in keys]


def summary_sheet(progress: TermProgress, school: str, lang: str) -> Sheet:
    p, before = progress, progress.previous
    rows: list[list[object]] = [
        [text(lang, "reports.export.term.school"), school, None, None],
        [text(lang, "reports.export.term.term"), p.term.name.get(lang),
         p.previous_term.name.get(lang) if p.previous_term else None, None],
        [text(lang, "reports.export.term.period"), f"{p.term.start.isoformat()} – {p.term.end.isoformat()}",
         f"{p.previous_term.start.isoformat()} – {p.previous_term.end.isoformat()}" if p.previous_term else None, None],
        [text(lang, "reports.export.term.as_of"), p.as_of, p.previous_term.end if p.previous_term else None, None],
        [text(lang, "reports.export.term.left_behind"), p.coverage.left_behind, None, None],
        [text(lang, "reports.export.term.assigned"), p.coverage.assigned, None, None],
        [text(lang, "reports.export.term.unassigned"), p.coverage.unassigned, None, None],
        [text(lang, "reports.export.term.coverage"), pct(p.headline.coverage),
         pct(before.coverage) if before else None, _change(p.change("coverage"))],
    ]
    for r in p.rules:
        name = r.rule.name.get(lang)
        rows.append([text(lang, "reports.export.term.rate", rule=name), pct(r.rate), pct(rate_percent(r.previous)),
                     _change(r.change)])
        rows.append([text(lang, "reports.export.term.done_due", rule=name), f"{r.figures.done}/{r.figures.due}",
                     f"{r.previous.done}/{r.previous.due}" if r.previous else None, None])
        rows.append([text(lang, "reports.export.term.overdue_of", rule=name), r.figures.overdue,
                     r.previous.overdue if r.previous else None, None])
    a, h, i = p.activities, p.hazards, p.incidents
    rows += [
        [text(lang, "reports.export.term.class_held"), a.class_held, None, None],
        [text(lang, "reports.export.term.classes_active"), f"{a.classes_active}/{a.classes}", None, None],
        [text(lang, "reports.export.term.school_held"), a.school_held, None, None],
        [text(lang, "reports.export.term.readiness"), pct(p.headline.readiness),
         pct(before.readiness) if before else None, _change(p.change("readiness"))],
        [text(lang, "reports.export.term.hazards_open"), h.open, before.hazards_open if before else None,
         p.change("hazards_open")],
        [text(lang, "reports.export.term.hazards_overdue"), h.overdue, before.hazards_overdue if before else None,
         p.change("hazards_overdue")],
        [text(lang, "reports.export.term.hazards_found"), h.found, None, None],
        [text(lang, "reports.export.term.hazards_closed"), h.closed, None, None],
        [text(lang, "reports.export.term.incidents_open"), i.open, before.incidents_open if before else None,
         p.change("incidents_open")],
        [text(lang, "reports.export.term.incidents_recorded"), i.recorded, None, None],
        [text(lang, "reports.export.term.incidents_closed"), i.closed, None, None],
        [text(lang, "protection.figure.overdue_reports"), i.overdue_reports, None, None],
    ]
    headers = _headings(lang, "reports.export.term.item", "reports.export.term.value", "reports.export.term.previous",
                        "reports.export.term.change")
    return Sheet(text(lang, "reports.export.term.sheet_summary"), headers, rows)


def trend_sheet(progress: TermProgress, lang: str) -> Sheet:
    weekly = progress.weekly
    headers = _headings(lang, "reports.export.term.week", "reports.export.term.start", "reports.export.term.end")
    for r in weekly:
        name = r.rule.name.get(lang)
        headers += [text(lang, "reports.export.term.done", rule=name), text(lang, "reports.export.term.due", rule=name),
                    text(lang, "reports.export.term.share", rule=name)]
    rows = []
    for n, point in enumerate(weekly[0].trend if weekly else ()):
        label = point.label + (f" ({text(lang, 'reports.export.term.running')})" if point.running else "")
        row: list[object] = [label, point.start, point.end]
        for r in weekly:
            q = r.trend[n]
            row += [q.done, q.due, pct(q.share)]
        rows.append(row)
    return Sheet(text(lang, "reports.export.term.sheet_trend"), headers, rows)


def _group_sheet(title: str, first: list[str], groups: tuple[GroupProgress, ...], rule_ids: list[tuple[str, str]],
                 lang: str, lead) -> Sheet:
    headers = first + _headings(lang, "reports.export.term.completion", "reports.export.term.overdue")
    for _, name in rule_ids:
        headers += [text(lang, "reports.export.term.rate", rule=name),
                    text(lang, "reports.export.term.overdue_of", rule=name)]
    rows = []
    for g in groups:
        row = lead(g) + [pct(g.completion), g.overdue]
        for rule_id, _ in rule_ids:
            figures = g.figures.get(rule_id)
            row += [pct(g.percent(rule_id)), figures.overdue if figures else None]
        rows.append(row)
    return Sheet(title, headers, rows)


def group_sheets(progress: TermProgress, lang: str) -> list[Sheet]:
    rule_ids = [(r.rule.id, r.rule.name.get(lang)) for r in progress.rules if r.rule.subject != "school"]
    classes = _group_sheet(text(lang, "reports.export.term.sheet_classes"),
                           _headings(lang, "reports.export.term.class", "reports.export.term.homeroom",
                                     "reports.export.term.cared"),
                           progress.classes, rule_ids, lang, lambda g: [g.name, g.detail, g.pupils])
    teachers = _group_sheet(text(lang, "reports.export.term.sheet_teachers"),
                            _headings(lang, "reports.export.term.teacher", "reports.export.term.post",
                                      "reports.export.term.caseload"),
                            progress.teachers, rule_ids, lang,
                            lambda g: [g.name or text(lang, "reports.export.term.nobody"), g.detail, g.pupils])
    return [classes, teachers]


def _care_status(s: PupilStanding, lang: str) -> str:
    return word(lang, f"reports.export.care_status.{s.status.value}", s.status.value)


def pupil_sheet(progress: TermProgress, standings: list[PupilStanding], lang: str) -> Sheet:
    rules = [r.rule for r in progress.rules if r.rule.subject == "pupil"]
    by_pupil: dict[int, dict[str, PupilStanding]] = {}
    for s in standings:
        by_pupil.setdefault(s.pupil_id, {})[s.rule_id] = s
    headers = _headings(lang, "reports.export.term.student_no", "reports.export.term.name", "reports.export.term.class",
                        "reports.export.term.teacher")
    for rule in rules:
        name = rule.name.get(lang)
        headers += [text(lang, "reports.export.term.status", rule=name),
                    text(lang, "reports.export.term.missed", rule=name)]
    rows = []
    for per_rule in sorted(by_pupil.values(), key=lambda d: _order(next(iter(d.values())))):
        first = next(iter(per_rule.values()))
        row: list[object] = [first.student_no, first.name, first.class_name, first.teacher_name]
        for rule in rules:
            s = per_rule.get(rule.id)
            row += [_care_status(s, lang), f"{s.missed}/{s.owed}"] if s else [None, None]
        rows.append(row)
    return Sheet(text(lang, "reports.export.term.sheet_pupils"), headers, rows)


def _order(s: PupilStanding) -> tuple:
    return (s.class_name, s.student_no)


def visit_sheet(progress: TermProgress, standings: list[PupilStanding], lang: str) -> Sheet:
    visit_rules = {r.rule.id for r in progress.rules_for(record="home_visit")}
    headers = _headings(lang, "reports.export.term.student_no", "reports.export.term.name", "reports.export.term.class",
                        "reports.export.term.teacher", "reports.export.term.visits", "reports.export.term.last_visit",
                        "reports.export.term.visit_status")
    rows = [[s.student_no, s.name, s.class_name, s.teacher_name,
             text(lang, "reports.export.yes" if s.done > 0 else "reports.export.no"), s.last_on, _care_status(s, lang)]
            for s in sorted((s for s in standings if s.rule_id in visit_rules), key=_order)]
    return Sheet(text(lang, "reports.export.term.sheet_visits"), headers, rows)


def activity_sheet(lines: list[ActivityLine], lang: str) -> Sheet:
    headers = _headings(lang, "reports.export.term.date", "reports.export.term.scope", "reports.export.term.class",
                        "reports.export.term.kind", "reports.export.term.title", "reports.export.term.organiser",
                        "reports.export.term.participants")
    rows = [[a.date, word(lang, f"reports.export.scope.{a.scope}", a.scope), a.class_name,
             word(lang, f"reports.export.kind.{a.kind}", a.kind), a.title, a.organiser, a.participants]
            for a in lines]
    return Sheet(text(lang, "reports.export.term.sheet_activities"), headers, rows)


def hazard_sheet(rows: list[HazardRow], day: dt.date, where, lang: str) -> Sheet:
    """Hazards as they stood on `day` (a past term's last day): closed only if closed by then."""
    headers = _headings(lang, "reports.export.term.found_on", "reports.export.term.where",
                        "reports.export.term.description", "reports.export.term.severity", "reports.export.term.owner",
                        "reports.export.term.deadline", "reports.export.term.visit_status",
                        "reports.export.term.closed_on")
    table = []
    for h in rows:
        closed = h.closed_on if h.closed_on and h.closed_on <= day else None
        status = rd.hazard_status(h.deadline, closed, day)
        severity = word(lang, f"reports.export.severity.{h.severity}", h.severity)
        table.append([h.found_on, where(h), h.description, severity, h.owner, h.deadline,
                      word(lang, f"reports.export.hazard_status.{status}", status), closed])
    return Sheet(text(lang, "reports.export.term.sheet_hazards"), headers, table)


def sheets(actor, settings, progress: TermProgress, lang: str, *, today: dt.date | None = None) -> list[Sheet]:
    """Summary, by week, classes, teachers, pupils, home visits, activities, readiness, hazards."""
    from schoolcare.services.accounts.school import school_name
    from schoolcare.services.centre import export as centre_export
    from schoolcare.services.reports import term_report

    standings = term_report.standings(actor, settings, progress.term.id, behind_only=False, today=today)
    day = progress.as_of
    readiness = centre_export.readiness_sheets(actor, settings, lang, as_of=day)[1]
    return [
        summary_sheet(progress, school_name(actor), lang),
        trend_sheet(progress, lang),
        *group_sheets(progress, lang),
        pupil_sheet(progress, standings, lang),
        visit_sheet(progress, standings, lang),
        activity_sheet(term_report.activity_lines(actor, progress.term, day), lang),
        Sheet(text(lang, "reports.export.term.sheet_readiness"), readiness.headers, readiness.rows),
        hazard_sheet(term_report.term_hazards(actor, settings, progress.term, day), day,
                     lambda h: centre_export.hazard_where(h, settings, lang), lang),
    ]


def export(actor, settings, path, fmt: str, term_id: str | None = None, *, lang: str = "zh-CN",
           today: dt.date | None = None):
    """Write the term report (one workbook, or a csv per sheet); audited. Returns (progress, files)."""
    from schoolcare.domain.roles import Permission
    from schoolcare.services import audit
    from schoolcare.services.access import require
    from schoolcare.services.accounts.school import school_name
    from schoolcare.services.print_layout import PrintHeading, term_period
    from schoolcare.services.reports import term_report
    from schoolcare.services.tabular import write_tables
    from schoolcare.services.tx import writing

    require(actor, Permission.EXPORT)
    progress = term_report.term_progress(actor, settings, term_id, today=today)
    heading = PrintHeading(text(lang, "print.title.term_report"), school_name(actor), term_period(lang, progress.term),
                           today or clock.today(), lang)
    files = write_tables(path, fmt, sheets(actor, settings, progress, lang, today=today), heading=heading)
    with writing():
        audit.record(actor, "export", "term_report", None,
                     changes={"term": progress.term.id, "format": fmt, "file": str(path)})
    return progress, files
