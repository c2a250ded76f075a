"""Refusals: every error a person can meet is a code the catalog renders (i18n.reason), the field it concerns
and the values its words name — never a sentence for another layer to parse."""
from __future__ import annotations

from typing import Any

from schoolcare.domain.shorten import shorten


class Refusal(Exception):
    """Something the app will not do, and why: `code` picks the words (the catalog's `error.<code>`),
    `field` names the form field, column or option at fault ('' when none), `params` fill the words."""

    def __init__(self, code: str, /, field: str = "", **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        if isinstance(params.get("value"), str):  # the value refused, as typed or imported: quoted cut short
            params["value"] = shorten(params["value"])
        self.params = params

    def renamed(self, field: str) -> Refusal:
        """The same refusal, named after another field (a form may call a value otherwise than the service)."""
        copy = type(self).__new__(type(self))
        Refusal.__init__(copy, self.code, field, **self.params)
        return copy

    def __str__(self) -> str:  # for logs and tracebacks; people see i18n.reason(code, params)
        where = f"{self.field}: " if self.field else ""
        values = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{where}{self.code}" + (f" ({values})" if values else "")
