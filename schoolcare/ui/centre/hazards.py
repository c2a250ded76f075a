"""The hazard ledger (限期整改台账) on the centre screen: the table and the highlighted hazard in full, and the
dialogs that act on one hazard — its owner, its deadline, its re-check."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select, Static

from schoolcare.domain import readiness as rd
from schoolcare.domain import validation
from schoolcare.domain.centre import HazardRow
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import N_, label, t
from schoolcare.services.accounts import school
from schoolcare.services.centre import hazards
from schoolcare.ui.centre.wording import (
    clipped,
    hazard_text,
    hazard_where,
    severity_text,
    staff_options,
    state_text,
    status_text,
)
from schoolcare.ui.kit import FormField, Table, cursor_key
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.service import ServiceCalls

# Long checklist texts are cut in the ledger (shown whole in the line under it) so every column fits 120 cells:
# at least these widths; what the other columns leave of the ledger's width goes to the place first (issue 11).
WHERE_WIDTH, ITEM_WIDTH, ITEM_MIN = 14, 30, 14


def text_widths(where: list[str], items: list[str], room: int) -> tuple[int, int]:
    """The widths of the place and item columns in `room` cells: each its longest text if both fit; else the place
    whole (the hazard's kind, issue 11) leaving the item at least ITEM_MIN, the item the rest; with less room than
    WHERE_WIDTH + ITEM_MIN, the fixed widths (the table scrolls)."""
    from rich.cells import cell_len

    need_where = max((cell_len(w) for w in where), default=0)
    need_item = max((cell_len(i) for i in items), default=0)
    if need_where + need_item <= room:
        return need_where, need_item
    if room < WHERE_WIDTH + ITEM_MIN:
        return WHERE_WIDTH, ITEM_WIDTH
    where_w = min(need_where, room - ITEM_MIN)
    return where_w, room - where_w


class HazardLedger(ServiceCalls, Vertical):
    """The ledger the centre screen loads: open hazards (or all, closed included), overdue ones in red, and under
    the table the highlighted hazard in full — what was found, why its deadline moved, who closed it."""

    def __init__(self) -> None:
        super().__init__(id="centre-ledger")
        self.rows: list[HazardRow] = []
        self._shown = self._closed_included = False
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Label(t("centre.ledger"), id="centre-ledger-title", classes="panel-title")
        yield Table(id="centre-hazards", cursor_type="row", zebra_stripes=True)
        yield Static("", id="centre-hazard-detail", markup=False, classes="hint")

    def show(self, rows: list[HazardRow], *, closed_included: bool) -> None:
        self.rows = rows
        self._shown, self._closed_included, self._width = True, closed_included, self.size.width
        table = self.query_one("#centre-hazards", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        headings = (t("centre.col_status"), t("centre.col_found"), t("centre.col_where"), t("centre.col_item"),
                    t("centre.col_severity"), t("centre.col_owner"), t("centre.col_deadline"), t("centre.col_days"))
        table.add_columns(*headings)
        cells = []
        for h in rows:
            overdue = h.status == rd.OVERDUE
            days = "" if h.closed_on else (t("centre.days_over", n=-h.days_left) if overdue
                                           else t("centre.days_left", n=h.days_left))
            cells.append((h, overdue, (status_text(h.status), h.found_on.isoformat(), hazard_where(h, self.settings),
                                       label(h.item_label) if h.item_label else h.description,
                                       severity_text(h.severity), h.owner or t("common.none"), h.deadline.isoformat(),
                                       days)))
        where_w, item_w = self._text_widths(headings, [c for _, _, c in cells])
        for h, overdue, c in cells:
            style = "bold red" if overdue else ""
            table.add_row(
                Text(c[0], style=style), Text(c[1]), Text(clipped(c[2], where_w)), Text(clipped(c[3], item_w)),
                Text(c[4]), Text(c[5]), Text(c[6], style=style), Text(c[7], style=style),
                key=str(h.id),
            )
        if not rows:
            table.add_row(Text(t("centre.no_hazards")), *[Text("")] * 7, key="none")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_detail()
        title = "centre.ledger_all" if closed_included else "centre.ledger"
        self.query_one("#centre-ledger-title", Label).update(t(title))

    def _text_widths(self, headings: tuple[str, ...], cells: list[tuple[str, ...]]) -> tuple[int, int]:
        """The place and item widths that fill the ledger's width (the other columns at their longest text)."""
        from rich.cells import cell_len

        width = self.size.width or (self.app.size.width - 4)
        others = sum(max([cell_len(headings[n]), *(cell_len(c[n]) for c in cells)]) for n in (0, 1, 4, 5, 6, 7))
        room = width - 2 - 2 * len(headings) - others  # 2: a scrollbar when the rows do not fit
        where, items = [headings[2], *(c[2] for c in cells)], [headings[3], *(c[3] for c in cells)]
        return text_widths(where, items, room)

    def on_resize(self, event) -> None:
        if self._shown and self._width != event.size.width:
            self.show(self.rows, closed_included=self._closed_included)

    def current(self) -> HazardRow | None:
        """The highlighted hazard, if the cursor is on one."""
        key = cursor_key(self.query_one("#centre-hazards", DataTable))
        if not key or not key.isdigit():
            return None
        return next((h for h in self.rows if h.id == int(key)), None)

    @on(DataTable.RowHighlighted, "#centre-hazards")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        h = self.current()
        parts = []
        if h is not None:
            parts.append(t("centre.hazard_detail", id=h.id, where=hazard_where(h, self.settings), what=hazard_text(h)))
            if h.deadline_reason:
                parts.append(t("centre.deadline_moved", reason=h.deadline_reason))
            if h.closed_on:
                parts.append(t("centre.closed_by", on=h.closed_on.isoformat(), who=h.closed_by or t("common.none")))
        self.query_one("#centre-hazard-detail", Static).update("\n".join(parts))


class OwnerDialog(Dialog):
    """Who rectifies the hazard: an active member of staff."""

    class Prepared(Message):
        def __init__(self, staff: list) -> None:
            super().__init__()
            self.staff = staff

    def __init__(self, actor: Actor, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.hazard = actor, hazard

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="owner-dialog"):
            yield Label(t("centre.owner_title", what=self.hazard.description), classes="dialog-title", markup=False)
            yield FormField(t("centre.field_owner"), Select([], prompt=t("common.none"), id="owner"), name="owner")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.run_service(school.list_staff, self.actor, then=self.Prepared, failed=self.Failed,
                         group="dialog-prepare")

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        owner = self.query_one("#owner", Select)
        owner.set_options(staff_options(message.staff))
        if self.hazard.owner_id:
            owner.value = str(self.hazard.owner_id)
        owner.focus()

    def save(self) -> None:
        self.clear_errors()
        owner = self.query_one("#owner", Select)
        if owner.is_blank():
            self.query_one("#field-owner", FormField).set_error(t("error.required"))
            return
        self.run_service(hazards.assign_owner, self.actor, self.hazard.id, int(str(owner.value)),
                         then=lambda _: self.Saved(t("centre.saved")), failed=self.Failed, group="dialog")


# A deadline the dialog cannot read as a date, in the centre's words (an example date near a deadline's).
DATE_ERRORS = {"required": N_("error.required"), "date_format": N_("centre.date_format"),
               "date_invalid": N_("centre.date_invalid"), "date_range": N_("centre.date_invalid")}


class DeadlineDialog(Dialog):
    """A new rectification deadline, with the reason (kept on the hazard and in the audit log)."""

    def __init__(self, actor: Actor, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.hazard = actor, hazard

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="deadline-dialog"):
            yield Label(t("centre.deadline_title", what=self.hazard.description), classes="dialog-title",
                        markup=False)
            yield FormField(t("centre.field_deadline"), Input(self.hazard.deadline.isoformat(), id="deadline"),
                            name="deadline")
            yield FormField(t("centre.field_reason"), Input(id="reason"), name="reason")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#deadline", Input).focus()

    def save(self) -> None:
        self.clear_errors()
        try:
            deadline = validation.date(self.query_one("#deadline", Input).value, "deadline", needed=True)
        except validation.InvalidField as error:
            self.query_one("#field-deadline", FormField).set_error(t(DATE_ERRORS.get(error.code, "centre.date_format")))
            self.query_one("#deadline", Input).focus()
            return
        self.run_service(hazards.change_deadline, self.actor, self.hazard.id, deadline,
                         self.query_one("#reason", Input).value,
                         then=lambda _: self.Saved(t("centre.saved")), failed=self.Failed, group="dialog")


class RecheckDialog(Dialog):
    """Re-check one hazard's item now: found ok, the hazard closes and readiness counts it again."""

    def __init__(self, actor: Actor, settings: Settings, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.settings, self.hazard = actor, settings, hazard

    def compose(self) -> ComposeResult:
        states = [(state_text(s), s) for s in rd.STATES]
        with VerticalScroll(classes="dialog", id="recheck-dialog"):
            yield Label(t("centre.recheck_title", what=self.hazard.description), classes="dialog-title",
                        markup=False)
            yield Static(t("centre.recheck_hint"), classes="hint", markup=False)
            yield FormField(t("centre.field_state"), Select(states, value=rd.OK, allow_blank=False, id="state"),
                            name="state")
            yield FormField(t("centre.note"), Input(id="note"), name="note")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()  # the state defaults to ok: say what was done, Enter saves

    def save(self) -> None:
        self.clear_errors()
        self.run_service(hazards.recheck, self.actor, self.settings, self.hazard.id,
                         str(self.query_one("#state", Select).value), self.query_one("#note", Input).value,
                         then=lambda result: self.Saved(t("centre.recheck_closed" if result.closed
                                                          else "centre.recheck_open")),
                         failed=self.Failed, group="dialog")
