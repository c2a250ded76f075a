"""Key bindings whose descriptions are i18n keys: N_() marks a key, translate_bindings() renders them.

Textual reads BINDINGS once per class, before any language is chosen, so a
binding's description holds an i18n key (marked with N_ so the catalog test
sees it) and each screen rewrites its own copy into the active language.
"""
from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from schoolcare.i18n import catalog, t


def N_(key: str) -> str:
    """Marks an i18n key to translate later (gettext's N_); returns the key unchanged."""
    return key


def _translated(binding: Binding) -> Binding:
    if binding.description in catalog():
        return replace(binding, description=t(binding.description), tooltip="")
    return binding


def translate_bindings(node: DOMNode) -> None:
    """Replace `node`'s bindings by its class bindings with descriptions in the active language."""
    source = type(node)._merged_bindings or BindingsMap()
    keys = {key: [_translated(b) for b in bindings] for key, bindings in source.key_to_bindings.items()}
    node._bindings = BindingsMap.from_keys(keys)
