"""The base of a tab in the child-protection area: a widget that calls services like a screen does."""
from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Vertical
from textual.widgets import DataTable, Input

from schoolcare.ui.bindings import translate_bindings
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.service import ServiceCalls


class ProtectionPane(ServiceCalls, Vertical):
    """One tab's content. self.actor, self.settings and self.run_service work as on an AreaScreen.

    Its BINDINGS (descriptions are N_ keys, translated here) act and show in the footer while focus is
    inside the pane; check_action() hides what the actor's role may not do. reload() is called by the
    area when the tab is shown, activated, and when the screen comes back from a dialog.
    """

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def reload(self) -> None:
        """Start the worker(s) that fetch what the tab shows."""

    def palette_commands(self) -> Iterable[PaletteCommand]:
        return ()

    def focus_default(self) -> None:
        """Put focus inside the pane (its first table, else its first input), so its keys work."""
        for widget in (*self.query(DataTable), *self.query(Input)):
            if widget.focusable:
                widget.focus()
                return
