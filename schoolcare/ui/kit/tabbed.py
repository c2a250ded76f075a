"""An area of tabs (child protection, the county): a list of panes, each a widget that calls services as a screen
does, imported when the area first opens.

How a tab is added to such an area:
- one line in the area's PANES: Pane("<tab id>", N_("<title key>"), "<module>:<Class>"[, Permission]); the module
  sits in the area's PACKAGE. A permission hides the tab from accounts without it.
- the class subclasses AreaPane, takes no constructor arguments and reads self.actor / self.settings /
  self.run_service; reload() starts its workers: called when its tab is shown, each time it is activated, and
  when the screen comes back from a dialog while it is active. The screen's `r` reloads the active tab.
- its keys are BINDINGS on the pane (N_ descriptions), live while focus is inside it (the area focuses
  focus_default() on activation); check_action() hides what the role may not do. Don't bind digits, r, escape,
  f1, ctrl+p (the app's and the screen's). palette_commands() of every pane shown are offered in the palette.
- open a tab from elsewhere with the screen's show(tab_id).
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, TabbedContent, TabPane

from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import t
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand
from schoolcare.ui.kit.service import ServiceCalls


class AreaPane(ServiceCalls, Vertical):
    """One tab's content. self.actor, self.settings and self.run_service work as on an AreaScreen; its BINDINGS
    (N_ keys, translated here) act and show in the footer while focus is inside the pane."""

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


@dataclass(frozen=True)
class Pane:
    id: str  # the TabPane's id is the area's TAB_PREFIX + id
    title: str  # i18n key of the tab's name
    widget_path: str  # "module:Class" in the area's PACKAGE
    permission: Permission | None = None  # None: every role that opens the area sees the tab

    def open_to(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)

    def widget(self, package: str) -> AreaPane:
        module, name = self.widget_path.split(":")
        return getattr(importlib.import_module(f"{package}.{module}"), name)()


class TabbedArea(AreaScreen):
    """An area screen whose body is one tab per Pane of PANES the actor may see."""

    PANES: ClassVar[tuple[Pane, ...]] = ()
    PACKAGE: ClassVar[str] = ""  # where the panes' modules live
    TABS_ID: ClassVar[str] = ""  # the TabbedContent's id
    TAB_PREFIX: ClassVar[str] = "tab-"
    AUTO_FOCUS = None  # focus goes into the active tab's pane (_focus_pane), not onto the row of tabs
    BINDINGS = [Binding("r", "reload", N_("common.reload"), id="area.reload")]

    def __init__(self) -> None:
        super().__init__()
        self._wanted: str | None = None

    def first_tab(self) -> str:
        """The tab id (without prefix) shown first; "" for the first one the actor may see."""
        return ""

    def compose_body(self) -> ComposeResult:
        first = self.first_tab()
        with TabbedContent(id=self.TABS_ID, initial=f"{self.TAB_PREFIX}{first}" if first else ""):
            for pane in self.PANES:
                if pane.open_to(self.actor):
                    with TabPane(t(pane.title), id=f"{self.TAB_PREFIX}{pane.id}"):
                        yield pane.widget(self.PACKAGE)

    def active_pane(self) -> AreaPane | None:
        tabs = self.query(TabbedContent)
        if not tabs or not tabs.first().active:
            return None
        found = self.query(f"#{tabs.first().active} AreaPane")
        return found.first() if found else None

    def reload(self) -> None:
        pane = self.active_pane()
        if pane is not None:
            pane.reload()

    def action_reload(self) -> None:
        self.reload()

    def show(self, tab_id: str) -> None:
        """Bring the tab forward (from the home screen, the palette, the pupil file)."""
        tabs = self.query(TabbedContent)
        if tabs:
            tabs.first().active = f"{self.TAB_PREFIX}{tab_id}"
        else:
            self._wanted = f"{self.TAB_PREFIX}{tab_id}"

    def on_mount(self) -> None:
        if self._wanted:
            self.query_one(TabbedContent).active = self._wanted
        self.call_after_refresh(self._focus_pane)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != self.TABS_ID:
            return
        self.reload()
        self.call_after_refresh(self._focus_pane)

    def _focus_pane(self) -> None:
        pane = self.active_pane()
        if pane is not None:
            pane.focus_default()
        self.refresh_bindings()

    def palette_commands(self):
        for pane in self.query(AreaPane):
            yield from pane.palette_commands()
