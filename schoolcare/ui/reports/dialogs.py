"""Behind the term progress: the pupils behind a class's or teacher's figures, and exporting the term report or
the quarterly ledger (with recording the submission, for the coordinator)."""
from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.quarters import GUARDIAN_CHANGED, LEFT, NEW, STATUS_CHANGED, Quarter
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.domain.term_progress import GroupProgress, PupilStanding
from schoolcare.services.reports import quarterly, term_report, term_sheets
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.i18n import label, language, t
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit import FormField, Table, fill_table
from schoolcare.ui.worker import ServiceFailed, call

EXPORTS = ("term_report", "quarterly")


class StandingsScreen(ModalScreen[None]):
    """The pupils behind one row of the term progress: overdue now or with periods missed, worst first."""

    BINDINGS = [Binding("escape", "close", N_("common.close"), id="standings.close")]
    # Wider than a form dialog: a row per pupil and rule, eight columns.
    DEFAULT_CSS = """
    StandingsScreen #standings {
        width: 116; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    StandingsScreen #standings DataTable { height: auto; max-height: 28; }
    """

    class Loaded(Message):
        def __init__(self, rows: list[PupilStanding]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, actor: Actor, settings: Settings, term_id: str, group: GroupProgress, by_class: bool) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.actor, self.settings, self.term_id = actor, settings, term_id
        self.group, self.by_class = group, by_class

    def compose(self) -> ComposeResult:
        name = self.group.name or t("reports.nobody")
        with Vertical(id="standings"):
            yield Label(t("reports.detail_class" if self.by_class else "reports.detail_teacher", name=name),
                        classes="dialog-title", markup=False)
            yield Static(t("reports.loading"), id="standings-count", markup=False, classes="hint")
            yield Table(id="standings-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="standings")
    def load(self) -> None:
        scope = {"class_id": self.group.id} if self.by_class else {"teacher_id": self.group.id}
        try:
            rows = call(term_report.standings, self.actor, self.settings, self.term_id, **scope)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(rows))

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.query_one("#standings-count", Static).update(message.text)

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        rules = {rule.id: label(rule.name) for rule in self.settings.rules}
        columns = [t("reports.col_student_no"), t("reports.col_name"), t("reports.col_class"),
                   t("reports.col_teacher"), t("reports.col_rule"), t("reports.col_status"),
                   t("reports.col_missed"), t("reports.col_last")]
        rows = [(f"{s.pupil_id}:{s.rule_id}",
                 (s.student_no, s.name, s.class_name, s.teacher_name or t("reports.nobody"), rules.get(s.rule_id, ""),
                  t(f"reports.status_{s.status.value}"), f"{s.missed}/{s.owed}",
                  s.last_on.isoformat() if s.last_on else "—"))
                for s in message.rows]
        fill_table(self.query_one(DataTable), columns, rows)
        count = self.query_one("#standings-count", Static)
        count.update(t("reports.detail_count", n=len(rows)) if rows else t("reports.detail_empty"))

    def action_close(self) -> None:
        self.dismiss(None)


class ExportDialog(Dialog):
    """The term report or the quarterly ledger to a file; the coordinator may record the ledger as submitted."""

    def __init__(self, actor: Actor, settings: Settings, term_id: str | None, what: str = "term_report") -> None:
        super().__init__()
        self.actor, self.settings, self.term_id = actor, settings, term_id
        self.what = what if what in EXPORTS else EXPORTS[0]
        # This quarter, until prepare() learns that an earlier one is still waiting to be submitted.
        self.quarter = Quarter.of(clock.today())

    def compose(self) -> ComposeResult:
        formats = [("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")]
        with VerticalScroll(classes="dialog", id="report-export"):
            yield Label(t("reports.export_title"), classes="dialog-title")
            yield FormField(t("reports.field_what"),
                            Select([(t(f"reports.export_{w}"), w) for w in EXPORTS], value=self.what,
                                   allow_blank=False, id="what"), name="what")
            yield FormField(t("reports.field_format"), Select(formats, value="xlsx", allow_blank=False, id="format"),
                            name="format")
            yield FormField(t("reports.field_quarter"), Input(self.quarter.label, id="quarter"), name="quarter")
            if self.actor.can(Permission.FILE_REPORTS):
                yield Checkbox(t("reports.record"), id="record")
                yield Static(t("reports.record_hint"), classes="hint", markup=False, id="record-hint")
            yield FormField(t("reports.field_path"), Input(self._default_path(), id="path"), name="path")
            yield from self.buttons()

    def on_mount(self) -> None:
        self._show_quarter_fields()
        self.query_one("#what", Select).focus()
        self.prepare()

    class Prepared(Message):
        def __init__(self, quarter: Quarter) -> None:
            super().__init__()
            self.quarter = quarter

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog-prepare")
    def prepare(self) -> None:
        """The quarter to offer: the one the coordinator's reminder is about while it is due or overdue."""
        try:
            reminder = call(quarterly.reminder, self.actor)
        except Exception:  # only a default is at stake: keep this quarter
            return
        if reminder.shown:
            self.post_message(self.Prepared(reminder.quarter))

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        field = self.query_one("#quarter", Input)
        if field.value == self.quarter.label:  # not typed over yet
            self.quarter = message.quarter
            field.value = message.quarter.label
            self.query_one("#path", Input).value = self._default_path()

    def _default_path(self) -> str:
        what = str(self.query_one("#what", Select).value) if self.is_mounted else self.what
        fmt = str(self.query_one("#format", Select).value) if self.is_mounted else "xlsx"
        if what == "quarterly":
            quarter = self.query_one("#quarter", Input).value.strip() if self.is_mounted else self.quarter.label
            return str(Path.home() / f"quarterly-{quarter or self.quarter.label}.{fmt}")
        return str(Path.home() / f"term-report-{self.term_id or clock.today().isoformat()}.{fmt}")

    def _show_quarter_fields(self) -> None:
        quarterly_chosen = str(self.query_one("#what", Select).value) == "quarterly"
        self.query_one("#field-quarter").display = quarterly_chosen
        for node in self.query("#record, #record-hint"):
            node.display = quarterly_chosen

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        self._show_quarter_fields()
        self.query_one("#path", Input).value = self._default_path()

    def save(self) -> None:
        self.clear_errors()
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name or not path.parent.is_dir():
            self.query_one("#field-path", FormField).set_error(t("reports.no_folder", folder=str(path.parent)))
            return
        record = bool(self.query("#record")) and self.query_one("#record", Checkbox).value
        self.store(str(self.query_one("#what", Select).value), str(self.query_one("#format", Select).value), path,
                   self.query_one("#quarter", Input).value.strip(), record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, what: str, fmt: str, path: Path, quarter: str, record: bool) -> None:
        try:
            if what == "quarterly":
                ledger, files, submission = call(quarterly.export, self.actor, path, fmt, quarter or None,
                                                 lang=language(), record=record)
            else:
                _, files = call(term_sheets.export, self.actor, self.settings, path, fmt, self.term_id,
                                lang=language())
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        names = "、".join(str(f) for f in files)
        if what != "quarterly":
            self.post_message(self.Saved(t("reports.exported", files=names)))
            return
        text = t("reports.exported_quarterly", quarter=ledger.quarter.label,
                 n=len(ledger.rows) - ledger.count(LEFT), new=ledger.count(NEW), left=ledger.count(LEFT),
                 status=ledger.count(STATUS_CHANGED), guardian=ledger.count(GUARDIAN_CHANGED), files=names)
        if submission is not None:
            text += "\n" + t("reports.recorded", quarter=submission.quarter.label,
                             date=submission.submitted_on.isoformat())
        self.post_message(self.Saved(text))
