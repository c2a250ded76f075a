"""The rules engine: what each care rule made due, what was done and what is overdue, for whoever is asking.

One engine for every screen, report and export: `term_compliance` gives the
figures of each rule by period, class and teacher (one query per rule, or one
for the pupil rules that owe the same weeks: the weekly call and talk);
`term_totals` only their totals (the previous term's change);
`statuses` gives each pupil's (class's, school's) standing on a rule (one query);
`overdue` and `care_week` are built from `statuses`. Everything is scoped to
the acting user: a teacher gets their own pupils and the class they lead.

Dates (domain.periods has the arithmetic): a pupil owes the periods from the one
containing their enrolment (a pupil added today owes this week, due until it
ends, nothing before; a pupil with no enrolment date, from before dates were
kept, owes every period, as always) to the one they leave in; a term's pupils
are those enrolled by its last day, so adding a pupil never changes a past
term. A class owes its activities from its first pupil's enrolment. A pupil
who has left is `gone`: clear, on no overdue list, in no week.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from operator import itemgetter

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.compliance import (
    CareWeek,
    Cell,
    DueItem,
    Figures,
    OverdueList,
    PupilWeek,
    RuleCompliance,
    Status,
    SubjectStatus,
    TermCompliance,
    subject_status,
)
from schoolcare.domain.periods import RulePlan, week_of
from schoolcare.domain.periods import plan as lay_out
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Rule, Settings, Term
from schoolcare.services.access import pupil_scope
from schoolcare.services.care.rules_sql import (
    Dialect,
    Subjects,
    figures_sql,
    shared_figures_sql,
    statuses_sql,
    totals_sql,
)
from schoolcare.services.errors import NotFound
from schoolcare.store.database import as_date, db, is_sqlite
from schoolcare.store.models import CareAssignment, Pupil, School, SchoolClass, Staff

ENROLLED = "enrolled"


def dialect() -> Dialect:
    return Dialect(postgres=not is_sqlite())


def term_for(settings: Settings, term_id: str | None = None, today: dt.date | None = None) -> Term:
    """The named term, or the one running today (between terms: the one that just ended)."""
    if term_id:
        try:
            return settings.calendar.term(term_id)
        except KeyError:
            known = ", ".join(t.id for t in settings.calendar.terms)
            raise NotFound("care.no_term", term=term_id, known=known) from None
    return settings.calendar.current_or_last(today or clock.today())


def rules_for(actor: Actor, settings: Settings, subject: str | None = None) -> tuple[Rule, ...]:
    """The rules the actor answers for or oversees: a teacher sees no school-wide rule."""
    rules = settings.rules
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        rules = tuple(r for r in rules if r.subject != "school")
    if subject:
        rules = tuple(r for r in rules if r.subject == subject)
    return rules


def _applies(applies_to: str, pupil=Pupil) -> pw.Expression:
    if applies_to == "left_behind":
        return pupil.left_behind == True  # noqa: E712
    if applies_to == "cared":
        return (pupil.left_behind == True) | (pupil.in_difficulty == True)  # noqa: E712
    return pw.SQL("1 = 1")


def present_in(term: Term, pupil=Pupil) -> pw.Expression:
    """Here at some point of the term: enrolled by its last day (or undated), and still enrolled or left
    after it began (they owed the weeks before they left). A pupil added later is no part of the term."""
    enrolled = pupil.enrolled_on.is_null() | (pupil.enrolled_on <= term.end)
    return enrolled & ((pupil.status == ENROLLED) | (pupil.left_on.is_null(False) & (pupil.left_on > term.start)))


def owed_since(pupil, null_date: pw.SQL) -> pw.Case:
    """A class's or the school's first day of owing, over its grouped pupils: the earliest enrolment, or NULL
    (owes all along) when any of them is undated."""
    return pw.Case(None, [(pw.fn.COUNT(pw.SQL("*")) > pw.fn.COUNT(pupil.enrolled_on), null_date)],
                   pw.fn.MIN(pupil.enrolled_on))


def _subjects(actor: Actor, rule: Rule, term: Term, d: Dialect, class_id: int | None = None) -> Subjects:
    # peewee takes ~4 ms to write the scoped sub-query out; the text depends only on these, so keep it.
    return _subjects_sql(actor, rule.subject, rule.applies_to, term, d, class_id)


@lru_cache(maxsize=256)
def _subjects_sql(actor: Actor, subject: str, applies_to: str, term: Term, d: Dialect,
                  class_id: int | None = None) -> Subjects:
    """The subjects of a rule in the actor's reach; `class_id`: only that class's pupils (or that class)."""
    null_date = pw.SQL(d.null_date())
    if subject == "pupil":
        query = Pupil.select(
            Pupil.id.alias("subject_id"), Pupil.school_class.alias("class_id"), Pupil.enrolled_on, Pupil.left_on,
        ).where(pupil_scope(actor) & _applies(applies_to) & present_in(term))
        if class_id is not None:
            query = query.where(Pupil.school_class == class_id)
    elif subject == "class":
        member = Pupil.alias()
        # A class owes its activities from the day its first pupil the rule applies to was enrolled (an
        # undated pupil: always), so a class that gains its first pupil today owes nothing before. One
        # grouped join over the term's pupils, not a query per class.
        since = owed_since(member, null_date)
        query = (
            SchoolClass.select(
                SchoolClass.id.alias("subject_id"), SchoolClass.id.alias("class_id"),
                since.alias("enrolled_on"), null_date.alias("left_on"),
            )
            .join(member, on=(member.school_class == SchoolClass.id))
            # The pupils' school too: a class's pupils are its school's, and with it the planner reads the
            # school's pupils through their index, not a county's pupil table.
            .where((SchoolClass.school == actor.school_id) & (member.school == actor.school_id)
                   & _applies(applies_to, member) & present_in(term, member))
            .group_by(SchoolClass.id)
        )
        if not actor.can(Permission.VIEW_ALL_PUPILS):
            query = query.where(SchoolClass.homeroom_teacher == actor.staff_id)
        if class_id is not None:
            query = query.where(SchoolClass.id == class_id)
    else:
        # The school owes its own activities as a class does: from the day its first pupil the rule applies to
        # was enrolled (an undated pupil: always), so a school added to a county today owes nothing for past
        # terms, nor a term it had no pupils in.
        member = Pupil.alias()
        since = owed_since(member, null_date)
        query = (
            School.select(
                School.id.alias("subject_id"), pw.SQL(d.null_int()).alias("class_id"),
                since.alias("enrolled_on"), null_date.alias("left_on"),
            )
            .join(member, on=(member.school == School.id))
            .where((School.id == actor.school_id) & _applies(applies_to, member) & present_in(term, member))
            .group_by(School.id)
        )
    sql, params = query.sql()
    narrow = class_id is not None or not actor.can(Permission.VIEW_ALL_PUPILS)
    return Subjects(d.inline(sql, params), (), narrow=narrow and subject != "school")


@lru_cache(maxsize=256)
def _shared_subjects(actor: Actor, applies_to: tuple[str, ...], term: Term, d: Dialect) -> Subjects:
    """The pupils any of several rules applies to, flagged a0, a1 … (1: the rule applies to the pupil)."""
    flags = [pw.Case(None, [(_applies(a), 1)], 0).alias(f"a{i}") for i, a in enumerate(applies_to)]
    reach = _applies(applies_to[0])
    for other in applies_to[1:]:
        reach = reach | _applies(other)
    query = Pupil.select(
        Pupil.id.alias("subject_id"), Pupil.school_class.alias("class_id"), Pupil.enrolled_on, Pupil.left_on, *flags,
    ).where(pupil_scope(actor) & reach & present_in(term))
    sql, params = query.sql()
    return Subjects(d.inline(sql, params), (), narrow=not actor.can(Permission.VIEW_ALL_PUPILS))


def _shared_by(rule: Rule) -> tuple:
    """Rules with the same key owe the same periods of the same pupils (or some of them) and answer to the same
    teacher, so one query serves them all (shared_figures_sql); class and school rules stand alone."""
    if rule.subject != "pupil":
        return ("alone", rule.id)
    return ("pupil", rule.period, rule.holidays_count, rule.responsible)


def _compliances(actor: Actor, settings: Settings, rules: list[Rule], term: Term,
                 as_of: dt.date, plain: bool = False) -> tuple[RuleCompliance, ...]:
    groups: dict[tuple, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(_shared_by(rule), []).append(rule)
    found: dict[str, RuleCompliance] = {}
    for members in groups.values():
        if len(members) == 1:
            found[members[0].id] = rule_compliance(actor, settings, members[0], term, as_of, plain)
        else:
            found.update(_shared_compliance(actor, settings, tuple(members), term, as_of, plain))
    return tuple(found[rule.id] for rule in rules)


def _shared_compliance(actor: Actor, settings: Settings, rules: tuple[Rule, ...], term: Term,
                       as_of: dt.date, plain: bool = False) -> dict[str, RuleCompliance]:
    """rule_compliance for rules sharing their periods and teacher (_shared_by), in one query."""
    plans = tuple(_plan(settings, term, rule, as_of) for rule in rules)
    due = plans[0].due_periods
    if not due:
        return {rule.id: RuleCompliance(rule, as_of, (), ()) for rule in rules}
    d = dialect()
    subjects = _shared_subjects(actor, tuple(rule.applies_to for rule in rules), term, d)
    sql, params = shared_figures_sql(plans, d, subjects, actor.school_id,
                                     held_until_then=not _spells_after(actor.school_id, as_of))
    rows = db.execute_sql(sql, params).fetchall()
    found = {}
    for i, rule in enumerate(rules):
        pick, owed = itemgetter(0, 1, 2, 3 + 2 * i, 4 + 2 * i), itemgetter(3 + 2 * i)
        # A row owed by none of this rule's pupils is no cell of this rule.
        cells = tuple(map(pick, filter(owed, rows))) if plain else tuple(map(Cell._make, map(pick, filter(owed, rows))))
        found[rule.id] = RuleCompliance(rule, as_of, due, cells)
    return found


def _spells_after(school_id: int, day: dt.date) -> bool:
    """Whether a care-teacher spell of the school starts or ends after `day` (a reassignment dated ahead)."""
    return db.execute_sql(*_spells_after_sql(school_id, day, is_sqlite())).fetchone() is not None


@lru_cache(maxsize=64)  # the text depends only on these (and the backend's placeholders): written once
def _spells_after_sql(school_id: int, day: dt.date, sqlite: bool) -> tuple[str, list]:
    return CareAssignment.select(CareAssignment.id).where(
        (CareAssignment.school == school_id)
        & ((CareAssignment.start_on > day) | (CareAssignment.end_on.is_null(False) & (CareAssignment.end_on > day)))
    ).limit(1).sql()


@lru_cache(maxsize=64)
def _names_sql(school_id: int, sqlite: bool) -> tuple[str, list]:
    """The school's class names and staff names, as one statement (one round trip): rows of (0: a class or
    1: a member of staff, id, name)."""
    classes = SchoolClass.select(pw.Value(0), SchoolClass.id, SchoolClass.name).where(SchoolClass.school == school_id)
    staff = Staff.select(pw.Value(1), Staff.id, Staff.name).where(Staff.school == school_id)
    return classes.union_all(staff).sql()


def _plan(settings: Settings, term: Term, rule: Rule, as_of: dt.date) -> RulePlan:
    return lay_out(settings.calendar, term, rule, as_of)


def rule_compliance(actor: Actor, settings: Settings, rule: Rule, term: Term, as_of: dt.date,
                    plain: bool = False) -> RuleCompliance:
    """One rule's figures over a term: one query, grouped by period, class and responsible teacher (`plain`:
    the cells as plain tuples in Cell's order, see term_compliance)."""
    laid = _plan(settings, term, rule, as_of)
    if not laid.due_periods:
        return RuleCompliance(rule, as_of, (), ())
    d = dialect()
    sql, params = figures_sql(laid, d, _subjects(actor, rule, term, d), actor.school_id)
    # The columns come back as ints on both backends (COUNT, SUM of 0/1, a VALUES index), in Cell's order.
    rows = db.execute_sql(sql, params).fetchall()
    cells = tuple(rows) if plain else tuple(map(Cell._make, rows))
    return RuleCompliance(rule, as_of, laid.due_periods, cells)


def rule_totals(actor: Actor, settings: Settings, rule: Rule, term: Term, as_of: dt.date) -> Figures:
    """One rule's figures over a term in total (RuleCompliance.total), without the cells behind them."""
    laid = _plan(settings, term, rule, as_of)
    if not laid.due_periods:
        return Figures()
    d = dialect()
    sql, params = totals_sql(laid, d, _subjects(actor, rule, term, d), actor.school_id)
    return Figures(*(int(v or 0) for v in db.execute_sql(sql, params).fetchone()))


def term_totals(actor: Actor, settings: Settings, term_id: str | None = None, *, as_of: dt.date | None = None,
                rule_ids: tuple[str, ...] | None = None) -> dict[str, Figures]:
    """Rule id → the rule's figures over a term in total: term_compliance's totals, one cheaper query a rule
    (for a comparison that needs no class, teacher or period)."""
    as_of = as_of or clock.today()
    term = term_for(settings, term_id, as_of)
    return {rule.id: rule_totals(actor, settings, rule, term, as_of)
            for rule in rules_for(actor, settings) if rule_ids is None or rule.id in rule_ids}


def term_compliance(actor: Actor, settings: Settings, term_id: str | None = None, *,
                    as_of: dt.date | None = None, rule_ids: tuple[str, ...] | None = None,
                    plain_cells: bool = False, names: bool = True) -> TermCompliance:
    """Every rule's figures for a term (the current one by default) as of a day (today by default).

    `plain_cells`: each rule's cells as plain tuples in Cell's order, for a caller that only sums them (the term
    progress): thousands of named tuples cost more than the summing. RuleCompliance's own cuts need Cells.
    `names=False` leaves class_names and teacher_names empty, for a caller that reads them with its own.
    """
    as_of = as_of or clock.today()
    term = term_for(settings, term_id, as_of)
    rules = [r for r in rules_for(actor, settings) if rule_ids is None or r.id in rule_ids]
    figures = _compliances(actor, settings, rules, term, as_of, plain_cells)
    found: tuple[dict, dict] = ({}, {})
    if names:
        for kind, key, name in db.execute_sql(*_names_sql(actor.school_id, is_sqlite())).fetchall():
            found[kind][key] = name
    return TermCompliance(term, as_of, figures, class_names=found[0], teacher_names=found[1])


def statuses(actor: Actor, settings: Settings, rule_id: str, term_id: str | None = None, *,
             as_of: dt.date | None = None, only_overdue: bool = False,
             class_id: int | None = None) -> list[SubjectStatus]:
    """Each subject's standing on one rule (only the overdue ones if asked), in class and student-number order;
    `class_id`: only that class's pupils (or that class), read as such rather than picked from the school's."""
    as_of = as_of or clock.today()
    term = term_for(settings, term_id, as_of)
    try:
        rule = next(r for r in rules_for(actor, settings) if r.id == rule_id)
    except StopIteration:
        raise NotFound("care.no_rule", rule=rule_id) from None
    return _statuses(actor, settings, rule, term, as_of, only_overdue, class_id)


def _statuses(actor, settings, rule: Rule, term: Term, as_of: dt.date, only_overdue: bool,
              class_id: int | None = None) -> list[SubjectStatus]:
    laid = _plan(settings, term, rule, as_of)
    if not laid.due_periods:
        return []
    d = dialect()
    subjects = _subjects(actor, rule, term, d, None if rule.subject == "school" else class_id)
    sql, params = statuses_sql(laid, d, subjects, actor.school_id, only_overdue=only_overdue)
    current, previous = laid.current, laid.previous
    day = min(max(as_of, term.start), term.end)
    found = []
    for (subject_id, name, number, class_id, class_name, teacher_id, teacher_name,
         cur_n, prev_n, owed, missed, last_on, left_on) in db.execute_sql(sql, params).fetchall():
        left_on = as_date(left_on)
        gone = left_on is not None and left_on <= day
        state = Status.CLEAR if gone else subject_status(
            current=None if cur_n is None else int(cur_n),
            previous=None if prev_n is None else int(prev_n),
            needed=rule.at_least,
        )
        due_by = None if gone else (
            current.end if current is not None else (previous.end if state is Status.OVERDUE else None))
        found.append(SubjectStatus(
            rule_id=rule.id, subject=rule.subject, subject_id=subject_id, name=name, status=state,
            count=int(cur_n or 0), needed=rule.at_least, missed=int(missed or 0), owed=int(owed or 0),
            due_by=due_by, last_on=as_date(last_on), class_id=class_id, class_name=class_name or "",
            teacher_id=teacher_id, teacher_name=teacher_name or "", student_no=number or "", gone=gone,
        ))
    return found


def overdue(actor: Actor, settings: Settings, term_id: str | None = None, *,
            as_of: dt.date | None = None) -> list[OverdueList]:
    """For each rule, the subjects overdue today (one query per rule), ready to group by class or teacher."""
    as_of = as_of or clock.today()
    term = term_for(settings, term_id, as_of)
    return [
        OverdueList(rule, tuple(_statuses(actor, settings, rule, term, as_of, True)))
        for rule in rules_for(actor, settings)
    ]


def care_week(actor: Actor, settings: Settings, *, as_of: dt.date | None = None,
              term_id: str | None = None) -> CareWeek:
    """The week as the actor sees it: each pupil in reach with their status on every pupil rule, and what comes due next."""
    as_of = as_of or clock.today()
    term = term_for(settings, term_id, as_of)
    pupil_rules = rules_for(actor, settings, "pupil")
    per_rule = {rule.id: _statuses(actor, settings, rule, term, as_of, False) for rule in pupil_rules}
    rows: dict[int, dict] = {}
    for rule in pupil_rules:
        for status in per_rule[rule.id]:
            if status.gone:  # left the school: nothing to do for them this week
                continue
            row = rows.setdefault(status.subject_id, {"status": status, "statuses": {}})
            row["statuses"][rule.id] = status
    week_rows = tuple(
        PupilWeek(pid, row["status"].name, row["status"].student_no, row["status"].class_name, row["statuses"])
        for pid, row in rows.items()
    )
    class_rules = rules_for(actor, settings, "class")
    classes = tuple(s for rule in class_rules for s in _statuses(actor, settings, rule, term, as_of, False))
    next_due = [_due_item(rule, per_rule[rule.id]) for rule in pupil_rules]
    next_due += [_due_item(rule, [c for c in classes if c.rule_id == rule.id]) for rule in class_rules]
    from schoolcare.services.care.followups import open_follow_ups

    next_due += [
        DueItem(f.due, "follow_up", 1, overdue=int(f.due is not None and f.due < as_of), text=f.action,
                pupil_id=f.pupil_id)
        for f in open_follow_ups(actor, limit=20)
    ]
    next_due = [item for item in next_due if item.count]
    next_due.sort(key=lambda item: (item.due_by or dt.date.max, -item.overdue))
    return CareWeek(term, as_of, week_of(term, as_of), tuple(r.id for r in pupil_rules), week_rows,
                    classes, tuple(next_due))


def _due_item(rule: Rule, found: list[SubjectStatus]) -> DueItem:
    pending = [s for s in found if s.status in (Status.DUE, Status.OVERDUE)]
    due_by = min((s.due_by for s in pending if s.due_by), default=None)
    return DueItem(due_by, rule.id, len(pending), overdue=sum(s.status is Status.OVERDUE for s in pending))
