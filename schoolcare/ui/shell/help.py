"""The help screen: the keys of the screen beneath and the keys that work everywhere."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from schoolcare.i18n import t
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import Table, fill_table
from schoolcare.ui.kit.service import ServiceCalls


def key_rows(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, global keys) as (key, what it does); only our own bindings (those with an id)."""
    local: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for _key, (node, binding, enabled, _tooltip) in screen.active_bindings.items():
        if not binding.id or not binding.description or not enabled:
            continue
        into = everywhere if node is screen.app else local
        into.setdefault(binding.description, []).append(screen.app.get_key_display(binding))
    return ([(" / ".join(keys), text) for text, keys in local.items()],
            [(" / ".join(keys), text) for text, keys in everywhere.items()])


class HelpScreen(ServiceCalls, ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", N_("common.close"), id="help.close")]

    def __init__(self, beneath: Screen) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.local, self.everywhere = key_rows(beneath)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label(t("help.title"), classes="dialog-title")
            database = self.school_app.database
            # Which SQLite (or PostgreSQL) the data lives on matters when reporting a problem: first, never
            # scrolled out of view by a screen with many keys.
            yield Static(t("help.database", backend="SQLite" if database.backend == "sqlite" else "PostgreSQL",
                           version=database.version, url=database.url), classes="hint", markup=False)
            if self.local:
                yield Label(t("help.this_screen"), classes="panel-title")
                yield Table(id="help-local", cursor_type="none", show_cursor=False)
            yield Label(t("help.everywhere"), classes="panel-title")
            yield Table(id="help-global", cursor_type="none", show_cursor=False)
            yield Static(t("help.palette_hint"), classes="hint", markup=False)
            yield Static(t("help.close_hint"), classes="hint", markup=False)
            yield Static(t("keyboard.help.forms"), classes="hint", markup=False)

    def on_mount(self) -> None:
        columns = [t("help.key"), t("help.does")]
        if self.local:
            fill_table(self.query_one("#help-local", DataTable), columns,
                       ((str(n), row) for n, row in enumerate(self.local)))
        fill_table(self.query_one("#help-global", DataTable), columns,
                   ((str(n), row) for n, row in enumerate(self.everywhere)))

    def action_close(self) -> None:
        self.dismiss(None)
