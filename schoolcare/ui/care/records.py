"""The Care log's records (calls, talks, visits of the last 60 days, to correct or withdraw) and open follow-ups."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from schoolcare.domain import clock
from schoolcare.domain.care import CallRow, CareEntry, FollowUpRow, TalkRow
from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.services.care import calls_talks, followups
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.wording import day, entry_style, entry_what
from schoolcare.ui.kit import Table, cursor_key, plain
from schoolcare.ui.kit.service import ServiceCalls

DAYS_SHOWN = 60


class RecordsView(ServiceCalls, Vertical):
    BINDINGS = [
        Binding("e", "edit", N_("care.key.edit"), id="records.edit"),
        Binding("x", "withdraw", N_("care.key.withdraw"), id="records.withdraw"),
    ]

    class Loaded(Message):
        def __init__(self, entries: list[CareEntry]) -> None:
            super().__init__()
            self.entries = entries

    class Fetched(Message):
        """A record read afresh, to correct."""

        def __init__(self, row: CallRow | TalkRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.entries: dict[str, CareEntry] = {}

    def compose(self) -> ComposeResult:
        yield Static(t("care.records.heading"), classes="panel-title", markup=False)
        yield Table(id="records-table", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "withdraw"):
            return self.actor.can(Permission.LOG_CARE)
        return True

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        start = clock.today() - dt.timedelta(days=DAYS_SHOWN)
        self.run_service(calls_talks.timeline, self.actor, start=start, limit=500, then=self.Loaded,
                         group="care-records")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        table = self.query_one("#records-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("care.column.date"), t("care.column.kind"), t("care.column.pupil"),
                          t("care.column.what"), t("care.column.by"))
        self.entries = {}
        for entry in message.entries:
            key = f"{entry.kind}:{entry.id}"
            self.entries[key] = entry
            style = entry_style(entry)
            table.add_row(Text(day(entry.date), style=style), Text(t(f"care.kind.{entry.kind}"), style=style),
                          Text(entry.pupil_name, style=style), Text(entry_what(entry), style=style),
                          Text(entry.recorded_by, style=style), key=key)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))

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
        from schoolcare.ui.care.forms import WithdrawDialog

        entry = self.highlighted()
        if entry is None:
            return
        what = f"{day(entry.date)} {t(f'care.kind.{entry.kind}')} {entry.pupil_name} {entry_what(entry)}"
        self.app.push_screen(WithdrawDialog(self.actor, entry.kind, entry.id, what), self._after("care.saved.withdrawn"))

    def action_edit(self) -> None:
        entry = self.highlighted()
        if entry is not None and entry.kind in ("family_call", "teacher_talk"):
            self.fetch(entry)

    def fetch(self, entry: CareEntry) -> None:
        read = calls_talks.get_call if entry.kind == "family_call" else calls_talks.get_talk
        self.run_service(read, self.actor, entry.id, then=self.Fetched, group="care-record-fetch")

    @on(Fetched)
    def _edit(self, message: Fetched) -> None:
        from schoolcare.ui.care.forms import CallDialog, TalkDialog

        message.stop()
        row = message.row
        form = CallDialog if isinstance(row, CallRow) else TalkDialog
        self.app.push_screen(form(self.actor, row.pupil_id, row.pupil_name, row), self._after("care.saved.edit"))

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
