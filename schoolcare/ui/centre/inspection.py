"""Walking an inspection with the keyboard (o/m/b/n set the highlighted item, a note line, sign off), and the history."""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import InspectionLine, InspectionSheet, InspectionSummary, SignOffResult
from schoolcare.domain.roles import Permission
from schoolcare.domain.settings import SEVERITIES
from schoolcare.i18n import N_, label, t
from schoolcare.services.centre import inspections
from schoolcare.ui.bindings import translate_bindings
from schoolcare.ui.centre.wording import clipped, section_text, severity_text, state_text
from schoolcare.ui.kit import SchoolHeader, Table
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.worker import ServiceFailed, explain

WRITES = {"set_state", "severity", "note", "sign_off"}
SECTION_WIDTH, ITEM_WIDTH = 14, 40  # long checklist texts are cut so the state and note stay on screen


def summary_text(summary: InspectionSummary) -> str:
    where = summary.room_name if summary.kind == rd.ROOM else t("centre.safety")
    started = t("centre.started", at=f"{summary.started_at:%Y-%m-%d %H:%M}", who=summary.started_by)
    if summary.signed_at:
        state = t("centre.signed", at=f"{summary.signed_at:%Y-%m-%d %H:%M}", who=summary.signed_by)
    else:
        state = t("centre.unfinished")
    return f"{where} · {started} · {state}"


class InspectionScreen(ServiceCalls, Screen[str | None]):
    """One inspection's items; writes go through one queue, so fast key presses land in order."""

    BINDINGS = [
        Binding("o", "set_state('ok')", N_("centre.key_ok"), id="inspection.ok"),
        Binding("m", "set_state('missing')", N_("centre.key_missing"), id="inspection.missing"),
        Binding("b", "set_state('broken')", N_("centre.key_broken"), id="inspection.broken"),
        Binding("n", "set_state('na')", N_("centre.key_na"), id="inspection.na"),
        Binding("v", "severity", N_("centre.key_severity"), id="inspection.severity"),
        Binding("e", "note", N_("centre.key_note"), id="inspection.note"),
        Binding("s", "sign_off", N_("centre.key_sign_off"), id="inspection.sign_off"),
        Binding("escape", "leave", N_("centre.key_leave"), id="inspection.leave"),
    ]

    class Loaded(Message):
        def __init__(self, sheet: InspectionSheet) -> None:
            super().__init__()
            self.sheet = sheet

    class Signed(Message):
        def __init__(self, result: SignOffResult) -> None:
            super().__init__()
            self.result = result

    class WriteFailed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self, inspection_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.inspection_id = inspection_id
        self.sheet: InspectionSheet | None = None
        self.lines: list[InspectionLine] = []
        self._note_key: str | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._writing = False

    @property
    def editable(self) -> bool:
        return (self.sheet is not None and not self.sheet.summary.signed
                and self.actor.can(Permission.MANAGE_CENTRE))

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("centre.inspection_title"))
        with Vertical(id="area-body"):
            yield Pending(id="inspection-summary", classes="area-heading")
            yield Table(id="inspection-items", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="inspection-note-row"):
                yield Label(t("centre.note"), classes="field-label")
                yield Input(id="inspection-note", placeholder=t("centre.note_hint"), disabled=True)
            yield Static("", id="inspection-hint", markup=False, classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITES:
            return self.editable
        return True

    def load(self) -> None:
        self.run_service(inspections.sheet, self.actor, self.settings, self.inspection_id, then=self.Loaded,
                         group="inspection-load")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.sheet = message.sheet
        self.lines = list(message.sheet.lines)
        self._fill()
        self.refresh_bindings()
        self.query_one("#inspection-items", DataTable).focus()

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))

    # -- the table --------------------------------------------------------------------------------------

    def _cells(self, n: int, line: InspectionLine) -> list[Text]:
        finding = line.state in rd.FINDINGS
        default = rd.DEFAULT_SEVERITY[self.sheet.summary.kind]  # type: ignore[union-attr]
        severity = (line.severity or default) if finding else None
        section = label(line.section_label) if line.section_label else section_text(line.section)
        need = f"{line.held}/{line.need}" if line.need else ""
        style = "bold red" if finding else ("dim" if line.state is None else "")
        hazard = t("centre.has_hazard", id=line.open_hazard_id) if line.open_hazard_id else ""
        # The state comes first: it is what the keys change, and must stay on screen however long the item is.
        return [Text(str(n)), Text(state_text(line.state), style=style), Text(severity_text(severity) if severity else ""),
                Text(clipped(section, SECTION_WIDTH)), Text(clipped(label(line.label), ITEM_WIDTH)), Text(need),
                Text(line.note), Text(hazard)]

    def _fill(self) -> None:
        table = self.query_one("#inspection-items", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("centre.col_no"), t("centre.col_state"), t("centre.col_severity"), t("centre.col_section"),
                          t("centre.col_item"), t("centre.col_held"), t("centre.col_note"), t("centre.col_hazard"))
        for n, line in enumerate(self.lines, start=1):
            table.add_row(*self._cells(n, line), key=line.key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_progress()

    def _show_progress(self) -> None:
        assert self.sheet is not None
        checked = sum(1 for line in self.lines if line.state is not None)
        findings = sum(1 for line in self.lines if line.state in rd.FINDINGS)
        self.query_one("#inspection-summary", Static).update(
            summary_text(self.sheet.summary) + "\n" + t("centre.progress", checked=checked, total=len(self.lines),
                                                        findings=findings))
        if self.editable:
            hint = t("centre.inspection_keys")
        else:
            hint = t("centre.signed_read_only" if self.sheet.summary.signed else "centre.read_only")
        self.query_one("#inspection-hint", Static).update(hint)
        self.query_one("#inspection-note-row").display = self.editable

    def _update_row(self, index: int) -> None:
        table = self.query_one("#inspection-items", DataTable)
        line = self.lines[index]
        for column, cell in zip(table.columns, self._cells(index + 1, line), strict=True):
            table.update_cell(line.key, column, cell, update_width=True)
        self._show_progress()

    def _current(self) -> int | None:
        table = self.query_one("#inspection-items", DataTable)
        return table.cursor_row if table.row_count else None

    # -- writing, in order ------------------------------------------------------------------------------

    def _enqueue(self, service: Callable, *args, **kwargs) -> None:
        self._queue.put((service, args, kwargs))
        with self._lock:
            if self._writing:
                return
            self._writing = True
        # One writer at a time, not exclusive: a key pressed while it runs is queued behind, never dropped.
        self.run_service(self._drain, group="inspection-write", exclusive=False)

    def _drain(self) -> None:
        """In the writer's thread and connection: every queued write in order; a refused one is reported and
        the ones after it still run (each is its own transaction)."""
        while True:
            with self._lock:
                try:
                    service, args, kwargs = self._queue.get_nowait()
                except queue.Empty:
                    self._writing = False
                    return
            try:
                result = service(*args, **kwargs)
            except Exception as error:
                self.post_message(self.WriteFailed(error))
                continue
            if isinstance(result, SignOffResult):
                self.post_message(self.Signed(result))

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        # Show why, then show what the database holds (what was typed in the note line stays there).
        self.notify(explain(message.error), severity="error", title=t("error.title"))
        self.load()

    def _change(self, index: int, **change) -> None:
        self.lines[index] = replace(self.lines[index], **change)
        self._update_row(index)
        self._enqueue(inspections.set_item, self.actor, self.inspection_id, self.lines[index].key, **change)

    def action_set_state(self, state: str) -> None:
        index = self._current()
        if index is None:
            return
        self._change(index, state=state)
        table = self.query_one("#inspection-items", DataTable)
        if index + 1 < table.row_count:
            table.move_cursor(row=index + 1)

    def action_severity(self) -> None:
        index = self._current()
        if index is None or self.lines[index].state not in rd.FINDINGS:
            self.notify(t("centre.severity_only_findings"), severity="warning")
            return
        line = self.lines[index]
        current = line.severity or rd.DEFAULT_SEVERITY[self.sheet.summary.kind]  # type: ignore[union-attr]
        self._change(index, severity=SEVERITIES[(SEVERITIES.index(current) + 1) % len(SEVERITIES)])

    def action_note(self) -> None:
        index = self._current()
        if index is None or not self.editable:
            return
        self._note_key = self.lines[index].key
        note = self.query_one("#inspection-note", Input)
        note.disabled = False
        note.value = self.lines[index].note
        note.focus()

    @on(DataTable.RowSelected, "#inspection-items")
    def _row_selected(self) -> None:
        self.action_note()

    @on(Input.Submitted, "#inspection-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        index = next((i for i, line in enumerate(self.lines) if line.key == self._note_key), None)
        if index is not None:
            self._change(index, note=event.value.strip())
        event.input.value = ""
        event.input.disabled = True
        self._note_key = None
        self.query_one("#inspection-items", DataTable).focus()

    def action_leave(self) -> None:
        note = self.query_one("#inspection-note", Input)
        if self.focused is note:  # Escape in the note line drops the edit, not the inspection
            note.value, note.disabled, self._note_key = "", True, None
            self.query_one("#inspection-items", DataTable).focus()
            return
        if self.editable:
            self.notify(t("centre.resume_later"))
        self.dismiss(None)

    def action_sign_off(self) -> None:
        unchecked = [i for i, line in enumerate(self.lines) if line.state is None]
        if unchecked:
            self.query_one("#inspection-items", DataTable).move_cursor(row=unchecked[0])
            self.notify(t("centre.unchecked_left", n=len(unchecked)), severity="warning")
            return
        new = sum(1 for line in self.lines if line.state in rd.FINDINGS and not line.open_hazard_id)
        closing = sum(1 for line in self.lines if line.state == rd.OK and line.open_hazard_id)
        text = t("centre.confirm_sign_off", who=self.actor.name, new=new, closing=closing)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._enqueue(inspections.sign_off, self.actor, self.settings, self.inspection_id)
        self.app.push_screen(ConfirmDialog(text), confirmed)

    @on(Signed)
    def _signed(self, message: Signed) -> None:
        r = message.result
        self.dismiss(t("centre.signed_result", opened=len(r.opened), still=len(r.still_open), closed=len(r.closed)))


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", N_("common.cancel"), id="confirm.cancel"),
                Binding("y", "confirm", N_("centre.confirm"), id="confirm.yes")]

    def __init__(self, text: str) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.text, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("centre.confirm"), variant="primary", id="yes")
                yield Button(t("common.cancel"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class HistoryScreen(ServiceCalls, ModalScreen[str | None]):
    """Every inspection, newest first; Enter opens one (an unfinished one to resume, a signed one to read)."""

    BINDINGS = [Binding("escape", "close", N_("common.close"), id="history.close")]

    class Loaded(Message):
        def __init__(self, rows: list[InspectionSummary]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="centre-history"):
            yield Label(t("centre.history"), classes="dialog-title")
            yield Table(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static(t("centre.history_hint"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.run_service(inspections.history, self.actor, then=self.Loaded, group="history")

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        table.add_columns(t("centre.col_started"), t("centre.col_where"), t("centre.col_signed"),
                          t("centre.col_checked"), t("centre.col_findings"))
        for row in message.rows:
            signed = f"{row.signed_at:%Y-%m-%d} {row.signed_by}" if row.signed_at else t("centre.unfinished")
            where = row.room_name if row.kind == rd.ROOM else t("centre.safety")
            if row.is_recheck:
                where = t("centre.recheck_of", where=where)
            table.add_row(Text(f"{row.started_at:%Y-%m-%d %H:%M}"), Text(where),
                          Text(signed, style="" if row.signed_at else "bold"), Text(f"{row.checked}/{row.items}"),
                          Text(str(row.findings), style="bold red" if row.findings else ""), key=str(row.id))
        table.focus()

    @on(DataTable.RowSelected, "#history-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        def closed(done: str | None) -> None:
            self.dismiss(done)  # not returned: Textual would await it inside this screen's handler and refuse
        self.app.push_screen(InspectionScreen(int(event.row_key.value or 0)), closed)

    def action_close(self) -> None:
        self.dismiss(None)
