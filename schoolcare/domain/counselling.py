"""Counselling sessions (心理咨询室) as screens see them: the draft a form fills in, the row anyone in reach may see,
the opened session with its restricted notes, and the pupil file's one-line summary."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Where a pupil was referred on to, if anywhere: none / 校外心理机构 / 医院 / 其他 (the note says which).
REFERRALS = ("none", "agency", "hospital", "other")
# The post (Staff.post) of the school's counsellor: a teacher account that may counsel any pupil of the school.
COUNSELLOR_POST = "心理辅导老师"


@dataclass(frozen=True)
class SessionDraft:
    pupil_id: int
    date: dt.date | str | None
    topic: str = ""  # a topic id from config (incidents.yaml counselling_topics)
    notes: str = ""
    referral: str = "none"  # one of REFERRALS
    referral_note: str = ""  # to whom, why; needed for any referral but none
    follow_up_on: dt.date | str | None = None  # the next session planned, if any
    counsellor_id: int | None = None  # defaults to the one recording it; only the coordinator names another
    backdate_reason: str = ""  # why a session of long ago is entered only now (services.care.records.late_entry)


@dataclass(frozen=True)
class SessionRow:
    """One session in a list. `restricted`: the reader may know only that it took place (date, counsellor), so
    topic and follow-up are blank; the notes are never in a row (open_session reads them, audited)."""

    id: int
    pupil_id: int
    pupil_name: str
    class_name: str
    date: dt.date
    counsellor_id: int | None
    counsellor: str
    restricted: bool
    topic: str = ""
    follow_up_on: dt.date | None = None
    referred: bool = False
    withdrawn: bool = False
    withdrawn_reason: str = ""


@dataclass(frozen=True)
class SessionDetail:
    """An opened session: the row and what only the counsellor, the coordinator and the principal read."""

    row: SessionRow
    notes: str
    referral: str
    referral_note: str
    recorded_by: str
    may_correct: bool  # the counsellor who wrote it, or the coordinator


@dataclass(frozen=True)
class CounsellingSummary:
    """What a pupil's file says about counselling: that sessions took place, never what was said."""

    count: int
    last_date: dt.date | None
    last_counsellor: str
