"""The care log area: the care rhythm the school's rules ask for (the care-log screens replace this)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import label, t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.widgets import fill_table


class CareLogScreen(AreaScreen):
    TITLE_KEY = N_("nav.care_log")

    def compose_body(self) -> ComposeResult:
        yield Label(t("shell.rules_heading"), classes="area-heading")
        yield DataTable(id="rules", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # The rules come from config (already in memory): no database work.
        rules = self.app.settings.rules  # type: ignore[attr-defined]
        fill_table(
            self.query_one("#rules", DataTable),
            [t("column.rule"), t("column.how_often"), t("column.subject")],
            ((r.id, (label(r.name), t("shell.at_least", n=r.at_least, period=t(f"period.{r.period}")),
                     t(f"subject.{r.subject}"))) for r in rules),
        )
