"""The Care log's records — any period, filtered by pupil, class, kind, dates and recorder, a page at a time —
to correct or withdraw; and the open follow-ups."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.care import CareEntry, FollowUpRow
from schoolcare.domain.record_search import SEARCH_KINDS, FilterChoices, PageMark, RecordFilters, RecordPage
from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.services.care import finder, followups
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.corrections import RecordFetched, fetch_to_correct, open_correction, withdraw_form
from schoolcare.ui.care.wording import day, entry_style, entry_what
from schoolcare.ui.kit import Table, cursor_key, plain
from schoolcare.ui.kit.service import ServiceCalls


def record_line(entry: CareEntry) -> str:
    """The record in one line, as the withdrawal form shows what is withdrawn."""
    return f"{day(entry.date)} {t(f'care.kind.{entry.kind}')} {entry.pupil_name} {entry_what(entry)}"


class RecordsView(ServiceCalls, Vertical):
    DEFAULT_CSS = """
    RecordsView #records-filters { height: auto; }
    RecordsView #records-filters Input { width: 1fr; }
    RecordsView #records-filters Select { width: 1fr; }
    RecordsView #records-page { height: 1; }
    """
    BINDINGS = [
        Binding("e", "edit", N_("care.key.edit"), id="records.edit"),
        Binding("x", "withdraw", N_("care.key.withdraw"), id="records.withdraw"),
        # Said on the page line under the table (and in help): the footer has no room left for them in English.
        Binding("n", "next_page", N_("care.records.key_next"), show=False, id="records.next"),
        Binding("p", "previous_page", N_("care.records.key_previous"), show=False, id="records.previous"),
        Binding("slash", "focus_filter", N_("care.records.key_filter"), show=False, id="records.filter"),
    ]

    class Loaded(Message):
        def __init__(self, page: RecordPage) -> None:
            super().__init__()
            self.page = page

    class Choices(Message):
        def __init__(self, choices: FilterChoices) -> None:
            super().__init__()
            self.choices = choices

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.entries: dict[str, CareEntry] = {}
        self.marks: list[PageMark | None] = [None]  # where each page shown so far starts; the last is this one
        self.page: RecordPage | None = None
        self.choices_loaded = False

    def compose(self) -> ComposeResult:
        yield Static(t("care.records.title"), classes="panel-title", markup=False)
        with Horizontal(id="records-filters"):
            yield Input(placeholder=t("care.records.pupil_hint"), id="records-pupil")
            yield Select([], prompt=t("care.records.any_class"), id="records-class")
            yield Select([(t(f"care.kind.{k}"), k) for k in SEARCH_KINDS], prompt=t("care.records.any_kind"),
                         id="records-kind")
            yield Input(placeholder=t("care.records.start_hint"), id="records-start")
            yield Input(placeholder=t("care.records.end_hint"), id="records-end")
            yield Select([], prompt=t("care.records.any_recorder"), id="records-recorder")
        yield Table(id="records-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="records-page", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "withdraw"):
            return self.actor.can(Permission.LOG_CARE)
        if action == "next_page":
            return self.page is None or self.page.next is not None
        if action == "previous_page":
            return len(self.marks) > 1
        return True

    def filters(self) -> RecordFilters:
        def chosen(widget_id: str):
            value = self.query_one(f"#{widget_id}", Select).value
            return None if value is Select.NULL else value

        return RecordFilters(
            pupil=self.query_one("#records-pupil", Input).value, class_id=chosen("records-class"),
            kind=chosen("records-kind") or "", start=self.query_one("#records-start", Input).value or None,
            end=self.query_one("#records-end", Input).value or None, recorder_id=chosen("records-recorder"))

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        """The page being shown, read afresh (after a correction, or when first shown)."""
        if not self.choices_loaded:
            self.run_service(finder.filter_choices, self.actor, then=self.Choices, group="care-record-choices")
        self.run_service(finder.find_records, self.actor, self.filters(), self.marks[-1], then=self.Loaded,
                         group="care-records")

    def search(self) -> None:
        """The filters changed: back to the first page."""
        self.marks = [None]
        self.load()

    @on(Input.Submitted, "#records-filters Input")
    def _filter_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.search()
        self.query_one("#records-table").focus()

    @on(Select.Changed, "#records-filters Select")
    def _filter_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted and self.choices_loaded:
            self.search()

    @on(Choices)
    def _choices(self, message: Choices) -> None:
        message.stop()
        self.query_one("#records-class", Select).set_options([(c.name, c.id) for c in message.choices.classes])
        self.query_one("#records-recorder", Select).set_options([(s.name, s.id) for s in message.choices.staff])
        self.choices_loaded = True

    def action_next_page(self) -> None:
        if self.page is not None and self.page.next is not None:
            self.marks.append(self.page.next)
            self.load()

    def action_previous_page(self) -> None:
        if len(self.marks) > 1:
            self.marks.pop()
            self.load()

    def action_focus_filter(self) -> None:
        self.query_one("#records-pupil", Input).focus()

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        self.page = message.page
        table = self.query_one("#records-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("care.column.date"), t("care.column.kind"), t("care.column.pupil"),
                          t("care.column.what"), t("care.column.by"))
        self.entries = {}
        for entry in message.page.rows:
            key = f"{entry.kind}:{entry.id}"
            self.entries[key] = entry
            style = entry_style(entry)
            table.add_row(Text(day(entry.date), style=style), Text(t(f"care.kind.{entry.kind}"), style=style),
                          Text(entry.pupil_name, style=style), Text(entry_what(entry), style=style),
                          Text(entry.recorded_by, style=style), key=key)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        words = t("care.records.page", n=len(self.marks), count=len(message.page.rows))
        if not message.page.rows:
            words = t("care.records.none")
        if message.page.next is not None:
            words += t("care.records.more")
        if len(self.marks) > 1:
            words += t("care.records.back")
        words += t("care.records.filter")
        self.query_one("#records-page", Static).update(words)
        self.refresh_bindings()

    def highlighted(self) -> CareEntry | None:
        table = self.query_one("#records-table", DataTable)
        if not table.row_count:
            self.notify(t("care.no_record"), severity="warning")
            return None
        return self.entries.get(str(cursor_key(table)))

    def _after(self, key: str):
        def done(result) -> None:
            if result:
                self.notify(t(key))
                self.reload()
        return done

    def action_withdraw(self) -> None:
        entry = self.highlighted()
        if entry is not None:
            self.app.push_screen(withdraw_form(self.actor, entry.kind, entry.id, record_line(entry)),
                                 self._after("care.saved.withdrawn"))

    def action_edit(self) -> None:
        entry = self.highlighted()
        if entry is not None:
            fetch_to_correct(self, entry.kind, entry.id)

    @on(RecordFetched)
    def _edit(self, message: RecordFetched) -> None:
        message.stop()
        open_correction(self, message.row, self._after("care.saved.edit"))

    @on(DataTable.RowSelected, "#records-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.registry.find_pupil import open_pupil_file

        event.stop()
        entry = self.entries.get(str(event.row_key.value))
        if entry is not None and entry.pupil_id is not None:
            open_pupil_file(self.app, entry.pupil_id)


class FollowUpsView(ServiceCalls, Vertical):
    BINDINGS = [Binding("d", "done", N_("care.key.done"), id="follow_ups.done")]

    class Loaded(Message):
        def __init__(self, rows: list[FollowUpRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.rows: dict[str, FollowUpRow] = {}

    def compose(self) -> ComposeResult:
        yield Static(t("care.follow_ups.heading"), classes="panel-title", markup=False)
        yield Table(id="follow-ups-table", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.actor.can(Permission.LOG_CARE) if action == "done" else True

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(followups.open_follow_ups, self.actor, then=self.Loaded, group="care-follow-ups")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        today = clock.today()
        table = self.query_one("#follow-ups-table", DataTable)
        table.clear(columns=True)
        table.add_columns(t("care.column.due"), t("care.column.pupil"), t("care.column.action"),
                          t("care.column.owner"))
        self.rows = {str(r.id): r for r in message.rows}
        for r in message.rows:
            style = "bold red" if r.overdue(today) else ""
            table.add_row(Text(day(r.due) or "—", style=style), plain(r.pupil_name), plain(r.action),
                          plain(r.owner_name), key=str(r.id))
        if not message.rows:
            table.add_row(Text(t("care.follow_ups.none"), style="green"), "", "", "", key="none")

    def action_done(self) -> None:
        from schoolcare.ui.care.forms import FollowUpDoneDialog

        table = self.query_one("#follow-ups-table", DataTable)
        row = self.rows.get(str(cursor_key(table))) if table.row_count else None
        if row is None:
            self.notify(t("care.no_record"), severity="warning")
            return

        def done(result) -> None:
            if result:
                self.notify(t("care.saved.done"))
                self.reload()

        self.app.push_screen(FollowUpDoneDialog(self.actor, row.id, row.action), done)

    @on(DataTable.RowSelected, "#follow-ups-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.registry.find_pupil import open_pupil_file

        event.stop()
        row = self.rows.get(str(event.row_key.value))
        if row is not None:
            open_pupil_file(self.app, row.pupil_id)
