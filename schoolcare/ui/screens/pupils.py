"""The pupils area: the enrolled pupils within the user's reach (the registry's full screens replace this)."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Label

from schoolcare.services import pupils_basic
from schoolcare.services.pupils_basic import PupilBrief
from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.screens.home import pupil_columns, pupil_rows
from schoolcare.ui.widgets import fill_table
from schoolcare.ui.worker import ServiceFailed, call


class PupilsScreen(AreaScreen):
    TITLE_KEY = N_("nav.pupils")
    BINDINGS = [Binding("r", "reload", N_("common.reload"), id="pupils.reload")]

    class Loaded(Message):
        def __init__(self, pupils: list[PupilBrief]) -> None:
            super().__init__()
            self.pupils = pupils

    def compose_body(self) -> ComposeResult:
        yield Label(t("shell.pupils_heading"), classes="area-heading")
        yield DataTable(id="pupils", cursor_type="row", zebra_stripes=True)

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="pupils")
    def load(self) -> None:
        try:
            pupils = call(pupils_basic.list_pupils, self.actor)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(pupils))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        fill_table(self.query_one("#pupils", DataTable), pupil_columns(), pupil_rows(message.pupils))
