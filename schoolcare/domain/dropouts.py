"""Keeping pupils in school (控辍保学): absence kinds, school days, and a dropout case's step and deadline.

A case goes registration (登记) → persuasion to return (劝返) → the written report
(书面报告) to the education bureau and the township once persuasion has not
worked within the configured days → back in school (复学), transferred (转学) or
closed with an outcome. Deadlines are calendar days counted from the day the
case opened (config incidents.yaml `dropout_deadlines`); the first duty not yet
done is the case's step, overdue once its deadline has passed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings.py holds DropoutRules in Settings, so this module must not import it at run time
    from schoolcare.domain.settings import Calendar

# 事假 / 病假 are excused; 无故旷课 counts towards a dropout case.
ABSENCE_KINDS = ("personal", "sick", "unexcused")
EXCUSED = ("personal", "sick")
# What a person may type for a kind (an import's "kind" column), besides the ids.
KIND_WORDS = {"事假": "personal", "病假": "sick", "无故旷课": "unexcused", "旷课": "unexcused",
              "personal leave": "personal", "sick leave": "sick", "unexcused absence": "unexcused"}

STEPS = ("registration", "persuasion", "written_report", "reported", "returned", "transferred", "closed")
OUTCOMES = ("returned", "transferred", "closed")
# How persuasion was tried (劝返方式).
METHODS = ("home_visit", "phone", "meeting", "other")
TRIGGERS = ("unexcused_absence", "status")
# Whom the written report goes to (劝返无效的应书面报告教育局和乡镇人民政府).
REPORT_TO = ("education_bureau", "township")

AFTER_UNEXCUSED_DAYS = 3
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DropoutRules:
    """incidents.yaml: after how many unexcused school days a case opens, and each step's deadline in days."""

    after_unexcused_days: int = AFTER_UNEXCUSED_DAYS
    registration_days: int = 1  # 登记: within this many days of the case opening
    first_persuasion_days: int = 3  # 首次劝返
    persuasion_days: int = 15  # not back this many days after opening: the written report is due
    written_report_days: int = 3  # 书面报告: within this many days of the persuasion period ending


def is_school_day(calendar: Calendar, day: dt.date) -> bool:
    """Monday to Friday, inside a term, not a holiday."""
    term = calendar.term_on(day)
    return day.weekday() < 5 and term is not None and not term.is_holiday(day)


def not_school_day_reason(calendar: Calendar, day: dt.date) -> str | None:
    """Why `day` is no school day (weekend | holiday | no_term), or None on a school day."""
    term = calendar.term_on(day)
    if term is None:
        return "no_term"
    if day.weekday() >= 5:
        return "weekend"
    if term.is_holiday(day):
        return "holiday"
    return None


def school_days_before(calendar: Calendar, day: dt.date, count: int, limit: int = 120) -> list[dt.date]:
    """Up to `count` school days before `day`, nearest first (looking back at most `limit` days)."""
    found: list[dt.date] = []
    current = day - _ONE_DAY
    for _ in range(limit):
        if len(found) >= count:
            break
        if is_school_day(calendar, current):
            found.append(current)
        current -= _ONE_DAY
    return found


def school_days_after(calendar: Calendar, day: dt.date, count: int, limit: int = 120) -> list[dt.date]:
    found: list[dt.date] = []
    current = day + _ONE_DAY
    for _ in range(limit):
        if len(found) >= count:
            break
        if is_school_day(calendar, current):
            found.append(current)
        current += _ONE_DAY
    return found


def unexcused_run(calendar: Calendar, day: dt.date, unexcused: set[dt.date], needed: int) -> list[dt.date] | None:
    """The first `needed` school days of the run of consecutive unexcused school days through `day`, when the
    run is that long; else None. Weekends and holidays neither break a run nor count in it."""
    if day not in unexcused:
        return None
    run = [day]
    for earlier in school_days_before(calendar, day, needed):
        if earlier not in unexcused:
            break
        run.insert(0, earlier)
    for later in school_days_after(calendar, day, needed):
        if later not in unexcused:
            break
        run.append(later)
    return run[:needed] if len(run) >= needed else None


@dataclass(frozen=True)
class CaseState:
    """What a case waits for now: its step, the duty's deadline, and by how many days it is late."""

    step: str  # one of STEPS
    due: dt.date | None
    overdue_days: int = 0

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def open(self) -> bool:
        return self.step not in OUTCOMES


def case_state(rules: DropoutRules, today: dt.date, *, opened_on: dt.date, registered_on: dt.date | None,
               attempts: int, report_sent_on: dt.date | None, outcome: str | None) -> CaseState:
    """The step a case is at on `today`: the first duty not yet done, with its deadline."""
    if outcome:
        return CaseState(outcome, None)
    if registered_on is None:
        return _due("registration", opened_on + dt.timedelta(days=rules.registration_days), today)
    if attempts == 0:
        return _due("persuasion", opened_on + dt.timedelta(days=rules.first_persuasion_days), today)
    if report_sent_on is not None:
        return CaseState("reported", None)
    persuasion_ends = opened_on + dt.timedelta(days=rules.persuasion_days)
    if today <= persuasion_ends:
        # Persuasion is under way; its deadline says when the written report falls due, nothing is late yet.
        return CaseState("persuasion", persuasion_ends)
    return _due("written_report", persuasion_ends + dt.timedelta(days=rules.written_report_days), today)


def _due(step: str, due: dt.date, today: dt.date) -> CaseState:
    return CaseState(step, due, max(0, (today - due).days))


def absence_kind(value: str) -> str | None:
    """An absence kind id from what was typed (事假, sick, 无故旷课 …), or None when it is none of them."""
    text = value.strip().lower()
    if text in ABSENCE_KINDS:
        return text
    return KIND_WORDS.get(text)
