"""Exporting the incidents (coordinator and principal): every incident with its reports and follow-ups, as .xlsx
or .csv, audited by the service; in a browser session it arrives as a download."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import language, t
from schoolcare.services.protection import incident_export
from schoolcare.ui.kit.export_dialog import ExportDialog


class IncidentExportDialog(ExportDialog):
    """Format and file; the export holds every incident's details, so it says it is audited."""

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__()
        self.actor, self.settings = actor, settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="incident-export"):
            yield Label(t("protection.export.title"), classes="dialog-title")
            yield self.format_field()
            yield self.path_field()
            yield Static(t("protection.export.audited"), classes="hint", markup=False)
            yield from self.buttons()

    def file_name(self) -> str:
        return f"{t('protection.export.file')}-{clock.today().isoformat()}.{self.chosen_format}"

    def save(self) -> None:
        self.clear_errors()
        path = self.target()
        if path is None:
            return
        self.run_service(incident_export.export_incidents, self.actor, self.settings, path, self.chosen_format,
                         language(), then=lambda files: self.delivered("centre.exported", files),
                         failed=self.Failed, group="dialog")
