"""One school's term progress as the county reads it: the reports area's own view (ui/reports/progress.py) with
the county account acting at that school, read-only (services.county.reach.at_school); Escape goes back."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from schoolcare.domain.roles import Actor
from schoolcare.i18n import t
from schoolcare.services.county import reach
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.reports.progress import TermProgressView


class SchoolProgressScreen(AreaScreen):
    TITLE_KEY = N_("nav.county")
    BINDINGS = [Binding("escape", "back", N_("county.home.back"), id="county.school.back")]

    class Ready(Message):
        def __init__(self, actor: Actor) -> None:
            super().__init__()
            self.actor = actor

    def __init__(self, school_id: int, school_name: str) -> None:
        super().__init__()
        self.school_id, self.school_name = school_id, school_name

    def compose_body(self) -> ComposeResult:
        yield from ()  # the view mounts once the read-only actor is there (_ready)

    def on_mount(self) -> None:
        # The header names the school being read (not a line of the body: 80×24 has no row to spare).
        self.query_one("#header-where", Static).update(
            f"{self.session.school_name}  ·  {t('county.home.reading', school=self.school_name)}")
        self.run_service(reach.at_school, self.actor, self.school_id, then=self.Ready, group="county-school")

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        view = TermProgressView()
        view.actor = message.actor  # every figure, row and export below reads this school, and writes nothing
        self.query_one("#area-body").mount(view)

    def reload(self) -> None:
        for view in self.query(TermProgressView):
            view.refresh_figures()

    def action_back(self) -> None:
        self.app.pop_screen()
