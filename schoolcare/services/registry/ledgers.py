"""台账 at three levels as .xlsx / .csv: the school's master ledger (总账), a class's detail (明细), a teacher's care record (帮扶记录)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.eligibility import age_on
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Term
from schoolcare.i18n import text, word
from schoolcare.services import audit
from schoolcare.services.access import class_in_reach, pupil_scope, require
from schoolcare.services.accounts.school import school_name
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.print_layout import PrintHeading, term_period
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tx import writing
from schoolcare.store.models import (
    CareAssignment,
    FamilyCall,
    Guardian,
    HomeVisit,
    Pupil,
    SchoolClass,
    Staff,
    TeacherTalk,
)

KINDS = ("school", "class", "teacher")


def _text(key: str, lang: str) -> str:
    """A heading or word of the ledgers (i18n/registry.py, registry.ledger.*) in the file's language."""
    return text(lang, f"registry.ledger.{key}")


def _word(vocabulary: str, value: str, lang: str) -> str:
    """A vocabulary value's word (gender, relation, channel); a value the catalog lacks shows as itself."""
    return word(lang, f"registry.ledger.{vocabulary}.{value}", value)


def _yes(value: bool, lang: str) -> str:
    return _text("yes" if value else "no_", lang)


# ---------------------------------------------------------------- pupils with families, in a few queries

# 全国学籍号 after the birth date, where a 台账 puts the ID number (身份证号 / 学籍号).
PUPIL_HEADERS = ("no", "student_no", "name", "gender", "birth_date", "age", "national_id", "class", "category",
                 "boarding", "address",
                 "father", "father_where", "father_phone", "mother", "mother_where", "mother_phone",
                 "guardian", "guardian_relation", "guardian_phone", "teacher", "teacher_phone", "teacher_since",
                 "calls", "talks", "visits", "last_visit")


def _pupils(actor: Actor, where: pw.Expression, scope: pw.Expression | None = None) -> list[dict]:
    current = CareAssignment.alias("current")
    teacher = Staff.alias("teacher")
    return list(
        Pupil.select(Pupil, SchoolClass.name.alias("class_name"), teacher.name.alias("teacher_name"),
                     teacher.phone.alias("teacher_phone"), current.start_on.alias("teacher_since"))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .switch(Pupil)
        .join(current, pw.JOIN.LEFT_OUTER, on=((current.pupil == Pupil.id) & current.end_on.is_null()))
        .join(teacher, pw.JOIN.LEFT_OUTER, on=(current.teacher == teacher.id))
        .where((pupil_scope(actor) if scope is None else scope) & (Pupil.status == "enrolled") & where)
        .order_by(Pupil.school, SchoolClass.grade, SchoolClass.number, Pupil.student_no)
        .dicts()
    )


def _families(pupil_ids: list[int]) -> dict[int, dict[str, Guardian]]:
    families: dict[int, dict[str, Guardian]] = {}
    for start in range(0, len(pupil_ids), 500):
        query = Guardian.select().where(Guardian.pupil.in_(pupil_ids[start:start + 500])).order_by(
            Guardian.position, Guardian.id)
        for g in query:
            family = families.setdefault(g.pupil_id, {})
            if g.relation in ("father", "mother"):
                family.setdefault(g.relation, g)
            elif g.entrusted or g.day_to_day:
                family.setdefault("guardian", g)
    return families


def _counts(pupil_ids: pw.Select, term: Term) -> dict[int, dict[str, object]]:
    """Care records per pupil in the term: three GROUP BY queries, whatever the number of pupils."""
    counts: dict[int, dict[str, object]] = {}
    span = lambda model: model.date.between(term.start, term.end) & (model.withdrawn == False)  # noqa: E712,E731
    for key, model, extra in (("calls", FamilyCall, FamilyCall.connected == True),  # noqa: E712
                              ("talks", TeacherTalk, None), ("visits", HomeVisit, None)):
        where = model.pupil.in_(pupil_ids) & span(model)
        if extra is not None:
            where &= extra
        query = model.select(model.pupil, pw.fn.COUNT(model.id), pw.fn.MAX(model.date)).where(where).group_by(model.pupil)
        for pid, n, last in query.tuples():
            counts.setdefault(pid, {})[key] = n
            if key == "visits":
                counts[pid]["last_visit"] = last
    return counts


def _category(p: dict, lang: str) -> str:
    flags = [_text(f"cat.{f}", lang) for f in ("left_behind", "in_difficulty", "migrant", "poverty") if p[f]]
    return (", " if lang == "en" else "、").join(flags)


def _pupil_rows(actor: Actor, where: pw.Expression, term: Term, lang: str, today: dt.date, *,
                scope: pw.Expression | None = None, schools: dict[int, str] | None = None) -> list[list[object]]:
    """The ledger's pupil rows; `scope` (default: the actor's reach) and `schools` (id → name, adding a 学校
    column after 序号) let the county ledger build the same rows over a set of schools."""
    scope = pupil_scope(actor) if scope is None else scope
    pupils = _pupils(actor, where, scope)
    ids = [p["id"] for p in pupils]
    families = _families(ids)
    counts = _counts(Pupil.select(Pupil.id).where(scope & (Pupil.status == "enrolled") & where), term)
    rows = []
    for n, p in enumerate(pupils, start=1):
        family = families.get(p["id"], {})
        father, mother, guardian = family.get("father"), family.get("mother"), family.get("guardian")
        done = counts.get(p["id"], {})
        rows.append([
            n, *([schools.get(p["school"], "")] if schools is not None else []),
            p["student_no"], p["name"], _word("g", p["gender"], lang), p["birth_date"], age_on(p["birth_date"], today),
            p["national_id"], p["class_name"] or "", _category(p, lang), _yes(p["boarding"], lang), p["address"],
            father.name if father else "", father.work_place if father and father.away else "", father.phone if father else "",
            mother.name if mother else "", mother.work_place if mother and mother.away else "", mother.phone if mother else "",
            guardian.name if guardian else "", _word("rel", guardian.relation, lang) if guardian else "",
            guardian.phone if guardian else "",
            p["teacher_name"] or "", p["teacher_phone"] or "", p["teacher_since"],
            done.get("calls", 0), done.get("talks", 0), done.get("visits", 0), done.get("last_visit"),
        ])
    return rows


def _cared() -> pw.Expression:
    return (Pupil.left_behind == True) | (Pupil.in_difficulty == True)  # noqa: E712


# ---------------------------------------------------------------- the three ledgers

def master_ledger(actor: Actor, term: Term, lang: str, today: dt.date | None = None) -> list[Sheet]:
    """总账: every left-behind or in-difficulty pupil within the actor's reach, then the figures by class."""
    today = today or clock.today()
    headers = [_text(h, lang) for h in PUPIL_HEADERS]
    rows = _pupil_rows(actor, _cared(), term, lang, today)
    current = CareAssignment.select(CareAssignment.pupil).where(CareAssignment.end_on.is_null())
    lb = (Pupil.left_behind == True)  # noqa: E712
    summary = (
        Pupil.select(SchoolClass.name, pw.fn.COUNT(Pupil.id),
                     pw.fn.SUM(pw.Case(None, [(lb, 1)], 0)),
                     pw.fn.SUM(pw.Case(None, [(lb & Pupil.id.in_(current), 1)], 0)))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .where(pupil_scope(actor) & (Pupil.status == "enrolled"))
        .group_by(SchoolClass.id, SchoolClass.name, SchoolClass.grade, SchoolClass.number)
        .order_by(SchoolClass.grade, SchoolClass.number)
        .tuples()
    )
    by_class = [[name or "", n, lb_n or 0, a or 0, round(100 * (a or 0) / lb_n, 1) if lb_n else 100.0]
                for name, n, lb_n, a in summary]
    return [
        Sheet(_text("sheet.master", lang), headers, rows),
        Sheet(_text("sheet.summary", lang), [_text(k, lang) for k in ("class", "pupils", "left_behind", "assigned", "coverage")],
              by_class),
    ]


def class_ledger(actor: Actor, class_id: int, term: Term, lang: str, today: dt.date | None = None) -> list[Sheet]:
    """明细: one class's left-behind and in-difficulty pupils (a teacher: only the ones within reach)."""
    school_class = class_in_reach(actor, class_id)
    rows = _pupil_rows(actor, _cared() & (Pupil.school_class == class_id), term, lang, today or clock.today())
    return [Sheet(f"{_text('sheet.class', lang)} {school_class.name}", [_text(h, lang) for h in PUPIL_HEADERS], rows)]


def teacher_ledger(actor: Actor, teacher_id: int, term: Term, lang: str, today: dt.date | None = None) -> list[Sheet]:
    """帮扶记录: a care teacher's details, their pupils, and every talk, visit and call about them in the term."""
    if teacher_id != actor.staff_id and not actor.can(Permission.VIEW_ALL_PUPILS):
        raise PermissionDenied("registry.own_care_record_only")
    teacher = Staff.get_or_none((Staff.id == teacher_id) & (Staff.school == actor.school_id))
    if teacher is None:
        raise NotFound("registry.staff_not_found", id=teacher_id)
    today = today or clock.today()
    mine = CareAssignment.select(CareAssignment.pupil).where(
        (CareAssignment.teacher == teacher_id) & CareAssignment.end_on.is_null())
    pupil_rows = _pupil_rows(actor, Pupil.id.in_(mine), term, lang, today)
    details = [[_text(k, lang), v] for k, v in (
        ("school", school_name(actor)), ("term", term.name.get(lang)), ("teacher", teacher.name), ("post", teacher.post),
        ("phone", teacher.phone), ("teacher_age", teacher.age or ""), ("teacher_address", teacher.address),
        ("caseload", len(pupil_rows)),
    )]
    return [
        Sheet(_text("sheet.teacher", lang), [_text("item", lang), _text("value", lang)], details),
        Sheet(_text("sheet.pupils", lang), [_text(h, lang) for h in PUPIL_HEADERS], pupil_rows),
        Sheet(_text("sheet.records", lang), [_text(k, lang) for k in ("date", "student_no", "name", "kind", "with_whom",
                                                                    "content", "recorded_by")],
              _records(actor, mine, term, lang)),
    ]


def _records(actor: Actor, pupil_ids: pw.Select, term: Term, lang: str) -> list[list[object]]:
    names = dict(Staff.select(Staff.id, Staff.name).where(Staff.school == actor.school_id).tuples())
    pupils = {p.id: p for p in Pupil.select(Pupil.id, Pupil.student_no, Pupil.name).where(
        Pupil.id.in_(pupil_ids) & pupil_scope(actor))}
    rows: list[tuple] = []
    in_term = lambda model: model.pupil.in_(list(pupils)) & model.date.between(term.start, term.end) & (model.withdrawn == False)  # noqa: E712,E731
    for c in FamilyCall.select().where(in_term(FamilyCall) & (FamilyCall.connected == True)):  # noqa: E712
        kind = "kind.teacher_line" if c.teacher_line else "kind.family_call"
        what = " ".join(x for x in (_word("ch", c.channel, lang), f"{c.duration_min}′" if c.duration_min else "", c.notes) if x)
        rows.append((c.date, c.pupil_id, _text(kind, lang), _word("rel", c.with_whom, lang) if c.with_whom else "", what,
                     names.get(c.recorded_by_id, "")))
    for t in TeacherTalk.select().where(in_term(TeacherTalk)):
        rows.append((t.date, t.pupil_id, _text("kind.teacher_talk", lang), names.get(t.teacher_id, ""),
                     " — ".join(x for x in (t.topic, t.notes) if x), names.get(t.recorded_by_id, "")))
    for v in HomeVisit.select().where(in_term(HomeVisit)):
        findings = " / ".join(x for x in (v.family_findings, v.guardianship_findings, v.schooling_findings) if x)
        rows.append((v.date, v.pupil_id, _text("kind.home_visit", lang), v.met_whom, findings,
                     names.get(v.recorded_by_id or v.teacher_id, "")))
    rows.sort(key=lambda r: (r[0], pupils[r[1]].student_no))
    return [[r[0], pupils[r[1]].student_no, pupils[r[1]].name, *r[2:]] for r in rows]


def export_ledger(actor: Actor, path: Path | str, fmt: str, lang: str, term: Term, *, class_id: int | None = None,
                  teacher_id: int | None = None, today: dt.date | None = None) -> list[Path]:
    """Write one ledger (the master ledger unless a class or a teacher is named) and audit the export."""
    require(actor, Permission.EXPORT)
    if class_id is not None and teacher_id is not None:
        raise ValidationError("registry.class_or_teacher", "ledger")
    if fmt not in ("xlsx", "csv"):
        raise ValidationError("choice", "format", allowed="xlsx / csv")
    if class_id is not None:
        kind, sheets = "class", class_ledger(actor, class_id, term, lang, today)
    elif teacher_id is not None:
        kind, sheets = "teacher", teacher_ledger(actor, teacher_id, term, lang, today)
    else:
        kind, sheets = "school", master_ledger(actor, term, lang, today)
    heading = PrintHeading(text(lang, "print.title.ledger"), school_name(actor), term_period(lang, term),
                           today or clock.today(), lang)
    files = write_tables(Path(path), fmt, sheets, heading=heading)
    with writing():
        audit.record(actor, "export", "ledger", class_id or teacher_id, changes={
            "kind": kind, "term": term.id, "format": fmt, "files": [f.name for f in files],
            "rows": sum(len(s.rows) for s in sheets),
        })
    return files


def class_by_name(actor: Actor, name: str) -> int:
    """A class id from what a user types: its name (三年级(2)班) or grade.number (3.2)."""
    wanted = name.strip()
    for c in SchoolClass.select().where(SchoolClass.school == actor.school_id):
        if wanted in (c.name, f"{c.grade}.{c.number}", f"{c.grade}-{c.number}"):
            return c.id
    raise ValidationError("registry.no_class_named", "class", name=wanted)


def staff_by_login(actor: Actor, login: str) -> int:
    staff = Staff.get_or_none((Staff.login == login.strip().lower()) & (Staff.school == actor.school_id))
    if staff is None:
        raise ValidationError("registry.no_login", "teacher", login=login)
    return staff.id
