"""The care-centre area: rooms with their readiness, the centre's readiness and area, and the hazard ledger
(its own view, ui/centre/hazards.py); the keys that act on a room or a hazard are the screen's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain.centre import HazardRow, HazardSummary
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, label, t
from schoolcare.services.centre import hazards, inspections, rooms
from schoolcare.ui.centre.export import CentreExportDialog
from schoolcare.ui.centre.hazards import DeadlineDialog, HazardLedger, OwnerDialog, RecheckDialog
from schoolcare.ui.centre.inspection import HistoryScreen, InspectionScreen
from schoolcare.ui.centre.rooms import InventoryDialog, RoomDialog
from schoolcare.ui.centre.wording import ALERT, percent_text, shortfall_text
from schoolcare.ui.kit import Table, cursor_key
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand
from schoolcare.ui.kit.loading import Pending

# Actions that change the centre: hidden from the principal and teachers (the services refuse them too).
WRITES = {"inspect_room", "inspect_safety", "add_room", "edit_room", "recheck", "owner", "deadline"}
NO_ROOMS_KEY = "none"


@dataclass(frozen=True)
class CentreView:
    readiness: rd.CentreReadiness
    hazards: list[HazardRow]
    summary: HazardSummary


def centre_view(actor: Actor, settings: Settings, status: str, today: dt.date) -> CentreView:
    """Everything the screen shows, read in one connection: readiness, the ledger, its counts."""
    return CentreView(rooms.readiness(actor, settings), hazards.list_hazards(actor, settings, status, today=today),
                      hazards.summary(actor, today))


class CentreScreen(AreaScreen):
    TITLE_KEY = N_("nav.centre")
    BINDINGS = [
        Binding("i", "inspect_room", N_("centre.inspect_room"), id="centre.inspect_room"),
        Binding("s", "inspect_safety", N_("centre.inspect_safety"), id="centre.inspect_safety"),
        Binding("a", "add_room", N_("centre.add_room"), id="centre.add_room"),
        Binding("e", "edit_room", N_("centre.edit_room"), show=False, id="centre.edit_room"),
        Binding("v", "inventory", N_("centre.inventory"), show=False, id="centre.inventory"),  # F1 lists it
        Binding("c", "recheck", N_("centre.recheck"), id="centre.recheck"),
        Binding("o", "owner", N_("centre.owner"), show=False, id="centre.owner"),
        Binding("d", "deadline", N_("centre.deadline"), show=False, id="centre.deadline"),
        Binding("f", "toggle_closed", N_("centre.toggle_closed"), show=False, id="centre.toggle_closed"),
        Binding("l", "history", N_("centre.history"), show=False, id="centre.history"),
        Binding("x", "export", N_("centre.export"), id="centre.export"),
        Binding("r", "reload", N_("common.reload"), show=False, id="centre.reload"),
    ]

    class Loaded(Message):
        def __init__(self, view: CentreView) -> None:
            super().__init__()
            self.view = view

    class Opened(Message):
        """An inspection was started or found unfinished: walk it."""

        def __init__(self, inspection_id: int) -> None:
            super().__init__()
            self.inspection_id = inspection_id

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.view: CentreView | None = None

    def compose_body(self) -> ComposeResult:
        yield Pending(id="centre-summary")
        yield Label(t("centre.rooms"), classes="panel-title")
        yield Table(id="centre-rooms", cursor_type="row", zebra_stripes=True)
        yield Static("", id="centre-shortfalls", markup=False, classes="hint")
        yield HazardLedger()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITES:
            return self.actor.can(Permission.MANAGE_CENTRE)
        if action == "export":
            return self.actor.can(Permission.EXPORT)
        return True

    def palette_commands(self):
        if self.actor.can(Permission.MANAGE_CENTRE):
            yield PaletteCommand(t("centre.inspect_room"), t("centre.inspect_room_help"), self.action_inspect_room)
            yield PaletteCommand(t("centre.inspect_safety"), t("centre.inspect_safety_help"),
                                 self.action_inspect_safety)
            yield PaletteCommand(t("centre.add_room"), t("centre.add_room_help"), self.action_add_room)
        yield PaletteCommand(t("centre.history"), t("centre.history_help"), self.action_history)
        if self.actor.can(Permission.EXPORT):
            yield PaletteCommand(t("centre.export"), t("centre.export_help"), self.action_export)

    # -- loading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.reload()

    def load(self) -> None:
        # Exclusive: a newer load cancels an older one, whose late result is dropped.
        status = "all" if self.show_closed else "open"
        self.run_service(centre_view, self.actor, self.settings, status, clock.today(), then=self.Loaded,
                         group="centre")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.view = view = message.view
        ready = view.readiness
        summary = self.query_one("#centre-summary", Static)
        area = t("centre.area_ok" if ready.area.ok else "centre.area_short", total=f"{ready.area.total_m2:g}",
                 minimum=f"{ready.area.min_m2:g}", short=f"{ready.area.short_by:g}")
        lines = [t("centre.summary", percent=percent_text(ready.percent), area=area,
                   open=view.summary.open, overdue=view.summary.overdue)]
        if ready.missing_kinds:
            missing = t("centre.list_sep").join(label(k.name) for k in ready.missing_kinds)
            lines.append(t("centre.missing_rooms", rooms=missing))
        if view.summary.overdue:
            lines.append(ALERT + t("centre.overdue_alert", n=view.summary.overdue))
        summary.update("\n".join(lines))
        summary.set_class(not ready.ready or view.summary.overdue > 0, "problem")
        self._fill_rooms(ready)
        self.query_one(HazardLedger).show(view.hazards, closed_included=self.show_closed)

    def _fill_rooms(self, ready: rd.CentreReadiness) -> None:
        table = self.query_one("#centre-rooms", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("centre.col_room"), t("centre.col_kind"), t("centre.col_area"), t("centre.col_person"),
                          t("centre.col_last"), t("centre.col_ready"), t("centre.col_missing"))
        for room in ready.rooms:
            short = len(room.shortfalls)
            style = "" if short == 0 else "bold red"
            table.add_row(
                Text(room.name), Text(label(room.kind_label)), Text(f"{room.area_m2:g}"),
                Text(room.person_in_charge or t("common.none")),
                Text(room.last_inspected.isoformat() if room.last_inspected else t("centre.never")),
                Text(percent_text(room.percent), style=style), Text(str(short) if short else "—", style=style),
                key=str(room.room_id),
            )
        for kind in ready.missing_kinds:
            table.add_row(Text(t("centre.not_set_up")), Text(label(kind.name)), Text("0"), Text(""), Text(""),
                          Text("0%", style="bold red"), Text(""), key=f"{NO_ROOMS_KEY}:{kind.id}")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_shortfalls()

    @on(DataTable.RowHighlighted, "#centre-rooms")
    def _room_highlighted(self) -> None:
        self._show_shortfalls()

    def _show_shortfalls(self) -> None:
        room = self.current_room()
        text = ""
        if room is not None and self.view is not None:
            found = next((r for r in self.view.readiness.rooms if r.room_id == room), None)
            if found is not None:
                items = t("centre.list_sep").join(shortfall_text(s) for s in found.shortfalls)
                text = t("centre.shortfalls", room=found.name, items=items or t("centre.nothing_missing"))
        self.query_one("#centre-shortfalls", Static).update(text)

    # -- what the cursors point at ----------------------------------------------------------------------

    def current_room(self) -> int | None:
        key = cursor_key(self.query_one("#centre-rooms", DataTable))
        return int(key) if key and key.isdigit() else None

    def current_hazard(self) -> HazardRow | None:
        return self.query_one(HazardLedger).current()

    def _room_row(self):
        room = self.current_room()
        if room is None or self.view is None:
            self.notify(t("centre.pick_room"), severity="warning")
            return None
        return next(r for r in self.view.readiness.rooms if r.room_id == room)

    def _open_hazard(self) -> HazardRow | None:
        hazard = self.current_hazard()
        if hazard is None or hazard.closed_on is not None:
            self.notify(t("centre.pick_hazard"), severity="warning")
            return None
        return hazard

    # -- actions ----------------------------------------------------------------------------------------

    def _after(self, done) -> None:
        # No reload here: coming back from any dialog resumes this screen, which reloads it (base.py);
        # a second fill in the same moment leaves the table's columns measured from the headers alone.
        if done:
            self.notify(done if isinstance(done, str) else t("centre.saved"))

    def action_inspect_room(self) -> None:
        room = self._room_row()
        if room is not None:
            self.start(rd.ROOM, room.room_id)

    def action_inspect_safety(self) -> None:
        self.start(rd.SAFETY, None)

    def start(self, kind: str, room_id: int | None) -> None:
        self.run_service(inspections.start_inspection, self.actor, self.settings, kind, room_id, then=self.Opened,
                         group="centre-start")

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        self.app.push_screen(InspectionScreen(message.inspection_id), self._after)

    def action_add_room(self) -> None:
        self.app.push_screen(RoomDialog(self.actor, self.settings), self._after)

    def action_edit_room(self) -> None:
        room = self._room_row()
        if room is not None:
            self.app.push_screen(RoomDialog(self.actor, self.settings, room.room_id), self._after)

    def action_inventory(self) -> None:
        room = self._room_row()
        if room is not None:
            self.app.push_screen(InventoryDialog(self.actor, self.settings, room.room_id, room.name), self._after)

    def action_recheck(self) -> None:
        hazard = self._open_hazard()
        if hazard is not None:
            self.app.push_screen(RecheckDialog(self.actor, self.settings, hazard), self._after)

    def action_owner(self) -> None:
        hazard = self._open_hazard()
        if hazard is not None:
            self.app.push_screen(OwnerDialog(self.actor, hazard), self._after)

    def action_deadline(self) -> None:
        hazard = self._open_hazard()
        if hazard is not None:
            self.app.push_screen(DeadlineDialog(self.actor, hazard), self._after)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(), self._after)

    def action_export(self) -> None:
        self.app.push_screen(CentreExportDialog(self.actor, self.settings), self._after)
