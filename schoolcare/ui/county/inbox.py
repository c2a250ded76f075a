"""The county inbox tab (收件箱): the reports the schools sent to the account's office, unhandled first; Enter opens
one (the reading is audited by the service), `m` marks it received / acted on / closed with a note."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from schoolcare.domain import inbox as ib
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import language, t
from schoolcare.services.county import inbox
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.county.area import CountyPane
from schoolcare.ui.county.wording import status_word
from schoolcare.ui.kit import FormField, Table, cursor_key
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.header import SchoolHeader
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.protection.wording import ERROR_STYLE
from schoolcare.ui.worker import ServiceFailed

# What to offer first when marking: the step after the current one.
NEXT = {ib.NEW: ib.RECEIVED, ib.RECEIVED: ib.ACTED_ON, ib.ACTED_ON: ib.CLOSED, ib.CLOSED: ib.CLOSED}


def when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def method_word(item: ib.InboxItem) -> str:
    return t(f"protection.method.{item.method}") if item.method else ""


class MarkDialog(Dialog):
    """The office's mark on one report: its new status and a note; saved as a row of its own (audited)."""

    def __init__(self, actor: Actor, item: ib.InboxItem) -> None:
        super().__init__()
        self.actor, self.item = actor, item

    def compose(self) -> ComposeResult:
        statuses = [(status_word(s), s) for s in ib.STATUSES]
        with VerticalScroll(classes="dialog", id="inbox-mark"):
            yield Label(t("inbox.mark.title", item=self.item.key), classes="dialog-title")
            yield Static(t("inbox.mark.about", school=self.item.school, pupil=self.item.pupil,
                           now=status_word(self.item.status.status)), markup=False)
            yield FormField(t("inbox.col.status"), Select(statuses, value=NEXT[self.item.status.status],
                                                          allow_blank=False, id="inbox_status"), name="inbox_status")
            yield FormField(t("inbox.col.note"), Input("", id="inbox_note"), name="inbox_note")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#inbox_status", Select).focus()

    def save(self) -> None:
        self.clear_errors()
        status = str(self.query_one("#inbox_status", Select).value)
        note = self.query_one("#inbox_note", Input).value
        self.run_service(inbox.mark, self.actor, self.settings, self.item.key, status, note,
                         then=lambda done: self.Saved(t("inbox.marked", item=self.item.key,
                                                        status=status_word(done.status))),
                         failed=self.Failed, group="dialog")


class InboxPane(CountyPane):
    """The office's inbox: unhandled reports first, the oldest on top; the closed ones on `f`."""

    BINDINGS = [
        Binding("enter", "open", N_("inbox.key.open"), id="county.inbox.open"),
        Binding("m", "mark", N_("inbox.key.mark"), id="county.inbox.mark"),
        Binding("f", "toggle_closed", N_("inbox.key.toggle_closed"), id="county.inbox.toggle_closed"),
    ]

    class Loaded(Message):
        def __init__(self, items: list[ib.InboxItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.items: dict[str, ib.InboxItem] = {}

    def compose(self) -> ComposeResult:
        yield Pending(id="inbox-summary", classes="area-heading")
        yield Table(id="inbox-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("inbox.hint"), id="inbox-hint", markup=False, classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return self.actor.can(Permission.HANDLE_INBOX)
        return True

    def palette_commands(self):
        yield PaletteCommand(t("inbox.key.toggle_closed"), t("inbox.hint"), self.action_toggle_closed)

    def reload(self) -> None:
        self.run_service(inbox.items, self.actor, self.settings, include_closed=self.show_closed,
                         then=self.Loaded, group="county-inbox")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.items = {item.key: item for item in message.items}
        waiting = sum(1 for item in message.items if item.status.status == ib.NEW)
        open_items = sum(1 for item in message.items if not item.status.handled)
        summary = self.query_one("#inbox-summary", Static)
        summary.update(t("inbox.summary", open=open_items, new=waiting))
        summary.set_class(waiting > 0, "problem")
        table = self.query_one("#inbox-table", DataTable)
        cursor, was = table.cursor_row, cursor_key(table)
        table.clear(columns=True)
        table.add_columns(*(t(f"inbox.col.{c}") for c in ("id", "status", "kind", "school", "pupil", "subject",
                                                          "reported_at", "method", "receipt")))
        for item in message.items:
            style = "bold" if item.status.status == ib.NEW else ""
            table.add_row(Text(item.key), Text(status_word(item.status.status), style=style),
                          Text(t(f"inbox.kind.{item.kind}")), Text(item.school), Text(item.pupil),
                          Text(inbox.subject_text(item, language())), Text(when(item.reported_at)),
                          Text(method_word(item)), Text(item.receipt), key=item.key)
        if table.row_count:
            keys = list(self.items)
            table.move_cursor(row=keys.index(was) if was in keys else min(cursor, table.row_count - 1))

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        # An account of no office has no inbox: said where the list would be, not only in a passing toast.
        message.stop()
        summary = self.query_one("#inbox-summary", Static)
        summary.update(message.text)
        summary.set_class(True, "problem")

    def current(self) -> ib.InboxItem | None:
        return self.items.get(cursor_key(self.query_one("#inbox-table", DataTable)) or "")

    @on(DataTable.RowSelected, "#inbox-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.current()
        if item is not None:
            self.app.push_screen(InboxItemScreen(item.key))

    def action_mark(self) -> None:
        item = self.current()
        if item is None:
            return

        def done(words) -> None:
            if words:
                self.notify(words)
                self.reload()

        self.app.push_screen(MarkDialog(self.actor, item), done)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()


class InboxItemScreen(ServiceCalls, Screen[None]):
    """One report as the school made it (for a dropout case, its written report) and the office's marks."""

    BINDINGS = [
        Binding("escape", "close", N_("common.close"), id="inbox_item.close"),
        Binding("m", "mark", N_("inbox.key.mark"), id="inbox_item.mark"),
    ]

    class Loaded(Message):
        def __init__(self, detail: ib.InboxDetail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, key: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.key = key
        self.detail: ib.InboxDetail | None = None

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("inbox.detail_title", item=self.key))
        with VerticalScroll(id="area-body"):
            yield Pending(id="inbox-facts", classes="area-heading")
            with Vertical(classes="panel") as report:
                report.border_title = t("inbox.written_report")
                yield Static("", id="inbox-report", markup=False)
            with Vertical(classes="panel") as marks:
                marks.border_title = t("inbox.history")
                yield Table(id="inbox-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_screen_resume(self) -> None:
        self.load()  # shown first, and back from marking: read (and audited) again

    def load(self) -> None:
        self.run_service(inbox.detail, self.actor, self.settings, self.key, lang=language(), then=self.Loaded,
                         group="inbox-item")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return self.detail is not None and self.actor.can(Permission.HANDLE_INBOX)
        return True

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))
        if self.detail is None:
            self.dismiss(None)

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.detail = d = message.detail
        item = d.item
        facts = [t("inbox.fact.head", kind=t(f"inbox.kind.{item.kind}"), school=item.school, pupil=item.pupil,
                   subject=inbox.subject_text(item, language())),
                 t("inbox.fact.found", at=when(item.found_at)),
                 t("inbox.fact.reported", at=when(item.reported_at), method=method_word(item) or "—",
                   receipt=item.receipt or "—"),
                 t("inbox.fact.status", status=status_word(item.status.status), at=when(item.status.at),
                   by=item.status.by) if item.status.at else t("inbox.fact.status_new")]
        head = self.query_one("#inbox-facts", Static)
        head.update("\n".join(facts))
        head.set_class(item.status.status == ib.NEW, "problem")
        report = self.query_one("#inbox-report", Static)
        if d.report_text:
            report.update("\n".join(d.report_text))
        elif item.method == "written":  # sent on paper: the school records when, how and the receipt, not the text
            report.update(t("inbox.written_on_paper"))
        else:
            report.update(t("inbox.no_written_report", method=method_word(item) or "—"))
        table = self.query_one("#inbox-history", DataTable)
        table.clear(columns=True)
        table.add_columns(t("inbox.col.status_at"), t("inbox.col.by"), t("inbox.col.status"), t("inbox.col.note"))
        for n, h in enumerate(reversed(d.history)):
            table.add_row(Text(when(h.at)), Text(h.by), Text(status_word(h.status),
                                                          style=ERROR_STYLE if h.status == ib.NEW else ""),
                          Text(h.note), key=str(n))
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_mark(self) -> None:
        if self.detail is None:
            return

        def done(words) -> None:
            if words:
                self.notify(words)

        self.app.push_screen(MarkDialog(self.actor, self.detail.item), done)
