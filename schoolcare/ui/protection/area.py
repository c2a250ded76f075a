"""The child-protection area (儿童保护): one tab per topic — incidents, attendance, dropout cases, counselling.

A tab is one line in PANES and a ProtectionPane subclass in its module (the contract: ui/kit/tabbed.py); key
ids are "protection.<tab>.<action>".
"""
from __future__ import annotations

from schoolcare.ui.bindings import N_
from schoolcare.ui.kit.tabbed import Pane, TabbedArea

PANES: tuple[Pane, ...] = (
    Pane("incidents", N_("protection.tab.incidents"), "incidents:IncidentsPane"),
    Pane("attendance", N_("protection.tab.attendance"), "attendance:AttendancePane"),
    Pane("dropouts", N_("protection.tab.dropouts"), "dropouts:DropoutsPane"),
    Pane("counselling", N_("protection.tab.counselling"), "counselling:CounsellingPane"),
)


class ProtectionScreen(TabbedArea):
    TITLE_KEY = N_("nav.protection")
    PANES = PANES
    PACKAGE = "schoolcare.ui.protection"
    TABS_ID = "protection-tabs"
    TAB_PREFIX = "tab-"

    def __init__(self) -> None:
        super().__init__()
        self.asked_for = False  # a tab was asked for (show()): the area does not move away from it by itself
        self.landed = False  # the register tab's first answer came: it moves to incidents at most once

    def first_tab(self) -> str:
        # A teacher's daily task here is the register (all present: 8, then ctrl+s); the others' is incidents.
        return "attendance" if self.actor.is_teacher else ""

    def show(self, tab_id: str) -> None:
        self.asked_for = True
        super().show(tab_id)

    def no_register(self) -> None:
        """The register tab found no class the teacher leads. Landing there, open on incidents instead (once):
        the teacher who asked for the register, or came back to it, stays and reads why it is empty."""
        landed, self.landed = self.landed, True
        if not landed and not self.asked_for and self.first_tab() == "attendance":
            super().show("incidents")
