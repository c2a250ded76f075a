"""The week: each pupil in reach on one row with this week's call and talk and this term's visit, and what comes due next.

A teacher's home screen (and the Care log area's first tab). Keys act on the
highlighted pupil: c logs a call, t a talk, v a visit; b logs this week's calls
for all of them at once; Enter opens the pupil's file. "/" filters the rows as
you type, with the pupil list's test (domain.registry.matches: name, number,
pinyin, initials); Escape goes back to the rows.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from schoolcare.domain.compliance import CareWeek, DueItem, PupilWeek, Status
from schoolcare.domain.registry import matches
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import label, t
from schoolcare.services.accounts import school
from schoolcare.services.care import rules
from schoolcare.services.registry.search_keys import pinyin_of
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.wording import day, rule_name, status_cell, status_word
from schoolcare.ui.kit import Table, cursor_key, plain
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls


@dataclass(frozen=True)
class SearchKeys:
    """What domain.registry.matches reads of a pupil, for a row of the week."""

    name: str
    student_no: str
    name_pinyin: str
    name_initials: str


def search_keys(row: PupilWeek) -> SearchKeys:
    return SearchKeys(row.name, row.student_no, *pinyin_of(row.name))  # the keys the registry stores


def week_and_staff(actor: Actor, settings: Settings) -> tuple[CareWeek, list[tuple[str, int]], dict[int, SearchKeys]]:
    """The week, the active staff a home visit's follow-up may be given to (for those who log care), and each
    row's search keys (worked out here, in the worker, so typing in the box only compares)."""
    week = rules.care_week(actor, settings)
    staff = [(s.name, s.id) for s in school.list_staff(actor) if s.active] if actor.can(Permission.LOG_CARE) else []
    return week, staff, {row.pupil_id: search_keys(row) for row in week.rows}


class CareWeekView(ServiceCalls, Vertical):
    """Loads itself when shown (call `reload()` after anything was logged elsewhere)."""

    BINDINGS = [
        Binding("c", "log_call", N_("care.key.call"), id="week.call"),
        Binding("t", "log_talk", N_("care.key.talk"), id="week.talk"),
        Binding("v", "log_visit", N_("care.key.visit"), id="week.visit"),
        Binding("b", "batch_calls", N_("care.key.batch"), id="week.batch"),
        Binding("i", "record_incident", N_("protection.key.record"), id="week.record_incident"),
        Binding("slash", "focus_search", N_("pupils.key.search"), show=False, id="week.search"),
    ]

    class Loaded(Message):
        def __init__(self, week: CareWeek, staff: list[tuple[str, int]], keys: dict[int, SearchKeys]) -> None:
            super().__init__()
            self.week = week
            self.staff = staff
            self.keys = keys

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="care-week")
        translate_bindings(self)
        self.week: CareWeek | None = None
        self.staff: list[tuple[str, int]] = []
        self.keys: dict[int, SearchKeys] = {}
        self.search = ""  # the search box's text the table shows

    def compose(self) -> ComposeResult:
        from schoolcare.ui.protection.banner import OverdueReports

        yield OverdueReports()  # the mandatory reports this teacher recorded and has not made in time
        from schoolcare.ui.protection.dropout_banner import OverdueDropouts

        yield OverdueDropouts()  # dropout cases of pupils this teacher leads or cares for, late at a step
        with Horizontal(id="week-bar"):
            yield Pending(id="week-heading", classes="area-heading")
            search = Input(placeholder=t("keyboard.week.search"), id="week-search", select_on_focus=False)
            search.can_focus = False  # reached by "/" only: the screen's first focus and Tab stay on the rows
            yield search
        yield Static("", id="week-summary", markup=False)
        yield Table(id="week-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="week-next", classes="panel", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("log_call", "log_talk", "log_visit", "batch_calls"):
            return self.actor.can(Permission.LOG_CARE)
        if action == "record_incident":
            return self.actor.can(Permission.RECORD_INCIDENT)
        return True

    # -- loading ------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        from schoolcare.ui.protection.banner import OverdueBanner

        for banner in self.query(OverdueBanner):
            banner.reload()
        self.run_service(week_and_staff, self.actor, self.settings, then=lambda found: self.Loaded(*found),
                         group="care-week")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        week = self.week = message.week
        self.staff, self.keys = message.staff, message.keys
        heading = self.query_one("#week-heading", Static)
        if week.week is None:
            heading.update(t("care.week.no_week", term=label(week.term.name)))
        else:
            heading.update(t("care.week.heading", week=week.week.label, start=day(week.week.start),
                             end=day(week.week.end)))
        self.query_one("#week-summary", Static).update(self.summary(week))
        self._fill_table(columns=True)
        self.query_one("#week-next", Static).update(self.next_due(week))

    def _fill_table(self, *, columns: bool = False) -> None:
        """The week's rows that match the search box, the cursor kept where it was."""
        week = self.week
        if week is None:
            return
        table = self.query_one("#week-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=columns)
        if columns:
            table.add_columns(t("care.column.student_no"), t("care.column.name"), t("care.column.class"),
                              *(rule_name(self.settings, r) for r in week.rule_ids))
        for row in week.rows:
            keys = self.keys.get(row.pupil_id)
            if self.search and keys is not None and not matches(keys, self.search):
                continue
            table.add_row(plain(row.student_no), plain(row.name), plain(row.class_name),
                          *(status_cell(row.statuses.get(r)) for r in week.rule_ids), key=str(row.pupil_id))
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))

    # -- the search box -----------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        search = self.query_one("#week-search", Input)
        search.can_focus = True
        search.focus()

    @on(events.DescendantBlur, "#week-search")
    def _search_left(self, event: events.DescendantBlur) -> None:
        event.control.can_focus = False

    @on(Input.Changed, "#week-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.search = event.value
        self._fill_table()

    @on(Input.Submitted, "#week-search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#week-table", DataTable).focus()

    def summary(self, week: CareWeek) -> str:
        lines = []
        for rule_id in week.rule_ids:
            found = [r.statuses[rule_id] for r in week.rows if rule_id in r.statuses]
            if not found:
                continue
            lines.append(t("care.week.summary", rule=rule_name(self.settings, rule_id),
                           done=sum(s.status is Status.DONE for s in found), total=len(found),
                           overdue=sum(s.status is Status.OVERDUE for s in found)))
        class_rules = list(dict.fromkeys(c.rule_id for c in week.classes))
        for rule_id in class_rules:
            found = [c for c in week.classes if c.rule_id == rule_id]
            if len(found) > 2:  # the whole school's classes: one line of counts, not a line per class
                lines.append(t("care.week.summary", rule=rule_name(self.settings, rule_id),
                               done=sum(s.status is Status.DONE for s in found), total=len(found),
                               overdue=sum(s.status is Status.OVERDUE for s in found)))
                continue
            lines.extend(t("care.week.class_line", rule=rule_name(self.settings, rule_id), name=c.name,
                           status=status_word(c.status)) for c in found)
        return "\n".join(lines) if week.rows else t("care.week.no_pupils")

    def next_due(self, week: CareWeek) -> Text:
        out = Text(t("care.week.next_due") + "\n", style="bold")
        if not week.next_due:
            out.append(t("care.week.nothing_due"), style="green")
        for n, item in enumerate(week.next_due[:8]):
            if n:
                out.append("\n")
            out.append(self._item_line(item), style="red" if item.overdue else "")
        return out

    def _item_line(self, item: DueItem) -> str:
        when = day(item.due_by) or "—"
        if item.what == "follow_up":
            key = "care.week.follow_up_late" if item.overdue else "care.week.follow_up"
            return t(key, text=item.text, date=when)
        return t("care.week.pupils_left", rule=rule_name(self.settings, item.what), n=item.count, late=item.overdue,
                 date=when)

    # -- acting on the highlighted pupil ------------------------------------------------------------

    def highlighted(self) -> tuple[int, str] | None:
        table = self.query_one("#week-table", DataTable)
        if not table.row_count or self.week is None:
            self.notify(t("care.no_pupil"), severity="warning")
            return None
        pupil_id = int(cursor_key(table))
        name = next((r.name for r in self.week.rows if r.pupil_id == pupil_id), "")
        return pupil_id, name

    def _open_form(self, form, saved_key: str) -> None:
        def done(result) -> None:
            if result:
                self.notify(t(saved_key, name=form.pupil_name))
                self.reload()

        self.app.push_screen(form, done)

    def action_log_call(self) -> None:
        from schoolcare.ui.care.forms import CallDialog

        found = self.highlighted()
        if found:
            self._open_form(CallDialog(self.actor, *found), "care.saved.call")

    def action_log_talk(self) -> None:
        from schoolcare.ui.care.forms import TalkDialog

        found = self.highlighted()
        if found:
            self._open_form(TalkDialog(self.actor, *found), "care.saved.talk")

    def action_log_visit(self) -> None:
        from schoolcare.ui.care.forms import VisitDialog

        found = self.highlighted()
        if found:
            self._open_form(VisitDialog(self.actor, *found, staff=self.staff), "care.saved.visit")

    def action_record_incident(self) -> None:
        from schoolcare.ui.protection.incident_forms import record_for

        found = self.highlighted()
        if found:
            record_for(self.app, self.actor, *found, then=self.reload)

    def action_batch_calls(self) -> None:
        from schoolcare.ui.care.batch import BatchCallsScreen

        def done(saved) -> None:
            if saved:
                self.reload()

        self.app.push_screen(BatchCallsScreen(self.actor, self.settings), done)

    @on(DataTable.RowSelected, "#week-table")
    def _open_pupil(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.registry.find_pupil import open_pupil_file

        event.stop()
        open_pupil_file(self.app, int(event.row_key.value))
