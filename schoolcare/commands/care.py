"""`schoolcare report overdue|week`: the overdue lists and the week, from the same engine and scope as the screens."""
from __future__ import annotations

import argparse
import csv
import sys

from schoolcare.commands.context import CommandContext, aligned, cell

# The words of these reports in zh-CN and en (headless: no reaching up into the UI catalog).
TEXT = {
    "overdue_title": ("逾期清单 {term}，截至 {date}", "Overdue {term}, as of {date}"),
    "week_title": ("本周关爱 {week}（{start} 至 {end}），{term}", "Care this week {week} ({start} to {end}), {term}"),
    "no_week": ("今天不在学期的教学周内", "today is not in a school week of the term"),
    "rule_count": ("{rule}：{n} 项逾期", "{rule}: {n} overdue"),
    "by_class": ("按班级", "By class"),
    "by_teacher": ("按责任人", "By teacher"),
    "none": ("无", "none"),
    "rule": ("规则", "Rule"),
    "subject": ("对象", "For"),
    "student_no": ("学号", "Student no."),
    "name": ("姓名", "Name"),
    "class": ("班级", "Class"),
    "teacher": ("责任人", "Responsible"),
    "missed": ("本学期漏次", "Missed this term"),
    "owed": ("本学期应做", "Owed this term"),
    "last_on": ("最近一次", "Last record"),
    "due_by": ("截止", "Due by"),
    "status": ("状态", "Status"),
    "next_due": ("接下来要做", "Next due"),
    "follow_up": ("跟进事项", "Follow-up"),
    "pupils_left": ("{n} 名待完成（其中 {late} 名逾期）", "{n} still to do ({late} overdue)"),
    "unassigned": ("（未分配）", "(unassigned)"),
    "status.done": ("已完成", "done"),
    "status.due": ("待完成", "due"),
    "status.overdue": ("逾期", "overdue"),
    "status.clear": ("—", "—"),
    "subject.pupil": ("学生", "pupil"),
    "subject.class": ("班级", "class"),
    "subject.school": ("学校", "school"),
}


def _t(key: str, lang: str, **values) -> str:
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


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
    lang = ctx.language
    as_of = _as_of(ctx, term_id)
    term = rules.term_for(ctx.settings, term_id, as_of)
    lists = rules.overdue(actor, ctx.settings, term.id, as_of=as_of)
    headers = ["rule", "subject", "student_no", "name", "class", "teacher", "missed", "owed", "last_on", "due_by"]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([_t(h, lang) for h in headers])
        for found in lists:
            for s in found.items:
                writer.writerow([found.rule.name.get(lang), _t(f"subject.{s.subject}", lang), s.student_no, s.name,
                                 s.class_name, s.teacher_name, s.missed, s.owed, cell(s.last_on), cell(s.due_by)])
        return 0
    print(_t("overdue_title", lang, term=term.name.get(lang), date=as_of.isoformat()))
    for found in lists:
        print()
        print(_t("rule_count", lang, rule=found.rule.name.get(lang), n=len(found.items)))
        if not found.items:
            continue
        if found.rule.subject == "pupil":
            for title, groups in (("by_class", found.by_class()), ("by_teacher", found.by_teacher())):
                print(f"  {_t(title, lang)}")
                print("\n".join(aligned([[name or _t("unassigned", lang), len(items)] for name, items in groups],
                                        "    ")))
        table = [[_t(h, lang) for h in headers[2:]]]
        table += [[s.student_no, s.name, s.class_name, s.teacher_name or _t("unassigned", lang), s.missed, s.owed,
                   s.last_on, s.due_by] for s in found.items]
        print("\n".join(aligned(table, "  ")))
    return 0


def report_week(args: argparse.Namespace, ctx: CommandContext) -> int:
    """This week for the acting user's pupils: each pupil rule's status, then what comes due next."""
    from schoolcare.services.care import rules

    named = ctx.term(args.term)
    term_id = named.id if named else None
    actor = ctx.open_as_user()
    lang = ctx.language
    as_of = _as_of(ctx, term_id)
    week = rules.care_week(actor, ctx.settings, as_of=as_of, term_id=term_id)
    names = {r.id: r.name.get(lang) for r in ctx.settings.rules}
    headers = [_t("student_no", lang), _t("name", lang), _t("class", lang)] + [names[r] for r in week.rule_ids]
    rows = [
        [row.student_no, row.name, row.class_name]
        + [_status(row.statuses.get(rule_id), lang) for rule_id in week.rule_ids]
        for row in week.rows
    ]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(headers)
        writer.writerows(rows)
        return 0
    if week.week is None:
        print(f"{week.term.name.get(lang)}: {_t('no_week', lang)}")
    else:
        print(_t("week_title", lang, week=week.week.label, start=week.week.start.isoformat(),
                 end=week.week.end.isoformat(), term=week.term.name.get(lang)))
    print("\n".join(aligned([headers, *rows], "  ")))
    for found in week.classes:
        print(f"  {names[found.rule_id]} · {found.name}: {_status(found, lang)}")
    print()
    print(_t("next_due", lang))
    if not week.next_due:
        print(f"  {_t('none', lang)}")
    for item in week.next_due:
        what = _t("follow_up", lang) + f" · {item.text}" if item.what == "follow_up" else names.get(item.what, item.what)
        left = "" if item.what == "follow_up" else _t("pupils_left", lang, n=item.count, late=item.overdue)
        print(f"  {cell(item.due_by) or '—'}  {what}  {left}".rstrip())
    return 0


def _status(found, lang: str) -> str:
    if found is None:
        return ""
    word = _t(f"status.{found.status.value}", lang)
    return f"{word} {found.count}/{found.needed}" if found.needed > 1 else word
