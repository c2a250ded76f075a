"""Transfers between schools (转学) as the screens show them: the pupil found to confirm, a file's moves, the old
school's history read from the new one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolcare.domain.registry import SituationNoteRow, TimelineEntry


@dataclass(frozen=True)
class TransferCandidate:
    """The enrolled pupil of another school a national student number finds: enough to confirm who it is."""

    national_id: str
    name: str
    gender: str  # m | f
    birth_date: dt.date
    school: str  # the school they leave
    class_name: str  # "" when they had none


@dataclass(frozen=True)
class Move:
    """One transfer in a pupil's file: out ("已转至 X（D）") from the old record, in ("转自 X（D）") on the new."""

    transfer_id: int
    direction: str  # in | out
    school: str  # the other school
    moved_on: dt.date


@dataclass(frozen=True)
class OldHistory:
    """What the old school recorded about a pupil who moved here, read-only: situation notes and care records."""

    name: str
    school: str
    moved_on: dt.date
    notes: tuple[SituationNoteRow, ...]  # newest first
    timeline: tuple[TimelineEntry, ...]  # care records, newest first (no incidents: they stay with that school)
