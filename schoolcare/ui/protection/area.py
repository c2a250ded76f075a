"""The child-protection area (儿童保护): one tab per topic — incidents, attendance, dropout cases, counselling.

How a tab is added (the contract; /tmp/protection_area.md says the same at more length):
- add one line to PANES below: Pane("<tab id>", N_("<title key>"), "<module>:<Class>"[, Permission]).
  The module is under schoolcare.ui.protection and is imported when the area first opens, like AREAS.
  A permission, when given, hides the tab from roles without it.
- the class subclasses ProtectionPane (ui/protection/pane.py), takes no constructor arguments and reads
  self.actor / self.settings / self.run_service as a screen does; compose() builds it.
- reload() starts its workers: called when its tab is first shown, each time it is activated, and when the
  screen comes back from a dialog while the tab is active. The screen's `r` reloads the active tab.
- its keys are BINDINGS on the pane (N_ descriptions, ids "protection.<tab>.<action>"), live while focus is
  inside it (the area focuses pane.focus_default() on activation); check_action() on the pane hides what the
  role may not do. Don't bind digits, r, escape, f1, ctrl+p (the app's and the screen's).
- palette_commands() of every pane the actor may see are offered in the command palette.
- open a tab from elsewhere with ProtectionScreen.show(tab_id) (the app's area('protection') first).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import t
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.protection.pane import ProtectionPane


@dataclass(frozen=True)
class Pane:
    id: str  # the TabPane's id is "tab-<id>"
    title: str  # i18n key of the tab's name
    widget_path: str  # "module:Class" under schoolcare.ui.protection
    permission: Permission | None = None  # None: every role that opens the area sees the tab

    def open_to(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)

    def widget(self) -> ProtectionPane:
        module, name = self.widget_path.split(":")
        return getattr(importlib.import_module(f"schoolcare.ui.protection.{module}"), name)()


PANES: tuple[Pane, ...] = (
    Pane("incidents", N_("protection.tab.incidents"), "incidents:IncidentsPane"),
    Pane("attendance", N_("protection.tab.attendance"), "attendance:AttendancePane"),
    Pane("dropouts", N_("protection.tab.dropouts"), "dropouts:DropoutsPane"),
    Pane("counselling", N_("protection.tab.counselling"), "counselling:CounsellingPane"),
)


class ProtectionScreen(AreaScreen):
    TITLE_KEY = N_("nav.protection")
    AUTO_FOCUS = None  # focus goes into the active tab's pane (_focus_pane), not onto the row of tabs
    BINDINGS = [Binding("r", "reload", N_("common.reload"), id="protection.reload")]

    def __init__(self) -> None:
        super().__init__()
        self._wanted: str | None = None

    def compose_body(self) -> ComposeResult:
        # A teacher's daily task here is the register (all present: 8, then ctrl+s); the others' is incidents.
        first = "tab-attendance" if self.actor.is_teacher else ""
        with TabbedContent(id="protection-tabs", initial=first):
            for pane in PANES:
                if pane.open_to(self.actor):
                    with TabPane(t(pane.title), id=f"tab-{pane.id}"):
                        yield pane.widget()

    def active_pane(self) -> ProtectionPane | None:
        tabs = self.query(TabbedContent)
        if not tabs or not tabs.first().active:
            return None
        found = self.query(f"#{tabs.first().active} ProtectionPane")
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
            tabs.first().active = f"tab-{tab_id}"
        else:
            self._wanted = f"tab-{tab_id}"

    def on_mount(self) -> None:
        if self._wanted:
            self.query_one(TabbedContent).active = self._wanted
        self.call_after_refresh(self._focus_pane)

    @on(TabbedContent.TabActivated, "#protection-tabs")
    def _tab_changed(self) -> None:
        self.reload()
        self.call_after_refresh(self._focus_pane)

    def _focus_pane(self) -> None:
        pane = self.active_pane()
        if pane is not None:
            pane.focus_default()
        self.refresh_bindings()

    def palette_commands(self):
        for pane in self.query(ProtectionPane):
            yield from pane.palette_commands()
