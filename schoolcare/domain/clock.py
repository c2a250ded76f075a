"""Today's date, overridable with SCHOOLCARE_TODAY=YYYY-MM-DD (or YYYY-MM-DDTHH:MM, to fix the time of day too)
so demos, checks and pictures of clocks that run in hours are reproducible."""
from __future__ import annotations

import datetime as dt
import os


def _fixed() -> dt.datetime | dt.date | None:
    fixed = os.environ.get("SCHOOLCARE_TODAY")
    if not fixed:
        return None
    return dt.datetime.fromisoformat(fixed) if "T" in fixed else dt.date.fromisoformat(fixed)


def today() -> dt.date:
    fixed = _fixed()
    if fixed is None:
        return dt.date.today()
    return fixed.date() if isinstance(fixed, dt.datetime) else fixed


def now() -> dt.datetime:
    fixed = _fixed()
    if isinstance(fixed, dt.datetime):
        return fixed.replace(microsecond=0)
    moment = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(fixed, moment.time()) if fixed else moment
