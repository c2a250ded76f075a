"""The Care log area: this week, the overdue lists, every record (filtered, paged) to correct, open follow-ups — one tab each.

Keys w / o / l / f switch tabs; each tab's own keys act on its highlighted row.
"""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from schoolcare.i18n import t
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.overdue import OverdueView
from schoolcare.ui.care.records import FollowUpsView, RecordsView
from schoolcare.ui.care.week import CareWeekView
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand

TABS = (("week", CareWeekView), ("overdue", OverdueView), ("records", RecordsView), ("follow_ups", FollowUpsView))
TAB_KEYS = {"week": "w", "overdue": "o", "records": "l", "follow_ups": "f"}
FIRST_TABLE = {"week": "#week-table", "overdue": "#overdue-rules", "records": "#records-table",
               "follow_ups": "#follow-ups-table"}


class CareLogScreen(AreaScreen):
    TITLE_KEY = N_("nav.care_log")
    BINDINGS = [
        # The tab keys are shown on the tabs themselves ("w 本周"): the footer keeps its room for the row's keys.
        Binding("w", "tab('week')", N_("care.key.tab_week"), show=False, id="care.tab_week"),
        Binding("o", "tab('overdue')", N_("care.key.tab_overdue"), show=False, id="care.tab_overdue"),
        Binding("l", "tab('records')", N_("care.key.tab_records"), show=False, id="care.tab_records"),
        Binding("f", "tab('follow_ups')", N_("care.key.tab_follow_ups"), show=False, id="care.tab_follow_ups"),
    ]
    AUTO_FOCUS = "#week-table"

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="care-tabs"):
            for name, view in TABS:
                with TabPane(f"{TAB_KEYS[name]} {t(f'care.tab.{name}')}", id=f"tab-{name}"):
                    yield view(id=f"care-{name}")

    def reload(self) -> None:
        for name, view in TABS:
            self.query_one(f"#care-{name}", view).reload()

    def action_tab(self, name: str) -> None:
        self.query_one("#care-tabs", TabbedContent).active = f"tab-{name}"
        self.query_one(FIRST_TABLE[name]).focus()

    @on(TabbedContent.TabActivated)
    def _focus_table(self, event: TabbedContent.TabActivated) -> None:
        name = (event.pane.id or "").removeprefix("tab-")
        if name in FIRST_TABLE:
            self.query_one(FIRST_TABLE[name]).focus()

    def palette_commands(self):
        for name, _ in TABS:
            yield PaletteCommand(t(f"care.tab.{name}"), t("nav.care_log"), lambda name=name: self.action_tab(name))
