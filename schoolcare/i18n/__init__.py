"""UI text in zh-CN and en: `t("key", **values)` looks a key up in the active language.

Each area keeps its strings in its own module here (core, pupils, care, centre,
reports, …), as `STRINGS = {"key": ("中文", "English")}`; keys are unique across
modules. tests/unit/test_i18n.py fails on a key used in code but missing here,
or on an empty translation.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

LANGUAGES = ("zh-CN", "en")
_language = "zh-CN"


@cache
def catalog() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"i18n key {key!r} defined twice (again in {module_info.name})")
            merged[key] = pair
    return merged


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


def t(key: str, /, **values) -> str:
    """The text for `key` in the active language; a missing key shows as ⟨key⟩ so it is seen, not hidden."""
    pair = catalog().get(key)
    if pair is None:
        return f"⟨{key}⟩"
    text = pair[1] if _language == "en" else pair[0]
    return text.format(**values) if values else text


def label(value) -> str:
    """A config Label (zh/en) in the active language."""
    return value.get(_language)
