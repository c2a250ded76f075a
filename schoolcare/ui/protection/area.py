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

    def first_tab(self) -> str:
        # A teacher's daily task here is the register (all present: 8, then ctrl+s); the others' is incidents.
        return "attendance" if self.actor.is_teacher else ""
