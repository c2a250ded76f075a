"""Exporting from the centre screen: the readiness report or the hazard ledger to a file, as .xlsx or .csv."""
from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, language, t
from schoolcare.services.centre import export
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.exports import default_target, hand_over, target_path

EXPORTS = {"readiness": N_("centre.export_readiness"), "hazards": N_("centre.export_hazards")}


class ExportDialog(Dialog):
    """The readiness report or the hazard ledger to a file, as .xlsx or .csv, in the screen's language."""

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__()
        self.actor, self.settings = actor, settings

    def compose(self) -> ComposeResult:
        what = [(t(key), w) for w, key in EXPORTS.items()]
        formats = [("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")]
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label(t("centre.export"), classes="dialog-title")
            yield FormField(t("centre.field_what"), Select(what, value="readiness", allow_blank=False, id="what"),
                            name="what")
            yield FormField(t("centre.field_format"), Select(formats, value="xlsx", allow_blank=False, id="format"),
                            name="format")
            yield FormField(t("centre.field_path"), Input(self._default_path("readiness", "xlsx"), id="path"),
                            name="path")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#what", Select).focus()

    def _default_path(self, what: str, fmt: str) -> str:
        return default_target(self.app, f"{what}-{clock.today().isoformat()}.{fmt}")

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        what = str(self.query_one("#what", Select).value)
        fmt = str(self.query_one("#format", Select).value)
        self.query_one("#path", Input).value = self._default_path(what, fmt)

    def save(self) -> None:
        self.clear_errors()
        path, problem = target_path(self.app, self.query_one("#path", Input).value)
        if path is None:
            self.query_one("#field-path", FormField).set_error(problem)
            return
        what, fmt = str(self.query_one("#what", Select).value), str(self.query_one("#format", Select).value)
        write = export.export_readiness if what == "readiness" else export.export_hazards
        self.run_service(write, self.actor, self.settings, path, fmt, language(), then=self._exported,
                         failed=self.Failed, group="dialog")

    def _exported(self, files: list[Path]) -> Dialog.Saved:
        return self.Saved(t("centre.exported", files=hand_over(self.app, files)))
