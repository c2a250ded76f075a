"""Running service calls from UI workers: one connection per unit of work, refusals put in the user's words."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.message import Message

from schoolcare.domain.errors import Refusal
from schoolcare.i18n import field_label, reason, t

__all__ = ["ServiceFailed", "call", "explain", "field_label", "field_message"]
from schoolcare.services.tx import connection

T = TypeVar("T")


def call(service: Callable[..., T], /, *args, **kwargs) -> T:
    """Run one service function inside its own connection; meant for worker threads."""
    with connection():
        return service(*args, **kwargs)


def explain(error: BaseException) -> str:
    """The message to show for a failed service call: a refusal's code in the active language."""
    if isinstance(error, Refusal):
        return reason(error.code, error.params)
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
