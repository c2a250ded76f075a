"""Running service calls from UI workers: one connection per unit of work, refusals put in the user's words."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.message import Message

from schoolcare.domain.errors import Refusal
from schoolcare.i18n import field_label, reason, t

__all__ = ["ServiceFailed", "call", "explain", "field_label", "field_message"]

T = TypeVar("T")


def call(service: Callable[..., T], /, *args, **kwargs) -> T:
    """Run one service function inside its own connection; meant for worker threads. A call whose first write
    PostgreSQL rolled back for a conflict runs again (services.tx.unit_of_work)."""
    from schoolcare.services.tx import connection, unit_of_work  # peewee: loaded with the first call, not before

    with connection():
        return unit_of_work(service, *args, **kwargs)


def explain(error: BaseException) -> str:
    """The message to show for a failed service call: a refusal's code in the active language."""
    if isinstance(error, Refusal):
        return reason(error.code, error.params)
    from schoolcare.services.tx import database_refusal

    fault = database_refusal(error)  # busy past the wait, a server gone: said as such, not as a driver's text
    if fault is not None:
        return reason(fault.code, fault.params)
    return t("error.unexpected", detail=f"{type(error).__name__}: {error}")


# A refusal shown under its own field reads the same as anywhere else: the field's label is beside it.
field_message = explain


class ServiceFailed(Message):
    """A worker's service call failed; `error` says why."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    @property
    def text(self) -> str:
        return explain(self.error)
