"""The care-centre area: the rooms the template asks for and the open hazards (the centre screens replace this)."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Label

from schoolcare.domain.records import SchoolGlance
from schoolcare.services import school
from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import label, t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.widgets import Figure, Figures, fill_table
from schoolcare.ui.worker import ServiceFailed, call


class CentreScreen(AreaScreen):
    TITLE_KEY = N_("nav.centre")

    class Loaded(Message):
        def __init__(self, glance: SchoolGlance) -> None:
            super().__init__()
            self.glance = glance

    def compose_body(self) -> ComposeResult:
        centre = self.app.settings.centre  # type: ignore[attr-defined]
        yield Label(t("shell.centre_heading", area=f"{centre.min_area_m2:g}"), classes="area-heading")
        yield Figures(id="centre-figures")
        yield DataTable(id="room-kinds", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        centre = self.app.settings.centre  # type: ignore[attr-defined]
        fill_table(
            self.query_one("#room-kinds", DataTable),
            [t("column.room_kind"), t("column.required"), t("column.equipment_items")],
            ((k.id, (label(k.name), t("common.yes") if k.id in centre.required_rooms else t("common.no"),
                     len(k.equipment))) for k in centre.room_kinds),
        )

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="centre")
    def load(self) -> None:
        try:
            glance = call(school.glance, self.actor)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(glance))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        g = message.glance
        await self.query_one("#centre-figures", Figures).show([
            Figure(t("glance.open_hazards"), g.open_hazards),
            Figure(t("glance.overdue_hazards"), g.overdue_hazards, g.overdue_hazards > 0),
            Figure(t("glance.open_incidents"), g.open_incidents, g.open_incidents > 0),
        ])
