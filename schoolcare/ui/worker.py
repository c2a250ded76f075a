"""Running service calls from UI workers: one connection per unit of work, errors put in the user's words."""
from __future__ import annotations

import re
from typing import Callable, TypeVar

from textual.message import Message

from schoolcare.services.errors import AuthError, NotFound, PermissionDenied, ServiceError, ValidationError
from schoolcare.services.tx import connection
from schoolcare.ui.bindings import N_
from schoolcare.i18n import catalog, t

T = TypeVar("T")


def call(service: Callable[..., T], /, *args, **kwargs) -> T:
    """Run one service function inside its own connection; meant for `@work(thread=True)` methods."""
    with connection():
        return service(*args, **kwargs)


# Service messages are English; the ones the shell's screens meet are shown
# in the active language, anything else is shown as the service wrote it.
_MESSAGES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^required$"), N_("error.required")),
    (re.compile(r"^at least (?P<n>\d+) characters$"), N_("error.min_chars")),
    (re.compile(r"^'(?P<login>.*)' is taken$"), N_("error.login_taken")),
    (re.compile(r"^2–32 lower-case letters"), N_("error.login_format")),
)


def explain(error: BaseException) -> str:
    """The message to show for a failed service call."""
    if isinstance(error, AuthError):
        return t("error.wrong_login")
    if isinstance(error, PermissionDenied):
        return t("error.permission", detail=str(error))
    if isinstance(error, NotFound):
        return t("error.not_found", detail=str(error))
    if isinstance(error, ValidationError):
        return field_message(error)
    if isinstance(error, ServiceError):
        return str(error)
    return t("error.unexpected", detail=f"{type(error).__name__}: {error}")


def field_message(error: ValidationError) -> str:
    """The message of a ValidationError without the field name (shown under the field itself)."""
    for pattern, key in _MESSAGES:
        found = pattern.match(error.message)
        if found:
            return t(key, **found.groupdict())
    return error.message


def field_label(field: str) -> str:
    """A service's field name in the active language, when the catalog knows it."""
    key = f"field.{field}"
    return t(key) if key in catalog() else field


class ServiceFailed(Message):
    """A worker's service call failed; `error` says why."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    @property
    def text(self) -> str:
        return explain(self.error)
