"""Exporting the incidents (coordinator and principal): every incident with its reports and follow-ups, as .xlsx
or .csv, audited by the service; in a browser session it arrives as a download."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import language, t
from schoolcare.services.protection import incident_export
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.exports import default_target, hand_over, target_path


class IncidentExportDialog(Dialog):
    """Format and file; the export holds every incident's details, so it says it is audited."""

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__()
        self.actor, self.settings = actor, settings

    def compose(self) -> ComposeResult:
        formats = [("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")]
        with VerticalScroll(classes="dialog", id="incident-export"):
            yield Label(t("protection.export.title"), classes="dialog-title")
            yield FormField(t("centre.field_format"), Select(formats, value="xlsx", allow_blank=False, id="format"),
                            name="format")
            yield FormField(t("centre.field_path"), Input(self._default_path("xlsx"), id="path"), name="path")
            yield Static(t("protection.export.audited"), classes="hint", markup=False)
            yield from self.buttons()

    def _default_path(self, fmt: str) -> str:
        return default_target(self.app, f"{t('protection.export.file')}-{clock.today().isoformat()}.{fmt}")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.query_one("#path", Input).value = self._default_path(str(event.value))

    def save(self) -> None:
        self.clear_errors()
        path, problem = target_path(self.app, self.query_one("#path", Input).value)
        if path is None:
            self.query_one("#field-path", FormField).set_error(problem)
            return
        fmt = str(self.query_one("#format", Select).value)
        self.run_service(incident_export.export_incidents, self.actor, self.settings, path, fmt, language(),
                         then=lambda files: self.Saved(t("centre.exported", files=hand_over(self.app, files))),
                         failed=self.Failed, group="dialog")
