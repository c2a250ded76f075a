"""Exporting from the reports area: the term report or the quarterly ledger to a file, and (for the coordinator)
recording the ledger as submitted to the civil-affairs bureau."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.quarters import Quarter, QuarterReminder
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import language, t
from schoolcare.services.reports import quarterly, term_sheets
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.export_dialog import ExportDialog
from schoolcare.ui.kit.exports import hand_over
from schoolcare.ui.reports.quarterly import ledger_exported, offered_quarter

EXPORTS = ("term_report", "quarterly")


class ReportExportDialog(ExportDialog):
    """The term report or the quarterly ledger to a file; the coordinator may record the ledger as submitted."""

    def __init__(self, actor: Actor, settings: Settings, term_id: str | None, what: str = "term_report") -> None:
        super().__init__()
        self.actor, self.settings, self.term_id = actor, settings, term_id
        self.what = what if what in EXPORTS else EXPORTS[0]
        # This quarter, until prepare() learns that an earlier one is still waiting to be submitted.
        self.quarter = Quarter.of(clock.today())

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="report-export"):
            yield Label(t("reports.export_title"), classes="dialog-title")
            yield FormField(t("reports.field_what"),
                            Select([(t(f"reports.export_{w}"), w) for w in EXPORTS], value=self.what,
                                   allow_blank=False, id="what"), name="what")
            yield self.format_field()
            yield FormField(t("reports.field_quarter"), Input(self.quarter.label, id="quarter"), name="quarter")
            if self.actor.can(Permission.FILE_REPORTS):
                yield Checkbox(t("reports.record"), id="record")
                yield Static(t("reports.record_hint"), classes="hint", markup=False, id="record-hint")
            yield self.path_field()
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#what", Select).focus()
        self.prepare()

    class Prepared(Message):
        def __init__(self, reminder: QuarterReminder) -> None:
            super().__init__()
            self.reminder = reminder

    class NotPrepared(Message):
        """The reminder could not be read: only a default is at stake, so this quarter stays on offer."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def prepare(self) -> None:
        """The quarter to offer: the one the coordinator's reminder is about while it is due or overdue."""
        self.run_service(quarterly.reminder, self.actor, then=self.Prepared, failed=self.NotPrepared,
                         group="dialog-prepare")

    @on(NotPrepared)
    def _not_prepared(self, message: NotPrepared) -> None:
        message.stop()

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        offered = offered_quarter(message.reminder)
        field = self.query_one("#quarter", Input)
        if offered is not None and field.value == self.quarter.label:  # not typed over yet
            self.quarter = offered
            field.value = offered.label

    def file_name(self) -> str:
        if self.query_one("#what", Select).value == "quarterly":
            quarter = self.query_one("#quarter", Input).value.strip()
            return f"quarterly-{quarter or self.quarter.label}.{self.chosen_format}"
        return f"term-report-{self.term_id or clock.today().isoformat()}.{self.chosen_format}"

    @on(Input.Changed, "#quarter")
    def _quarter_typed(self) -> None:
        self.follow_choices()  # the file is named after the quarter it holds

    def choices_changed(self) -> None:
        quarterly_chosen = str(self.query_one("#what", Select).value) == "quarterly"
        self.query_one("#field-quarter").display = quarterly_chosen
        for node in self.query("#record, #record-hint"):
            node.display = quarterly_chosen

    def save(self) -> None:
        self.clear_errors()
        path = self.target()
        if path is None:
            return
        record = bool(self.query("#record")) and self.query_one("#record", Checkbox).value
        fmt = self.chosen_format
        if str(self.query_one("#what", Select).value) == "quarterly":
            quarter = self.query_one("#quarter", Input).value.strip() or None
            self.run_service(quarterly.export, self.actor, path, fmt, quarter, lang=language(), record=record,
                             then=lambda found: self.Saved(ledger_exported(found[0], hand_over(self.app, found[1]),
                                                                           found[2])),
                             failed=self.Failed, group="dialog")
        else:
            self.run_service(term_sheets.export, self.actor, self.settings, path, fmt, self.term_id, lang=language(),
                             then=lambda found: self.delivered("reports.exported", found[1]),
                             failed=self.Failed, group="dialog")
