"""The reports area: this term's headline figures (the term-report screens replace this)."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Label

from schoolcare.domain import clock
from schoolcare.domain.records import SchoolGlance
from schoolcare.services import school
from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import label, t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.screens.home import glance_figures
from schoolcare.ui.widgets import Figures
from schoolcare.ui.worker import ServiceFailed, call


class ReportsScreen(AreaScreen):
    TITLE_KEY = N_("nav.reports")

    class Loaded(Message):
        def __init__(self, glance: SchoolGlance) -> None:
            super().__init__()
            self.glance = glance

    def compose_body(self) -> ComposeResult:
        term = self.app.settings.calendar.current_or_last(clock.today())  # type: ignore[attr-defined]
        yield Label(t("shell.term_heading", term=label(term.name), start=term.start.isoformat(),
                      end=term.end.isoformat()), classes="area-heading", markup=False)
        yield Figures(id="report-figures")

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="reports")
    def load(self) -> None:
        try:
            glance = call(school.glance, self.actor)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(glance))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        await self.query_one("#report-figures", Figures).show(glance_figures(message.glance, self.actor.role))
