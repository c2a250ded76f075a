"""Today's date, overridable with SCHOOLCARE_TODAY=YYYY-MM-DD so demos and checks are reproducible."""
from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    fixed = os.environ.get("SCHOOLCARE_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def now() -> dt.datetime:
    moment = dt.datetime.now().replace(microsecond=0)
    fixed = os.environ.get("SCHOOLCARE_TODAY")
    return dt.datetime.combine(dt.date.fromisoformat(fixed), moment.time()) if fixed else moment
