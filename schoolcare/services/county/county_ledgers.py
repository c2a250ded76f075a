"""The county's ledgers (R14) over the schools a county account reads: the county master ledger (every cared-for
child with its school), the quarterly roll-up for civil affairs (each school's quarter and what changed since its
last submission) and the county term report (each school's term progress and the county's total); exported as
the school ledgers are (xlsx laid out for print, or csv), audited.

Each ledger reuses the school's own: the master ledger's rows come from services/registry/ledgers.py over the
school set (a fixed handful of queries for the whole county); the quarterly figures from
services/reports/quarterly.py, school by school as the read-only actor at that school (services/county/reach.py:
each school's comparison is with its own last submission); the term figures from the county home's overview
(services/county/schools.py), which computes the term report's figures for every school at once. So every
school's line agrees with its own report. Sheets are built in county_ledgers_sheets.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.county import CountyOverview
from schoolcare.domain.quarters import Quarter, QuarterlyLedger
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings, Term
from schoolcare.i18n import text
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.county import reach
from schoolcare.services.errors import ValidationError
from schoolcare.services.print_layout import PrintHeading, quarter_period, term_period
from schoolcare.services.registry import ledgers
from schoolcare.services.tabular import Sheet, write_tables
from schoolcare.services.tx import writing
from schoolcare.store.models import AuditEntry, CareAssignment, Pupil, Staff

KINDS = ("county-ledger", "county-quarterly", "county-term-report")


@dataclass(frozen=True)
class SchoolLine:
    """One school of the county with its code, as the ledgers name it."""

    id: int
    code: str
    name: str


def school_lines(actor: Actor) -> list[SchoolLine]:
    """The schools the county actor reads, by code then name (refused for anyone but a county account)."""
    return [SchoolLine(s.id, s.code or "", s.name) for s in reach.schools(actor)]


def county_unit(actor: Actor, lang: str) -> str:
    """Who made the ledger, for its title block (填报单位). The data holds no unit's own name for a county
    account (it belongs to no school, Staff.office is one of three words, no county is named anywhere), so: the
    account's name when it names its office already (县教育局关爱办), else the office with the account's name
    (教育局（钱科长）), so that two offices' or two townships' ledgers are told apart."""
    staff = Staff.select(Staff.office, Staff.name).where(Staff.id == actor.staff_id).first()
    name = staff.name.strip() if staff else ""
    if not staff or not staff.office:
        return name or text(lang, "county_ledger.unit")
    office = text(lang, f"office.{staff.office}")
    if not name or any(text(words, f"office.{staff.office}") in name for words in ("zh-CN", "en")):
        return name or office
    return text(lang, "county_ledger.unit_of", office=office, name=name)


# -- the county master ledger ------------------------------------------------------------------------------

def master_rows(actor: Actor, schools: list[SchoolLine], term: Term, lang: str,
                today: dt.date) -> list[list[object]]:
    """The school ledger's pupil rows over every school given, with the school after 序号; by school (in the
    order given), then class and student number, numbered through the county."""
    if not schools:
        return []
    names = {s.id: s.name for s in schools}
    rows = ledgers._pupil_rows(actor, ledgers._cared(), term, lang, today,
                               scope=Pupil.school.in_(list(names)), schools=names)
    position: dict[str, int] = {}
    for n, s in enumerate(schools):
        position.setdefault(s.name, n)
    rows.sort(key=lambda row: position.get(row[1], len(schools)))  # stable: the class order stays
    for n, row in enumerate(rows, start=1):
        row[0] = n
    return rows


def coverage_by_school(schools: list[SchoolLine]) -> dict[int, tuple[int, int, int]]:
    """school id → (pupils enrolled, left-behind, left-behind with a care teacher): one GROUP BY."""
    if not schools:
        return {}
    current = CareAssignment.select(CareAssignment.pupil).where(CareAssignment.end_on.is_null())
    lb = Pupil.left_behind == True  # noqa: E712
    query = (Pupil.select(Pupil.school, pw.fn.COUNT(Pupil.id), pw.fn.SUM(pw.Case(None, [(lb, 1)], 0)),
                          pw.fn.SUM(pw.Case(None, [(lb & Pupil.id.in_(current), 1)], 0)))
             .where(Pupil.school.in_([s.id for s in schools]) & (Pupil.status == "enrolled"))
             .group_by(Pupil.school).tuples())
    return {school: (int(n or 0), int(lb_n or 0), int(a or 0)) for school, n, lb_n, a in query}


def master_ledger(actor: Actor, term: Term, lang: str, today: dt.date | None = None) -> list[Sheet]:
    """县总账: every left-behind or in-difficulty child of every school in reach, with its school; then the
    figures by school."""
    from schoolcare.services.county.county_ledgers_sheets import master_sheets

    require(actor, Permission.VIEW_COUNTY)
    today = today or clock.today()
    schools = school_lines(actor)
    return master_sheets(schools, master_rows(actor, schools, term, lang, today), coverage_by_school(schools),
                         lang)


# -- the quarterly roll-up -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SchoolQuarter:
    school: SchoolLine
    ledger: QuarterlyLedger

    @property
    def submitted(self) -> bool:
        """A submission of this very quarter is recorded (the ledger then compares with it)."""
        base = self.ledger.base
        return base is not None and base.quarter == self.ledger.quarter


def parse_quarter(value: Quarter | str | None, today: dt.date) -> Quarter:
    from schoolcare.services.reports import quarterly

    return value if isinstance(value, Quarter) else quarterly.parse_quarter(value, today)


def quarterly_rollup(actor: Actor, quarter: Quarter | str | None = None, *,
                     today: dt.date | None = None) -> list[SchoolQuarter]:
    """Each school's quarterly ledger, marked against that school's last recorded submission (the school's own
    service, read as the county's read-only actor there)."""
    from schoolcare.services.reports import quarterly

    require(actor, Permission.VIEW_COUNTY)
    today = today or clock.today()
    quarter = parse_quarter(quarter, today)
    return [SchoolQuarter(s, quarterly.ledger(reach.at_school(actor, s.id), quarter, today=today))
            for s in school_lines(actor)]


# -- the county term report ----------------------------------------------------------------------------------

def term_rollup(actor: Actor, settings: Settings, term_id: str | None = None, *,
                today: dt.date | None = None) -> CountyOverview:
    """Every school's term figures (the county home's, services/county/schools.py: the term report's own
    definitions, computed for the whole reach in a handful of GROUP BY queries)."""
    from schoolcare.services.county import schools

    require(actor, Permission.VIEW_COUNTY)
    return schools.overview(actor, settings, term_id, today=today or clock.today())


# -- export ----------------------------------------------------------------------------------------------------

def export(actor: Actor, settings: Settings, kind: str, path: Path | str, fmt: str, *, lang: str = "zh-CN",
           term_id: str | None = None, quarter: Quarter | str | None = None,
           today: dt.date | None = None) -> list[Path]:
    """Write one county ledger (kind: county-ledger | county-quarterly | county-term-report) and audit the
    export, as the school exports are."""
    from schoolcare.services.care import rules as rules_engine
    from schoolcare.services.county import county_ledgers_sheets as sheets

    require(actor, Permission.VIEW_COUNTY)
    require(actor, Permission.EXPORT)
    if kind not in KINDS:
        raise ValidationError("choice", "what", allowed=" / ".join(KINDS))
    if fmt not in ("xlsx", "csv"):
        raise ValidationError("choice", "format", allowed="xlsx / csv")
    today = today or clock.today()
    unit = county_unit(actor, lang)
    changes: dict[str, object] = {"kind": kind, "format": fmt}
    if kind == "county-ledger":
        term = rules_engine.term_for(settings, term_id, today)
        written = master_ledger(actor, term, lang, today)
        heading = PrintHeading(text(lang, "county_ledger.title.master"), unit, term_period(lang, term), today, lang)
        changes.update(term=term.id, rows=len(written[0].rows))
    elif kind == "county-quarterly":
        found = quarterly_rollup(actor, quarter, today=today)
        the_quarter = parse_quarter(quarter, today)
        written = sheets.quarterly_sheets(found, lang)
        heading = PrintHeading(text(lang, "county_ledger.title.quarterly"), unit,
                               quarter_period(lang, the_quarter.year, the_quarter.number), today, lang)
        changes.update(quarter=the_quarter.label, rows=sum(len(q.ledger.rows) for q in found))
    else:
        overview = term_rollup(actor, settings, term_id, today=today)
        written = sheets.term_sheets(overview, lang)
        heading = PrintHeading(text(lang, "county_ledger.title.term"), unit, term_period(lang, overview.term), today,
                               lang)
        changes.update(term=overview.term.id, rows=len(overview.schools))
    files = write_tables(Path(path), fmt, written, heading=heading)
    changes["files"] = [f.name for f in files]
    school_ids = reach.school_ids(actor)
    changes["schools"] = len(school_ids)
    # A row in each school's own log: a school's audit shows that the county took its children's data out.
    with writing():
        rows = [audit.entry(actor, "export", "county_ledger", None, changes=changes, school_id=sid)
                for sid in school_ids]
        for start in range(0, len(rows), 500):
            AuditEntry.insert_many(rows[start:start + 500]).execute()
    return files
