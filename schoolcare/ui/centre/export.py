"""Exporting from the centre screen: the readiness report or the hazard ledger to a file, as .xlsx or .csv."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, language, t
from schoolcare.services.centre import export
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.export_dialog import ExportDialog

EXPORTS = {"readiness": N_("centre.export_readiness"), "hazards": N_("centre.export_hazards")}


class CentreExportDialog(ExportDialog):
    """The readiness report or the hazard ledger to a file, as .xlsx or .csv, in the screen's language."""

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__()
        self.actor, self.settings = actor, settings

    def compose(self) -> ComposeResult:
        what = [(t(key), w) for w, key in EXPORTS.items()]
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label(t("centre.export"), classes="dialog-title")
            yield FormField(t("centre.field_what"), Select(what, value="readiness", allow_blank=False, id="what"),
                            name="what")
            yield self.format_field()
            yield self.path_field()
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#what", Select).focus()

    def file_name(self) -> str:
        return f"{self.query_one('#what', Select).value}-{clock.today().isoformat()}.{self.chosen_format}"

    def save(self) -> None:
        self.clear_errors()
        path = self.target()
        if path is None:
            return
        write = export.export_readiness if self.query_one("#what", Select).value == "readiness" else export.export_hazards
        self.run_service(write, self.actor, self.settings, path, self.chosen_format, language(),
                         then=lambda files: self.delivered("centre.exported", files), failed=self.Failed,
                         group="dialog")
