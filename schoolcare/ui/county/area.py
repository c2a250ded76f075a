"""The county's area (全县): one tab per topic, the first the county home with every school side by side.

A tab is one line in PANES and a CountyPane subclass in its module (the contract: ui/kit/tabbed.py); key ids
are "county.<tab>.<action>".
"""
from __future__ import annotations

from schoolcare.domain.roles import Permission
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit.tabbed import AreaPane, Pane, TabbedArea


class CountyPane(AreaPane):
    """One tab of the county's area."""


PANES: tuple[Pane, ...] = (
    Pane("schools", N_("county.tab.schools"), "schools:SchoolsPane"),
    Pane("inbox", N_("inbox.tab"), "inbox:InboxPane", Permission.HANDLE_INBOX),
    Pane("ledgers", N_("county_ledger.tab"), "ledgers:LedgersPane", Permission.VIEW_COUNTY),
)


class CountyScreen(TabbedArea):
    TITLE_KEY = N_("nav.county")
    PANES = PANES
    PACKAGE = "schoolcare.ui.county"
    TABS_ID = "county-tabs"
    TAB_PREFIX = "cy-tab-"
