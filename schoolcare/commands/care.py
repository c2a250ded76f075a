"""`schoolcare report overdue|week`: the overdue lists and the week, from the same engine and scope as the screens.

The words are the catalog's care.report.* (i18n/care.py), in the command's language (--lang, else the config's).
"""
from __future__ import annotations

import argparse
import sys

from schoolcare.commands.context import CommandContext, aligned, cell, labelled, say
from schoolcare.i18n import label
from schoolcare.services.tabular import write_csv  # every CSV cell neutralised, numbers kept numbers

# The overdue report's columns (CSV), the last eight also the text tables'.
OVERDUE_HEADERS = ("care.report.rule", "care.report.subject", "care.report.student_no", "care.report.name",
                   "care.report.class", "care.report.teacher", "care.report.missed", "care.report.owed",
                   "care.report.last_on", "care.report.due_by")

def _as_of(ctx: CommandContext, term_id: str | None):
    """Today; for a past term, its last day (what the term's report was on the day it ended)."""
    from schoolcare.domain import clock

    today = clock.today()
    if term_id is None:
        return today
    term = ctx.settings.calendar.term(term_id)
    return min(today, term.end) if today >= term.start else today


def report_overdue(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Per rule: who is overdue, counted by class and by teacher (text), or one row per overdue subject (CSV)."""
    from schoolcare.services.care import rules

    named = ctx.term(args.term)
    term_id = named.id if named else None
    actor = ctx.open_as_user()
    as_of = _as_of(ctx, term_id)
    term = rules.term_for(ctx.settings, term_id, as_of)
    lists = rules.overdue(actor, ctx.settings, term.id, as_of=as_of)
    if args.format == "csv":
        write_csv(sys.stdout, [say(h) for h in OVERDUE_HEADERS], (
            [label(found.rule.name), say(f"care.report.subject.{s.subject}"), s.student_no, s.name,
             s.class_name, s.teacher_name, s.missed, s.owed, s.last_on, s.due_by]
            for found in lists for s in found.items))
        return 0
    print(say("care.report.overdue_title", term=label(term.name), date=as_of.isoformat()))
    for found in lists:
        print()
        print(say("care.report.rule_count", rule=label(found.rule.name), n=len(found.items)))
        if not found.items:
            continue
        if found.rule.subject == "pupil":
            for title, groups in (("care.report.by_class", found.by_class()),
                                  ("care.report.by_teacher", found.by_teacher())):
                print(f"  {say(title)}")
                counts = [[name or say("care.report.unassigned"), len(items)] for name, items in groups]
                print("\n".join(aligned(counts, "    ")))
        table = [[say(h) for h in OVERDUE_HEADERS[2:]]]
        table += [[s.student_no, s.name, s.class_name, s.teacher_name or say("care.report.unassigned"), s.missed, s.owed,
                   s.last_on, s.due_by] for s in found.items]
        print("\n".join(aligned(table, "  ")))
    return 0


def report_week(args: argparse.Namespace, ctx: CommandContext) -> int:
    """This week for the acting user's pupils: each pupil rule's status, then what comes due next."""
    from schoolcare.services.care import rules

    named = ctx.term(args.term)
    term_id = named.id if named else None
    actor = ctx.open_as_user()
    as_of = _as_of(ctx, term_id)
    week = rules.care_week(actor, ctx.settings, as_of=as_of, term_id=term_id)
    names = {r.id: label(r.name) for r in ctx.settings.rules}
    headers = [say("care.report.student_no"), say("care.report.name"), say("care.report.class")] + [names[r] for r in week.rule_ids]
    rows = [
        [row.student_no, row.name, row.class_name]
        + [_status(row.statuses.get(rule_id)) for rule_id in week.rule_ids]
        for row in week.rows
    ]
    if args.format == "csv":
        write_csv(sys.stdout, headers, rows)
        return 0
    if week.week is None:
        print(labelled(label(week.term.name), say("care.report.no_week")))
    else:
        print(say("care.report.week_title", week=week.week.label, start=week.week.start.isoformat(),
                  end=week.week.end.isoformat(), term=label(week.term.name)))
    print("\n".join(aligned([headers, *rows], "  ")))
    for found in week.classes:
        print(f"  {labelled(f'{names[found.rule_id]} · {found.name}', _status(found))}")
    print()
    print(say("care.report.next_due"))
    if not week.next_due:
        print(f"  {say('care.report.none')}")
    for item in week.next_due:
        what = f"{say('care.report.follow_up')} · {item.text}" if item.what == "follow_up" else names.get(item.what, item.what)
        left = "" if item.what == "follow_up" else say("care.report.pupils_left", n=item.count, late=item.overdue)
        print(f"  {cell(item.due_by) or '—'}  {what}  {left}".rstrip())
    return 0


def _status(found) -> str:
    if found is None:
        return ""
    word = say(f"care.report.status.{found.status.value}")
    return f"{word} {found.count}/{found.needed}" if found.needed > 1 else word
