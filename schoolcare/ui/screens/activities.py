"""The activities area: the classes that owe class activities (the activities screens replace this)."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Label

from schoolcare.domain.records import ClassRow
from schoolcare.services import school
from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.widgets import fill_table
from schoolcare.ui.worker import ServiceFailed, call


def class_columns() -> list[str]:
    return [t("column.class"), t("column.homeroom_teacher"), t("column.pupils"), t("column.left_behind")]


def class_rows(classes: list[ClassRow]):
    for c in classes:
        yield str(c.id), (c.name, c.homeroom_teacher or t("common.none"), c.pupils, c.left_behind)


class ActivitiesScreen(AreaScreen):
    TITLE_KEY = N_("nav.activities")

    class Loaded(Message):
        def __init__(self, classes: list[ClassRow]) -> None:
            super().__init__()
            self.classes = classes

    def compose_body(self) -> ComposeResult:
        yield Label(t("shell.classes_heading"), classes="area-heading")
        yield DataTable(id="classes", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="activities")
    def load(self) -> None:
        try:
            classes = call(school.list_classes, self.actor)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(classes))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        fill_table(self.query_one("#classes", DataTable), class_columns(), class_rows(message.classes))
