"""Care records as screens see them (calls, talks, visits, follow-ups, activities) and the drafts forms fill in."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CHANNELS = ("phone", "video")
WITH_WHOM = ("father", "mother", "parents", "guardian", "other")
ACTIVITY_KINDS = ("class_meeting", "team_activity", "themed_care", "other")
ACTIVITY_SCOPES = ("class", "school")
# What a correction (edit or withdrawal) can name.
CORRECTABLE = ("family_call", "teacher_talk", "home_visit", "activity")


@dataclass(frozen=True)
class CallDraft:
    pupil_id: int
    date: dt.date | str | None
    time: str = ""
    channel: str = "phone"
    with_whom: str = ""
    duration_min: int | str | None = None
    connected: bool = True  # False: a failed attempt, kept but not counted
    teacher_line: bool = False  # a parent calling the teacher line (教师热线)
    notes: str = ""
    backdate_reason: str = ""  # why a record of long ago is entered only now (see records.late_entry)


@dataclass(frozen=True)
class CallRow:
    id: int
    pupil_id: int
    pupil_name: str
    date: dt.date
    time: str
    channel: str
    with_whom: str
    duration_min: int | None
    connected: bool
    teacher_line: bool
    notes: str
    recorded_by: str
    withdrawn: bool
    withdrawn_reason: str


@dataclass(frozen=True)
class TalkDraft:
    pupil_id: int
    date: dt.date | str | None
    topic: str = ""
    notes: str = ""
    concern: bool = False
    follow_up: str = ""  # what will be done about the concern
    follow_up_due: dt.date | str | None = None
    teacher_id: int | None = None  # the care teacher who talked; defaults to the one logging it
    backdate_reason: str = ""  # why a record of long ago is entered only now


@dataclass(frozen=True)
class TalkRow:
    id: int
    pupil_id: int
    pupil_name: str
    teacher_id: int
    teacher_name: str
    date: dt.date
    topic: str
    notes: str
    concern: bool
    follow_up: str
    withdrawn: bool
    withdrawn_reason: str


@dataclass(frozen=True)
class FollowUpDraft:
    action: str
    owner_id: int | None = None  # defaults to the one logging it
    due: dt.date | str | None = None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    pupil_id: int
    pupil_name: str
    action: str
    owner_id: int | None
    owner_name: str
    due: dt.date | None
    done_on: dt.date | None
    outcome: str
    home_visit_id: int | None
    teacher_talk_id: int | None

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due is not None and self.due < today


@dataclass(frozen=True)
class VisitDraft:
    pupil_id: int
    date: dt.date | str | None
    visitors: str = ""
    met_whom: str = ""
    family_findings: str = ""
    guardianship_findings: str = ""
    schooling_findings: str = ""
    pupil_state: str = ""
    follow_ups: tuple[FollowUpDraft, ...] = ()
    teacher_id: int | None = None
    backdate_reason: str = ""  # why a record of long ago is entered only now


@dataclass(frozen=True)
class VisitRow:
    id: int
    pupil_id: int
    pupil_name: str
    teacher_id: int | None
    teacher_name: str
    date: dt.date
    visitors: str
    met_whom: str
    family_findings: str
    guardianship_findings: str
    schooling_findings: str
    pupil_state: str
    follow_ups: tuple[FollowUpRow, ...]
    withdrawn: bool
    withdrawn_reason: str


@dataclass(frozen=True)
class ActivityDraft:
    scope: str  # class | school
    class_id: int | None
    kind: str
    date: dt.date | str | None
    title: str
    summary: str = ""
    organiser_id: int | None = None
    pupil_ids: tuple[int, ...] = ()
    backdate_reason: str = ""  # why a record of long ago is entered only now


@dataclass(frozen=True)
class ActivityRow:
    id: int
    scope: str
    class_id: int | None
    class_name: str
    kind: str
    date: dt.date
    title: str
    organiser_id: int | None
    organiser_name: str
    summary: str
    pupil_ids: tuple[int, ...]
    withdrawn: bool
    withdrawn_reason: str


@dataclass(frozen=True)
class RosterPick:
    """A pupil offered on an attendance or batch list, with whether the form ticks them to begin with."""

    pupil_id: int
    name: str
    student_no: str
    class_name: str
    left_behind: bool
    preselected: bool
    note: str = ""  # e.g. "called Tue" for the batch calls list


@dataclass(frozen=True)
class CareEntry:
    """One line of a care timeline, whatever the record kind."""

    kind: str  # family_call | teacher_talk | home_visit | activity
    id: int
    pupil_id: int | None
    pupil_name: str
    date: dt.date
    summary: str
    recorded_by: str
    withdrawn: bool
    counts: bool  # whether it counts towards the rules (a failed call does not)
    details: dict = field(default_factory=dict, compare=False)
