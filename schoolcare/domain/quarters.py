"""Calendar quarters for the civil-affairs ledger (每季度最后月15日之前更新): due dates, reminders, what changed."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

DUE_DAY = 15  # the 15th of the quarter's last month
_LABEL = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")

# Marks on a ledger row: what changed since the last recorded submission.
NEW, LEFT, STATUS_CHANGED, GUARDIAN_CHANGED = "new", "left", "status_changed", "guardian_changed"
MARKS = (NEW, LEFT, STATUS_CHANGED, GUARDIAN_CHANGED)
# Fields of a snapshot entry whose change counts as a change of status (enrolment or category).
STATUS_FIELDS = ("status", "left_behind", "in_difficulty")
# Fields that are reported as details but are not a mark of their own (a class changes every September).
DETAIL_FIELDS = ("student_no", "name", "class")

# Reminder states for the coordinator's home.
QUIET, DUE, OVERDUE, RECORDED = "quiet", "due", "overdue", "recorded"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2026Q4' (also '2026q4', '2026 Q4'); ValueError naming the expected form otherwise."""
        found = _LABEL.match(text.strip())
        if not found:
            raise ValueError(f"{text!r} is not a quarter: write it as YEARQn, e.g. 2026Q4")
        return cls(int(found.group(1)), int(found.group(2)))

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def last_month_start(self) -> dt.date:
        """The 1st of the quarter's last month: the day the reminder starts."""
        return dt.date(self.year, 3 * self.number, 1)

    @property
    def due(self) -> dt.date:
        return dt.date(self.year, 3 * self.number, DUE_DAY)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


@dataclass(frozen=True)
class QuarterReminder:
    """Whether the coordinator must be reminded of a quarter's ledger update, and how urgently."""

    quarter: Quarter
    state: str  # quiet | due | overdue | recorded
    due: dt.date
    days: int  # due: days left until the due date; overdue: days past it; else 0
    submitted_on: dt.date | None = None

    @property
    def shown(self) -> bool:
        return self.state in (DUE, OVERDUE)


def quarter_in_question(today: dt.date) -> Quarter:
    """The quarter a reminder on `today` is about: this one once its last month has begun, else the one before."""
    this = Quarter.of(today)
    return this if today >= this.last_month_start else this.previous()


def reminder(today: dt.date, submitted_on: dt.date | None, *, quarter: Quarter | None = None,
             since: dt.date | None = None) -> QuarterReminder:
    """The reminder state on `today` for `quarter` (default: quarter_in_question), given its submission date.

    `since` is when the school started using schoolcare: a quarter whose due date passed before
    that is not nagged about (there was nothing to submit from here).
    """
    quarter = quarter or quarter_in_question(today)
    if submitted_on is not None:
        return QuarterReminder(quarter, RECORDED, quarter.due, 0, submitted_on)
    if today < quarter.last_month_start or (since is not None and since > quarter.due):
        return QuarterReminder(quarter, QUIET, quarter.due, 0)
    if today <= quarter.due:
        return QuarterReminder(quarter, DUE, quarter.due, (quarter.due - today).days)
    return QuarterReminder(quarter, OVERDUE, quarter.due, (today - quarter.due).days)


@dataclass(frozen=True)
class LedgerChange:
    """What changed for one pupil between the last submission and now."""

    marks: tuple[str, ...]  # subset of MARKS, in MARKS order
    fields: tuple[str, ...]  # snapshot fields whose value differs (status, class, guardians …)


def compare(previous: dict[str, dict] | None, current: dict[str, dict]) -> dict[str, LedgerChange]:
    """Per pupil key (in either snapshot): the change since `previous`; unchanged pupils are left out.

    With no previous submission there is nothing to compare against, so nothing is marked: the
    first submission is the baseline, not a ledger of "new" pupils.
    """
    if previous is None:
        return {}
    changes: dict[str, LedgerChange] = {}
    for key in current.keys() - previous.keys():
        changes[key] = LedgerChange((NEW,), ())
    for key in previous.keys() - current.keys():
        changes[key] = LedgerChange((LEFT,), ())
    for key in current.keys() & previous.keys():
        before, after = previous[key], current[key]
        if before == after:  # most pupils: one comparison in C instead of seven
            continue
        differing = tuple(f for f in (*DETAIL_FIELDS, *STATUS_FIELDS, "guardians") if before.get(f) != after.get(f))
        if not differing:
            continue
        marks = []
        if any(f in STATUS_FIELDS for f in differing):
            marks.append(STATUS_CHANGED)
        if "guardians" in differing:
            marks.append(GUARDIAN_CHANGED)
        changes[key] = LedgerChange(tuple(marks), differing)
    return changes


# GuardianLine and LedgerRow are named tuples, not frozen dataclasses: a school's ledger makes thousands of them
# on every load, and a frozen dataclass sets each field through object.__setattr__ (five times slower to make).
class GuardianLine(NamedTuple):
    """A guardian as the ledger records them; a change in any field is a guardian change."""

    relation: str  # father | mother | grandfather | grandmother | other
    name: str
    phone: str
    away: bool
    work_place: str
    capacity: str  # full | limited | none
    day_to_day: bool
    entrusted: bool

    def as_list(self) -> list:
        return list(self)

    @classmethod
    def from_list(cls, values: list) -> GuardianLine:
        return cls(*values)


class LedgerRow(NamedTuple):
    """One pupil of the quarterly ledger, with what changed since the last submission."""

    pupil_id: int
    student_no: str
    name: str
    gender: str
    birth_date: dt.date | None
    class_name: str
    status: str  # enrolled | dropped_out | transferred | graduated
    left_behind: bool
    in_difficulty: bool
    address: str
    care_teacher: str
    guardians: tuple[GuardianLine, ...]
    marks: tuple[str, ...] = ()
    changed_fields: tuple[str, ...] = ()
    previous: dict | None = None  # the entry as last submitted (None for a new pupil)

    def snapshot_entry(self) -> dict:
        """The fields a submission stores and the next export compares against."""
        return snapshot_entry(self.student_no, self.name, self.class_name, self.status, self.left_behind,
                              self.in_difficulty, [g.as_list() for g in self.guardians])


_GUARDIAN_ORDER = itemgetter(0, 1, 2)  # relation, name, phone


def snapshot_entry(student_no: str, name: str, class_name: str, status: str, left_behind: bool,
                   in_difficulty: bool, guardians: list[list]) -> dict:
    """A pupil's entry in a submission (LedgerRow.snapshot_entry), from the values as read: the ledger makes
    one per pupil straight from the cursor's rows and the guardians' lists (which it takes over)."""
    # The guardians in a fixed order, so reordering them on the form is not a change for the bureau.
    guardians.sort(key=_GUARDIAN_ORDER)
    return {"student_no": student_no, "name": name, "class": class_name, "status": status,
            "left_behind": left_behind, "in_difficulty": in_difficulty, "guardians": guardians}


@dataclass(frozen=True)
class SubmissionInfo:
    id: int
    quarter: Quarter
    submitted_on: dt.date
    submitted_by: str
    pupils: int


@dataclass(frozen=True)
class QuarterlyLedger:
    """The pupil ledger as of a quarter, marked against the last recorded submission (`base`)."""

    quarter: Quarter
    as_of: dt.date
    rows: tuple[LedgerRow, ...]
    base: SubmissionInfo | None

    def count(self, mark: str) -> int:
        return sum(1 for row in self.rows if mark in row.marks)

    @property
    def changed(self) -> tuple[LedgerRow, ...]:
        return tuple(row for row in self.rows if row.marks)

    def snapshot(self) -> dict[str, dict]:
        # Pupils who left are not part of what is submitted: they are off the ledger from now on.
        return {str(row.pupil_id): row.snapshot_entry() for row in self.rows if LEFT not in row.marks}
