"""Fictional schools at any scale: `generate` fills the open database with people and a history of care records.

The data follow the school's own configuration (calendar, care rules, care-centre
and safety templates) and look like a school that has used schoolcare for a
while: most rules met, with the gaps a real school shows (a few pupils without
a care teacher, missed calls, visits still to make, an overdue hazard).
Everyone in it is fictional (see `fictional`). Loading is set-based and fast:
rows are streamed with their ids into one transaction per table, about a
million rows every few seconds on SQLite.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import contextmanager

from schoolcare.demo.generate_attendance import AttendanceBuilder
from schoolcare.demo.generate_bulk import Ids, Loader, deferred_indexes
from schoolcare.demo.generate_care import CareRecords, SchoolDays
from schoolcare.demo.generate_centre import CentreBuilder
from schoolcare.demo.generate_county import COUNTY_ACCOUNTS, county_accounts
from schoolcare.demo.generate_passwords import AccountHashes
from schoolcare.demo.generate_people import PeopleBuilder, staff_logins
from schoolcare.demo.generate_protection import ProtectionBuilder
from schoolcare.domain import clock
from schoolcare.domain.settings import Calendar, Settings
from schoolcare.i18n import t
from schoolcare.services.errors import ValidationError
from schoolcare.store.database import db, is_sqlite
from schoolcare.store.models import MODELS, ActivityAttendance, FamilyCall, HomeVisit, Staff, TeacherTalk

__all__ = ["generate", "records_start"]


def records_start(calendar: Calendar, today: dt.date, weeks: int | None) -> dt.date:
    """First day of generated history: `weeks` calendar weeks up to this one, or by default
    the start of the previous term (a term and a half of records in mid-autumn)."""
    if weeks is not None:
        return today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    term = calendar.current_or_last(today)
    return (calendar.previous(term) or term).start


def generate(
    pupils: int,
    schools: int = 1,
    weeks: int | None = None,
    *,
    settings: Settings,
    password: str,
    today: dt.date | None = None,
    seed: int = 7,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[str, str]]:
    """Write `schools` fictional schools sharing `pupils` pupils into the open database.

    Returns every account as (role, login), coordinator and principal first for
    each school, then (several schools: a county) one county account per office
    reading every school (generate_county); all share `password`; each school
    has its county code (S01 …). Logins are `coord`, `head`, `t001`… for
    one school and `s1-coord`, `s1-head`, `s1-t001`… for several. The same seed
    (and today) gives the same data.
    """
    if schools < 1:
        raise ValidationError("demo.at_least_one", "schools")
    if pupils < schools:
        raise ValidationError("demo.pupils_per_school", "pupils", schools=schools)
    if weeks is not None and weeks < 1:
        raise ValidationError("demo.at_least_one", "weeks")
    today = today or clock.today()
    say = progress or (lambda message: None)
    calendar = settings.calendar
    shares = [pupils // schools + (1 if i < pupils % schools else 0) for i in range(schools)]
    prefixes = [""] if schools == 1 else [f"s{i + 1}-" for i in range(schools)]
    _check_logins_free(shares, prefixes, county=schools > 1)

    start = records_start(calendar, today, weeks)
    days = SchoolDays(calendar, start, today)
    current = calendar.current_or_last(today)
    first_term = calendar.term_on(days.days[0][0]) if days.days else current
    # The school year a class's grade counts from: autumn term starts it.
    academic_year = current.start.year if current.start.month >= 8 else current.start.year - 1
    rng = random.Random(seed)
    ids, loader = Ids(), Loader(say)
    passwords = AccountHashes(password)  # each account its own salt and hash (generate_passwords)
    people = PeopleBuilder(rng, ids, loader, passwords, today=today, academic_year=academic_year,
                           records_from=start, current_term_start=current.start)
    care = CareRecords(rng, ids, loader, settings, days, today)
    centre = CentreBuilder(rng, ids, loader, settings, days, today)
    protection = ProtectionBuilder(rng, ids, loader, settings, today)
    absences = AttendanceBuilder(rng, ids, loader, settings, today)
    say(t("demo.progress.start", pupils=pupils, schools=schools, start=start, today=today, days=len(days.days)))

    accounts: list[tuple[str, str]] = []
    with _unsynced(), deferred_indexes((FamilyCall, TeacherTalk, ActivityAttendance, HomeVisit), say,
                                       foreign_keys=MODELS):
        for index, (share, prefix) in enumerate(zip(shares, prefixes, strict=True)):
            before = loader.total()
            plan = people.school(index, share, prefix)
            people.pupils(plan, share)
            unassigned = people.assign(plan, first_term.start)
            care.load(plan)
            centre.load(plan)
            protection.load(plan)
            absences.load(plan)
            accounts.extend(plan.accounts)
            cared = sum(p.cared for p in plan.pupils)
            left_behind = sum(p.left_behind for p in plan.pupils)
            say(t("demo.progress.school", index=index + 1, schools=schools, name=plan.name, pupils=share,
                  left_behind=left_behind, more=cared - left_behind, unassigned=len(unassigned),
                  classes=len(plan.classes), staff=len(plan.accounts), rows=loader.total() - before))
        if schools > 1:  # a county: its education bureau, civil affairs and a township read every school
            accounts.extend(county_accounts(ids, loader, passwords, people.stamp))
        passwords.store()
    _finish()
    say(t("demo.progress.done", rows=loader.total()))
    return accounts


def _check_logins_free(shares: list[int], prefixes: list[str], *, county: bool = False) -> None:
    logins = [login for share, prefix in zip(shares, prefixes, strict=True) for _role, login in staff_logins(share, prefix)]
    logins += [login for _office, login, _name in COUNTY_ACCOUNTS] if county else []
    for i in range(0, len(logins), 500):
        taken = Staff.select(Staff.login).where(Staff.login.in_(logins[i:i + 500])).first()
        if taken is not None:
            raise ValidationError("demo.login_taken", "login", login=taken.login)


@contextmanager
def _unsynced():
    """On PostgreSQL, commit the load's transactions without waiting for each to reach the disk.

    A crash can lose only the last moments of fictional rows (never corrupt anything), and a county's
    thousands of per-table commits no longer wait on the disk one by one.
    """
    if is_sqlite():
        yield
        return
    db.execute_sql("SET synchronous_commit TO off")
    try:
        yield
    finally:
        db.execute_sql("RESET synchronous_commit")


def _finish() -> None:
    # Fresh planner statistics on both backends: without them SQLite plans every query over a million rows as
    # if the tables were empty (PostgreSQL's autovacuum would gather them later; SQLite never does).
    db.execute_sql("ANALYZE")
    if is_sqlite():
        # The load went through the write-ahead log; fold it back so the file is complete on its own.
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
