"""Failed logins slowed per login typed: after five in a row, each next try waits 30 s before it is even checked.

Kept in the database (table failed_login), so the wait holds across processes and
browser sessions. Counted by the login typed, known or not, so the wait itself never
tells which logins exist. A success clears the count.

A try is counted before its password is checked (`claim`), in one statement that both
decides and counts: two tries arriving at once cannot both read "four so far" and both
be checked, so however many arrive together, at most five wrong passwords are ever
verified before the wait applies. A try that turns out right clears the count again.
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


def claim(login: str) -> None:
    """Count one try for `login`, or refuse it unchecked: AuthError 'accounts.login_wait' (with the seconds left)
    while five tries are counted and the last began less than 30 s ago. Decided and counted in one upsert
    (INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING) in one write transaction: SQLite's write lock and
    PostgreSQL's row lock make concurrent tries take their turn, each seeing the count the one before left."""
    key, moment = login[:LOGIN_KEPT], now()
    with writing():
        counted = (FailedLogin.insert(login=key, failures=1, last_at=moment)
                   .on_conflict(conflict_target=[FailedLogin.login],
                                update={FailedLogin.failures: FailedLogin.failures + 1, FailedLogin.last_at: moment},
                                where=((FailedLogin.failures < FAILURES_BEFORE_WAIT)
                                       | (FailedLogin.last_at <= moment - WAIT)))
                   .returning(FailedLogin.failures)
                   .execute())
        if list(counted):
            return
        # The WHERE held the row back: nothing was counted. Read it in the same transaction for the seconds left.
        row = FailedLogin.get(FailedLogin.login == key)
    left = (_as_datetime(row.last_at) + WAIT - moment).total_seconds()
    raise AuthError("accounts.login_wait", seconds=max(1, math.ceil(left)))


def failed(login: str, staff: Staff | None) -> None:
    """Audit a checked failure (the login tried, never the password); `claim` has counted it already."""
    key, moment = login[:LOGIN_KEPT], now()
    with writing():
        FailedLogin.delete().where(FailedLogin.last_at < moment - FORGET_AFTER).execute()
        audit.record(None, "login_failed", "staff", staff.id if staff else None, changes={"login": key},
                     school_id=staff.school_id if staff else None)


def succeeded(login: str) -> None:
    """Clear the count after a right password (the try `claim` counted included)."""
    with writing():
        FailedLogin.delete().where(FailedLogin.login == login[:LOGIN_KEPT]).execute()


def _as_datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
