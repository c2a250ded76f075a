"""The pupils behind one row of the term progress (a class's or a care teacher's figures): overdue now or with
periods missed, worst first."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.domain.term_progress import GroupProgress, PupilStanding
from schoolcare.i18n import label, t
from schoolcare.services.reports import term_report
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import Table, fill_table
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.worker import ServiceFailed


class StandingsScreen(ServiceCalls, ModalScreen[None]):
    """A row per pupil and rule behind the group's figures; Escape closes."""

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
            yield Pending(id="standings-count", classes="hint")
            yield Table(id="standings-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    def load(self) -> None:
        scope = {"class_id": self.group.id} if self.by_class else {"teacher_id": self.group.id}
        self.run_service(term_report.standings, self.actor, self.settings, self.term_id, then=self.Loaded,
                         group="standings", **scope)

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
