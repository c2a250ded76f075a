"""Failed logins slowed per login typed: after five in a row, each next try waits 30 s before it is even checked.

Kept in the database (table failed_login), so the wait holds across processes and
browser sessions. Counted by the login typed, known or not, so the wait itself never
tells which logins exist. A success clears the count.
"""
from __future__ import annotations

import datetime as dt
import math

from schoolcare.services import audit
from schoolcare.services.errors import AuthError
from schoolcare.services.tx import writing
from schoolcare.store.models import FailedLogin, Staff

FAILURES_BEFORE_WAIT = 5
WAIT = dt.timedelta(seconds=30)
FORGET_AFTER = dt.timedelta(days=1)  # rows of logins nobody tried for a day go, so typed junk does not pile up
LOGIN_KEPT = 64  # characters of a typed login kept (the count's key and the audit row)


def now() -> dt.datetime:
    return dt.datetime.now()


def check_wait(login: str) -> None:
    """AuthError 'accounts.login_wait' (with the seconds left) while `login` must wait; a read, no write."""
    row = FailedLogin.get_or_none(FailedLogin.login == login[:LOGIN_KEPT])
    if row is None or row.failures < FAILURES_BEFORE_WAIT:
        return
    left = (_as_datetime(row.last_at) + WAIT - now()).total_seconds()
    if left > 0:
        raise AuthError("accounts.login_wait", seconds=math.ceil(left))


def failed(login: str, staff: Staff | None) -> None:
    """Count one more failure for `login` and audit it (the login tried, never the password)."""
    key, moment = login[:LOGIN_KEPT], now()
    with writing():
        (FailedLogin.insert(login=key, failures=1, last_at=moment)
         .on_conflict(conflict_target=[FailedLogin.login],
                      update={FailedLogin.failures: FailedLogin.failures + 1, FailedLogin.last_at: moment})
         .execute())
        FailedLogin.delete().where(FailedLogin.last_at < moment - FORGET_AFTER).execute()
        audit.record(None, "login_failed", "staff", staff.id if staff else None, changes={"login": key},
                     school_id=staff.school_id if staff else None)


def succeeded(login: str) -> None:
    """Clear the count after a successful login (a write only when there was one)."""
    key = login[:LOGIN_KEPT]
    if FailedLogin.select().where(FailedLogin.login == key).exists():
        with writing():
            FailedLogin.delete().where(FailedLogin.login == key).execute()


def _as_datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
