"""The incidents tab (事件) of the child-protection area, and one incident's detail screen: its report clock,
reports, follow-ups and history. Opening the detail is audited by the service (incidents.incident_detail)."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.protection import incidents
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.county.wording import county_status_text
from schoolcare.ui.kit import Table, cursor_key
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.header import SchoolHeader
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.protection.incident_forms import (
    CloseDialog,
    FollowUpDialog,
    FollowUpDoneDialog,
    ReopenDialog,
    ReportDialog,
    record_from_anywhere,
)
from schoolcare.ui.protection.pane import ProtectionPane
from schoolcare.ui.protection.wording import ERROR_STYLE, ask_text, clock_text, kind_text, minute
from schoolcare.ui.worker import ServiceFailed


def open_incident(app, incident_id: int) -> None:
    app.push_screen(IncidentScreen(incident_id))


class IncidentsPane(ProtectionPane):
    """Open incidents first, overdue reports first among them in the error colour; Enter opens one."""

    BINDINGS = [
        Binding("enter", "open", N_("protection.key.open"), id="protection.incidents.open"),
        Binding("n", "record", N_("protection.key.record"), id="protection.incidents.record"),
        Binding("f", "toggle_closed", N_("protection.key.toggle_closed"), id="protection.incidents.toggle_closed"),
        Binding("x", "export", N_("protection.key.export"), id="protection.incidents.export"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[pr.IncidentRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.rows: dict[str, pr.IncidentRow] = {}

    def compose(self) -> ComposeResult:
        yield Pending(id="incidents-summary")
        yield Table(id="incidents-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("protection.restricted_hint"), id="incidents-hint", markup=False, classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record":
            return self.actor.can(Permission.RECORD_INCIDENT)
        if action == "export":
            return self.actor.can(Permission.EXPORT_INCIDENTS)
        return True

    def palette_commands(self):
        # "Record an incident" is the app palette's own, on every screen (ui/palette.py): not offered twice here.
        if self.actor.can(Permission.EXPORT_INCIDENTS):
            yield PaletteCommand(t("protection.export.title"), t("protection.export.audited"), self.action_export)

    def reload(self) -> None:
        self.run_service(incidents.list_incidents, self.actor, self.settings, "all" if self.show_closed else "open",
                         then=self.Loaded, group="incidents")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.rows = {str(r.id): r for r in message.rows}
        overdue = sum(1 for r in message.rows if r.clock.overdue and r.status == "open")
        opened = sum(1 for r in message.rows if r.status == "open")
        summary = self.query_one("#incidents-summary", Static)
        summary.update(t("protection.summary", open=opened, overdue=overdue))
        summary.set_class(overdue > 0, "problem")
        table = self.query_one("#incidents-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        # The clock right after the pupil: what is late must show at 80 columns too, the rest may scroll.
        table.add_columns(t("protection.col.id"), t("protection.col.pupil"), t("protection.col.clock"),
                          t("protection.col.kind"), t("protection.col.class"), t("protection.col.follow_ups_open"),
                          t("protection.col.status"), t("protection.col.found_at"), t("protection.col.recorder"))
        for r in message.rows:
            if r.restricted:
                table.add_row(Text(str(r.id)), Text(r.pupil), Text(ask_text(r), style="italic"),
                              Text(t("protection.restricted")), Text(r.class_name), Text(""),
                              Text(t(f"protection.status.{r.status}")), Text(""), Text(""), key=str(r.id))
                continue
            style = ERROR_STYLE if r.clock.overdue and r.status == "open" else ""
            follow = str(r.follow_ups_open) if r.follow_ups_open else ""
            if r.follow_ups_overdue:
                follow = t("protection.follow_ups_late", n=r.follow_ups_open, late=r.follow_ups_overdue)
            table.add_row(Text(str(r.id), style=style), Text(r.pupil, style=style),
                          Text(clock_text(r.clock, short=True), style=style), Text(kind_text(r)), Text(r.class_name),
                          Text(follow, style=ERROR_STYLE if r.follow_ups_overdue else ""),
                          Text(t(f"protection.status.{r.status}")), Text(minute(r.found_at)), Text(r.recorder),
                          key=str(r.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        focused = self.screen.focused
        if focused is None or not any(node is self for node in focused.ancestors):
            table.focus()  # the tabs took focus when the area opened: the list's keys should work at once

    def current(self) -> pr.IncidentRow | None:
        return self.rows.get(cursor_key(self.query_one("#incidents-table", DataTable)) or "")

    @on(DataTable.RowSelected, "#incidents-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.restricted:
            # The care teacher knows there is one and whom to ask; its details are not theirs to read.
            self.notify(t("protection.restricted_notice", who=t("protection.list_sep").join(row.ask)),
                        severity="warning")
            return
        open_incident(self.app, row.id)

    def action_record(self) -> None:
        record_from_anywhere(self.app)

    def action_export(self) -> None:
        from schoolcare.ui.protection.incident_export import IncidentExportDialog

        def exported(words) -> None:
            if words:
                self.notify(words)

        self.app.push_screen(IncidentExportDialog(self.actor, self.settings), exported)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()


def detail_view(actor: Actor, settings: Settings, incident_id: int, opening: bool = True):
    """The detail (audited as read when `opening`) and the colleagues a follow-up may be given to."""
    detail = incidents.incident_detail(actor, settings, incident_id, audit_read=opening)
    staff = [(s.name, s.id) for s in school.list_staff(actor) if s.active] if actor.can(
        Permission.RECORD_INCIDENT) else []
    return detail, staff


class IncidentScreen(ServiceCalls, Screen[None]):
    """One incident: the clock, what was found, the reports, the follow-ups, the history (every opening too)."""

    BINDINGS = [
        Binding("escape", "close", N_("common.close"), id="incident.close"),
        Binding("p", "report", N_("protection.key.report"), id="incident.report"),
        Binding("a", "follow_up", N_("protection.key.follow_up"), id="incident.follow_up"),
        Binding("d", "follow_up_done", N_("protection.key.follow_up_done"), id="incident.follow_up_done"),
        Binding("c", "close_incident", N_("protection.key.close"), id="incident.close_incident"),
        Binding("u", "reopen", N_("protection.key.reopen"), id="incident.reopen"),
    ]

    class Loaded(Message):
        def __init__(self, found) -> None:
            super().__init__()
            self.detail, self.staff = found

    def __init__(self, incident_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.incident_id = incident_id
        self.detail: pr.IncidentDetail | None = None
        self.staff: list[tuple[str, int]] = []
        self.read_audited = False  # this opening's read is in the audit: later loads only show what was saved

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("protection.detail_title", id=self.incident_id))
        with VerticalScroll(id="area-body"):
            yield Pending(id="incident-clock", classes="area-heading")
            yield Static("", id="incident-facts", markup=False)
            with Vertical(classes="panel") as reports:
                reports.border_title = t("protection.reports")
                yield Table(id="incident-reports", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="panel") as follow:
                follow.border_title = t("protection.follow_ups")
                yield Table(id="incident-follow-ups", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="panel") as history:
                history.border_title = t("protection.history")
                yield Table(id="incident-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_screen_resume(self) -> None:
        # Shown first, and back from each dialog: read again, so the screen shows what was saved. Only the first
        # load is the person's opening of the details (audited); coming back from their own change is not.
        self.load()

    def load(self) -> None:
        opening, self.read_audited = not self.read_audited, True
        self.run_service(detail_view, self.actor, self.settings, self.incident_id, opening, then=self.Loaded,
                         group="incident")

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))
        if self.detail is None:
            self.dismiss(None)

    def _may_act(self) -> bool:
        d = self.detail
        return d is not None and (self.actor.can(Permission.MANAGE_INCIDENTS) or (
            self.actor.can(Permission.RECORD_INCIDENT) and d.recorded_by_id == self.actor.staff_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        d = self.detail
        if action in ("report", "follow_up"):
            return self._may_act() and d is not None and (action == "report" or d.row.status == "open")
        if action == "follow_up_done":
            return d is not None and d.row.status == "open" and (self._may_act() or any(
                f.owner_id == self.actor.staff_id for f in d.follow_ups))
        if action == "close_incident":
            return d is not None and d.row.status == "open" and self.actor.can(Permission.MANAGE_INCIDENTS)
        if action == "reopen":
            return d is not None and d.row.status == "closed" and self.actor.can(Permission.MANAGE_INCIDENTS)
        return True

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.detail = d = message.detail
        self.staff = message.staff
        r = d.row
        clock = self.query_one("#incident-clock", Static)
        clock.update(t("protection.detail_head", pupil=r.pupil, class_name=r.class_name, kind=kind_text(r),
                       clock=clock_text(r.clock)))
        clock.set_class(r.clock.overdue and r.status == "open", "problem")
        facts = [t("protection.fact.found", at=minute(r.found_at), by=d.found_by or "—", place=d.place or "—"),
                 t("protection.fact.seen", text=d.description),
                 t("protection.fact.action", text=d.immediate_action or "—"),
                 t("protection.fact.recorder", name=r.recorder or "—")]
        if r.status == "closed":
            facts.append(t("protection.fact.closed", on=d.closed_on.isoformat() if d.closed_on else "",
                           by=d.closed_by, outcome=d.outcome))
        elif d.reopened:
            facts.append(t("protection.fact.reopened", n=d.reopened, outcome=d.outcome or "—"))
        self.query_one("#incident-facts", Static).update("\n".join(facts))
        self._fill_reports(d)
        self._fill_follow_ups(d)
        self._fill_history(d)
        self.refresh_bindings()
        self.query_one("#incident-follow-ups", DataTable).focus()

    def _fill_reports(self, d: pr.IncidentDetail) -> None:
        table = self.query_one("#incident-reports", DataTable)
        table.clear(columns=True)
        table.add_columns(t("protection.col.to_whom"), t("protection.col.reported_at"), t("protection.col.by"),
                          t("protection.col.method"), t("protection.col.receipt"), t("protection.col.note"),
                          t("inbox.col.county"))
        for e in d.reports:
            table.add_row(Text(t(f"protection.to.{e.to_whom}")), Text(minute(e.reported_at)), Text(e.by),
                          Text(t(f"protection.method.{e.method}") if e.method else ""), Text(e.receipt),
                          Text(e.note), Text(county_status_text(e.county) if e.county else ""), key=str(e.id))
        if not d.reports and d.row.clock.due_at:
            table.add_row(Text(t("protection.no_report"), style=ERROR_STYLE if d.row.clock.overdue else "bold"),
                          *(Text("") for _ in range(6)), key="none")

    def _fill_follow_ups(self, d: pr.IncidentDetail) -> None:
        table = self.query_one("#incident-follow-ups", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("protection.col.follow_up_kind"), t("protection.col.action"), t("protection.col.owner"),
                          t("protection.col.due_on"), t("protection.col.done_on"), t("protection.col.done_note"))
        for f in d.follow_ups:
            style = ERROR_STYLE if f.overdue else ""
            table.add_row(Text(t(f"protection.follow.{f.kind}"), style=style), Text(f.action), Text(f.owner),
                          Text(f.due_on.isoformat() if f.due_on else "", style=style),
                          Text(f.done_on.isoformat() if f.done_on else ""), Text(f.done_note), key=str(f.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _fill_history(self, d: pr.IncidentDetail) -> None:
        table = self.query_one("#incident-history", DataTable)
        table.clear(columns=True)
        table.add_columns(t("protection.col.when"), t("protection.col.who"), t("protection.col.what"))
        for n, h in enumerate(reversed(d.history)):
            table.add_row(Text(minute(h.at)), Text(h.who), Text(t(f"protection.history.{h.action}")), key=str(n))

    # -- actions ------------------------------------------------------------------------------------------

    def _title(self) -> str:
        return f"{self.detail.row.pupil} · {kind_text(self.detail.row)}" if self.detail else ""

    def _after(self, words: str):
        def done(result) -> None:
            if result:
                self.notify(t(words))
        return done  # coming back from the dialog resumes this screen, which reads the incident again

    def action_close(self) -> None:
        self.dismiss(None)

    def action_report(self) -> None:
        self.app.push_screen(ReportDialog(self.actor, self.incident_id, self._title()),
                             self._after("protection.saved.report"))

    def action_follow_up(self) -> None:
        self.app.push_screen(FollowUpDialog(self.actor, self.incident_id, self.staff),
                             self._after("protection.saved.follow_up"))

    def action_follow_up_done(self) -> None:
        if self.detail is None:
            return
        key = cursor_key(self.query_one("#incident-follow-ups", DataTable))
        found = next((f for f in self.detail.follow_ups if str(f.id) == key), None)
        if found is None or found.done_on is not None or found.kind == pr.REOPENED:
            self.notify(t("protection.pick_follow_up"), severity="warning")
            return
        self.app.push_screen(FollowUpDoneDialog(self.actor, found), self._after("protection.saved.follow_up_done"))

    def action_close_incident(self) -> None:
        open_follow_ups = [f for f in self.detail.follow_ups if f.done_on is None and f.kind != pr.REOPENED] \
            if self.detail else []
        self.app.push_screen(CloseDialog(self.actor, self.incident_id, open_follow_ups),
                             self._after("protection.saved.closed"))

    def action_reopen(self) -> None:
        self.app.push_screen(ReopenDialog(self.actor, self.incident_id), self._after("protection.saved.reopened"))


def open_timeline_incident(screen, entry) -> None:
    """Enter on an incident in the pupil file: its details (audited), or, restricted, whom to ask."""
    facts = dict(entry.facts)
    if facts.get("restricted"):
        screen.notify(t("protection.restricted_notice", who=facts.get("ask") or t("protection.coordinator")),
                      severity="warning")
        return
    open_incident(screen.app, entry.id)
