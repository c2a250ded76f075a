"""The term report as sheets: a summary with the change from the previous term, then one sheet per section;
every figure is read from the same TermProgress the screen shows."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.term_progress import (
    ActivityLine,
    GroupProgress,
    PupilStanding,
    TermProgress,
    rate_percent,
)

from schoolcare.services.reports.export_text import text, yes_no
from schoolcare.services.tabular import Sheet


def pct(value: float | None) -> float | None:
    """Percentages are written with one decimal, the way the screen shows them."""
    return None if value is None else round(value, 1)


def _change(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summary_sheet(progress: TermProgress, school: str, lang: str) -> Sheet:
    p, before = progress, progress.previous
    rows: list[list[object]] = [
        [text("t.school", lang), school, None, None],
        [text("t.term", lang), p.term.name.get(lang),
         p.previous_term.name.get(lang) if p.previous_term else None, None],
        [text("t.period", lang), f"{p.term.start.isoformat()} – {p.term.end.isoformat()}",
         f"{p.previous_term.start.isoformat()} – {p.previous_term.end.isoformat()}" if p.previous_term else None, None],
        [text("t.as_of", lang), p.as_of, p.previous_term.end if p.previous_term else None, None],
        [text("t.left_behind", lang), p.coverage.left_behind, None, None],
        [text("t.assigned", lang), p.coverage.assigned, None, None],
        [text("t.unassigned", lang), p.coverage.unassigned, None, None],
        [text("t.coverage", lang), pct(p.headline.coverage), pct(before.coverage) if before else None,
         _change(p.change("coverage"))],
    ]
    for r in p.rules:
        name = r.rule.name.get(lang)
        rows.append([text("t.rate", lang, rule=name), pct(r.rate), pct(rate_percent(r.previous)), _change(r.change)])
        rows.append([text("t.done_due", lang, rule=name), f"{r.figures.done}/{r.figures.due}",
                     f"{r.previous.done}/{r.previous.due}" if r.previous else None, None])
        rows.append([text("t.overdue_of", lang, rule=name), r.figures.overdue,
                     r.previous.overdue if r.previous else None, None])
    a, h, i = p.activities, p.hazards, p.incidents
    rows += [
        [text("t.class_held", lang), a.class_held, None, None],
        [text("t.classes_active", lang), f"{a.classes_active}/{a.classes}", None, None],
        [text("t.school_held", lang), a.school_held, None, None],
        [text("t.readiness", lang), pct(p.headline.readiness), pct(before.readiness) if before else None,
         _change(p.change("readiness"))],
        [text("t.hazards_open", lang), h.open, before.hazards_open if before else None, p.change("hazards_open")],
        [text("t.hazards_overdue", lang), h.overdue, before.hazards_overdue if before else None,
         p.change("hazards_overdue")],
        [text("t.hazards_found", lang), h.found, None, None],
        [text("t.hazards_closed", lang), h.closed, None, None],
        [text("t.incidents_open", lang), i.open, before.incidents_open if before else None,
         p.change("incidents_open")],
        [text("t.incidents_recorded", lang), i.recorded, None, None],
        [text("t.incidents_closed", lang), i.closed, None, None],
    ]
    headers = [text(k, lang) for k in ("t.item", "t.value", "t.previous", "t.change")]
    return Sheet(text("t.sheet_summary", lang), headers, rows)


def trend_sheet(progress: TermProgress, lang: str) -> Sheet:
    weekly = progress.weekly
    headers = [text("t.week", lang), text("t.start", lang), text("t.end", lang)]
    for r in weekly:
        name = r.rule.name.get(lang)
        headers += [text("t.done", lang, rule=name), text("t.due", lang, rule=name), text("t.share", lang, rule=name)]
    rows = []
    for n, point in enumerate(weekly[0].trend if weekly else ()):
        label = point.label + (f" ({text('t.running', lang)})" if point.running else "")
        row: list[object] = [label, point.start, point.end]
        for r in weekly:
            q = r.trend[n]
            row += [q.done, q.due, pct(q.share)]
        rows.append(row)
    return Sheet(text("t.sheet_trend", lang), headers, rows)


def _group_sheet(title: str, first: list[str], groups: tuple[GroupProgress, ...], rule_ids: list[tuple[str, str]],
                 lang: str, lead) -> Sheet:
    headers = first + [text("t.completion", lang), text("t.overdue", lang)]
    for _, name in rule_ids:
        headers += [text("t.rate", lang, rule=name), text("t.overdue_of", lang, rule=name)]
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
    classes = _group_sheet(text("t.sheet_classes", lang),
                           [text("t.class", lang), text("t.homeroom", lang), text("t.cared", lang)],
                           progress.classes, rule_ids, lang, lambda g: [g.name, g.detail, g.pupils])
    teachers = _group_sheet(text("t.sheet_teachers", lang),
                            [text("t.teacher", lang), text("t.post", lang), text("t.caseload", lang)],
                            progress.teachers, rule_ids, lang,
                            lambda g: [g.name or text("t.nobody", lang), g.detail, g.pupils])
    return [classes, teachers]


def pupil_sheet(progress: TermProgress, standings: list[PupilStanding], lang: str) -> Sheet:
    rules = [r.rule for r in progress.rules if r.rule.subject == "pupil"]
    by_pupil: dict[int, dict[str, PupilStanding]] = {}
    for s in standings:
        by_pupil.setdefault(s.pupil_id, {})[s.rule_id] = s
    headers = [text("t.student_no", lang), text("t.name", lang), text("t.class", lang), text("t.teacher", lang)]
    for rule in rules:
        headers += [text("t.status", lang, rule=rule.name.get(lang)), text("t.missed", lang, rule=rule.name.get(lang))]
    rows = []
    for per_rule in sorted(by_pupil.values(), key=lambda d: _order(next(iter(d.values())))):
        first = next(iter(per_rule.values()))
        row: list[object] = [first.student_no, first.name, first.class_name, first.teacher_name]
        for rule in rules:
            s = per_rule.get(rule.id)
            row += [text(f"cstatus.{s.status.value}", lang), f"{s.missed}/{s.owed}"] if s else [None, None]
        rows.append(row)
    return Sheet(text("t.sheet_pupils", lang), headers, rows)


def _order(s: PupilStanding) -> tuple:
    return (s.class_name, s.student_no)


def visit_sheet(progress: TermProgress, standings: list[PupilStanding], lang: str) -> Sheet:
    visit_rules = {r.rule.id for r in progress.rules_for(record="home_visit")}
    headers = [text(k, lang) for k in ("t.student_no", "t.name", "t.class", "t.teacher", "t.visits",
                                       "t.last_visit", "t.visit_status")]
    rows = [[s.student_no, s.name, s.class_name, s.teacher_name, yes_no(s.done > 0, lang),
             s.last_on, text(f"cstatus.{s.status.value}", lang)]
            for s in sorted((s for s in standings if s.rule_id in visit_rules), key=_order)]
    return Sheet(text("t.sheet_visits", lang), headers, rows)


def activity_sheet(lines: list[ActivityLine], lang: str) -> Sheet:
    headers = [text(k, lang) for k in ("t.date", "t.scope", "t.class", "t.kind", "t.title", "t.organiser",
                                       "t.participants")]
    rows = [[a.date, text(f"scope.{a.scope}", lang), a.class_name, text(f"kind.{a.kind}", lang), a.title,
             a.organiser, a.participants] for a in lines]
    return Sheet(text("t.sheet_activities", lang), headers, rows)


def hazard_sheet(rows: list[HazardRow], day: dt.date, where, lang: str) -> Sheet:
    """Hazards as they stood on `day` (a past term's last day): closed only if closed by then."""
    headers = [text(k, lang) for k in ("t.found_on", "t.where", "t.description", "t.severity", "t.owner",
                                       "t.deadline", "t.visit_status", "t.closed_on")]
    table = []
    for h in rows:
        closed = h.closed_on if h.closed_on and h.closed_on <= day else None
        status = rd.hazard_status(h.deadline, closed, day)
        table.append([h.found_on, where(h), h.description, text(f"severity.{h.severity}", lang), h.owner, h.deadline,
                      text(f"hstatus.{status}", lang), closed])
    return Sheet(text("t.sheet_hazards", lang), headers, table)


def sheets(actor, settings, progress: TermProgress, lang: str, *, today: dt.date | None = None) -> list[Sheet]:
    """Summary, by week, classes, teachers, pupils, home visits, activities, readiness, hazards."""
    from schoolcare.services.centre import export as centre_export
    from schoolcare.services.reports import term_report
    from schoolcare.services.accounts.school import school_name

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
        Sheet(text("t.sheet_readiness", lang), readiness.headers, readiness.rows),
        hazard_sheet(term_report.term_hazards(actor, settings, progress.term, day), day,
                     lambda h: centre_export.hazard_where(h, settings, lang), lang),
    ]


def export(actor, settings, path, fmt: str, term_id: str | None = None, *, lang: str = "zh-CN",
           today: dt.date | None = None):
    """Write the term report (one workbook, or a csv per sheet); audited. Returns (progress, files)."""
    from schoolcare.domain.roles import Permission

    from schoolcare.services import audit
    from schoolcare.services.reports import term_report
    from schoolcare.services.access import require
    from schoolcare.services.tabular import write_tables
    from schoolcare.services.tx import writing

    require(actor, Permission.EXPORT)
    progress = term_report.term_progress(actor, settings, term_id, today=today)
    files = write_tables(path, fmt, sheets(actor, settings, progress, lang, today=today))
    with writing():
        audit.record(actor, "export", "term_report", None,
                     changes={"term": progress.term.id, "format": fmt, "file": str(path)})
    return progress, files
