"""The county's area (全县): one tab per topic, the first the county home with every school side by side.

A tab is one line in PANES and a CountyPane subclass in its module (the contract: ui/kit/tabbed.py); key ids
are "county.<tab>.<action>". Each tab has a key of its own (TAB_KEYS), on its label as the care log's are, so
that it is reached without the row of tabs and listed in the help.
"""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TabbedContent

from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit.tabbed import AreaPane, Pane, TabbedArea


class CountyPane(AreaPane):
    """One tab of the county's area."""


PANES: tuple[Pane, ...] = (
    Pane("schools", N_("county.tab.schools"), "schools:SchoolsPane"),
    Pane("inbox", N_("inbox.tab"), "inbox:InboxPane", Permission.HANDLE_INBOX),
    Pane("ledgers", N_("county_ledger.tab"), "ledgers:LedgersPane", Permission.VIEW_COUNTY),
)
# Letters no pane binds (the inbox has enter, m, f; the ledgers l, q, t); x for the tab whose keys all export.
TAB_KEYS = {"schools": "s", "inbox": "i", "ledgers": "x"}


class CountyScreen(TabbedArea):
    TITLE_KEY = N_("nav.county")
    PANES = PANES
    PACKAGE = "schoolcare.ui.county"
    TABS_ID = "county-tabs"
    TAB_PREFIX = "cy-tab-"
    BINDINGS = [
        # Shown on the tabs themselves ("s 各校对比"), not in the footer, which keeps its room for the tab's keys.
        Binding(TAB_KEYS["schools"], "tab('schools')", N_("county.key.tab_schools"), show=False,
                id="county.tab_schools"),
        Binding(TAB_KEYS["inbox"], "tab('inbox')", N_("county.key.tab_inbox"), show=False, id="county.tab_inbox"),
        Binding(TAB_KEYS["ledgers"], "tab('ledgers')", N_("county.key.tab_ledgers"), show=False,
                id="county.tab_ledgers"),
    ]

    def _pane(self, tab_id: str) -> Pane | None:
        return next((p for p in self.PANES if p.id == tab_id and p.open_to(self.actor)), None)

    def on_mount(self) -> None:
        tabs = self.query_one(f"#{self.TABS_ID}", TabbedContent)
        for pane in self.PANES:
            if pane.open_to(self.actor):
                tabs.get_tab(f"{self.TAB_PREFIX}{pane.id}").label = f"{TAB_KEYS[pane.id]} {t(pane.title)}"
        super().on_mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab":  # no key for a tab the account does not have
            return self._pane(str(parameters[0])) is not None
        return super().check_action(action, parameters)

    def action_tab(self, tab_id: str) -> None:
        if self._pane(tab_id) is not None:
            self.show(tab_id)
