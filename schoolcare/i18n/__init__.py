"""The one word catalog (zh-CN, en) for screens, command output and exported files.

`t("key", **values)` looks a key up in the active language, `text(lang, "key")`
in a given one (an exported file is written in the language asked for, not the
screen's), and `reason(code, params)` renders an error code (a Refusal's) as
the catalog's `error.<code>`. Each feature keeps its words in its own module
here (core, registry, care, centre, reports, accounts), as
`STRINGS = {"key": ("中文", "English")}`; keys are unique across modules.
tests/unit/test_i18n.py fails on a key used in code but missing here, a key
nothing uses, an error code without its words, or an empty translation.
"""
from __future__ import annotations

import importlib
import os
import string
from collections.abc import Mapping
from functools import cache
from typing import Any

LANGUAGES = ("zh-CN", "en")
_language = "zh-CN"


@cache
def catalog() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    # The folder's own listing: pkgutil.iter_modules would cost every start ~7 ms for the same names.
    names = sorted(entry.name[:-3] for entry in os.scandir(__path__[0])
                   if entry.name.endswith(".py") and not entry.name.startswith("_"))
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"i18n key {key!r} defined twice (again in {name})")
            merged[key] = pair
    return merged


def N_(key: str) -> str:
    """Marks an i18n key to look up later (gettext's N_); returns the key unchanged."""
    return key


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


class _Lenient(dict):
    """Format values where one the words name is missing: shows {name} rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def text(lang: str, key: str, /, **values: Any) -> str:
    """The text for `key` in `lang`; a missing key shows as ⟨key⟩ so it is seen, not hidden."""
    pair = catalog().get(key)
    if pair is None:
        return f"⟨{key}⟩"
    words = pair[1] if lang == "en" else pair[0]
    return _FORMATTER.vformat(words, (), _Lenient(values)) if values else words


def t(key: str, /, **values: Any) -> str:
    """The text for `key` in the active language."""
    return text(_language, key, **values)


def word(lang: str, key: str, fallback: str) -> str:
    """A vocabulary value's word (`key` built from it), or the value itself when the catalog has none
    (a school's own config may add kinds the catalog does not know)."""
    return text(lang, key) if key in catalog() else fallback


def reason(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """An error code in the user's words: the catalog's `error.<code>` filled with its values."""
    return text(lang or _language, f"error.{code}", **dict(params or {}))


def field_label(field: str, lang: str | None = None) -> str:
    """A refusal's or a change's field (a form field, a column, an option) in `lang` (the active language),
    when the catalog names it (forms first, then the registry's, the care records', the audit log's); else
    the field as written."""
    for key in (f"field.{field}", f"pupils.field.{field}", f"care.field.{field}", f"audit.field.{field}"):
        if key in catalog():
            return text(lang or _language, key)
    return field


def label(value) -> str:
    """A config Label (zh/en) in the active language."""
    return value.get(_language)
