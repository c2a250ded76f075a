"""Key bindings whose descriptions are i18n keys: N_() marks a key, translate_bindings() renders them.

Textual reads BINDINGS once per class, before any language is chosen, and has
no public way to give one node other descriptions than its class's. So a
binding's description holds an i18n key (marked with N_ so the catalog test
sees it) and each screen replaces its own copy of the class's merged bindings
(DOMNode._merged_bindings → node._bindings) by translated ones. Those two
attributes are Textual internals: the check below and tests/ui/test_bindings.py
fail loudly, naming them, on a Textual that lacks them, rather than leaving
the footer silently untranslated.
"""
from __future__ import annotations

from dataclasses import replace

import textual
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from schoolcare.i18n import N_, catalog, t

__all__ = ["N_", "translate_bindings"]

TESTED_WITH = "8.2"  # the Textual release line these internals were checked on (pyproject pins textual<9)


def _check_textual() -> None:
    if not isinstance(getattr(DOMNode, "_merged_bindings", None), (BindingsMap, type(None))):
        raise RuntimeError(
            f"schoolcare translates key descriptions through DOMNode._merged_bindings and node._bindings "
            f"(checked on Textual {TESTED_WITH}); Textual {textual.__version__} no longer has them"
        )


_check_textual()


def _translated(binding: Binding, hide: frozenset[str]) -> Binding:
    if binding.id in hide:
        binding = replace(binding, show=False)
    if binding.description in catalog():
        return replace(binding, description=t(binding.description), tooltip="")
    return binding


def translate_bindings(node: DOMNode, hide: frozenset[str] = frozenset()) -> None:
    """Replace `node`'s bindings by its class bindings with descriptions in the active language; the bindings
    whose id is in `hide` still work but leave the footer (a narrow terminal has no room for them)."""
    source = type(node)._merged_bindings or BindingsMap()
    keys = {key: [_translated(b, hide) for b in bindings] for key, bindings in source.key_to_bindings.items()}
    if not isinstance(getattr(node, "_bindings", None), BindingsMap):
        raise RuntimeError(f"Textual {textual.__version__}: a node's bindings are no longer node._bindings "
                           f"(schoolcare was checked on Textual {TESTED_WITH})")
    node._bindings = BindingsMap.from_keys(keys)
