"""Overdue lists per rule, grouped by class or by teacher with counts; Enter jumps to the pupil, class or teacher.

The same engine as the teacher's week (services.care.rules.overdue), so the lists and
the week never disagree. Shown in the Care log area and from the coordinator's home.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from schoolcare.domain import clock
from schoolcare.domain.compliance import OverdueList, SubjectStatus
from schoolcare.i18n import label, t
from schoolcare.services.care import rules as rules_engine
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.wording import day
from schoolcare.ui.kit import Table, plain
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.kit.service import ServiceCalls


async def open_pupils(app, **preset) -> None:
    """The pupils area showing a preset filter (a class, a care teacher)."""
    from schoolcare.ui.registry.pupils import PupilsScreen

    await app.switch_mode("pupils")
    while not isinstance(app.screen, PupilsScreen) and len(app.screen_stack) > 1:
        app.pop_screen()
    if isinstance(app.screen, PupilsScreen):
        app.screen.show_preset(**preset)


class OverdueView(ServiceCalls, Horizontal):
    BINDINGS = [Binding("g", "toggle_grouping", N_("care.key.group"), id="overdue.group")]

    class Loaded(Message):
        def __init__(self, lists: list[OverdueList]) -> None:
            super().__init__()
            self.lists = lists

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="overdue-view")
        translate_bindings(self)
        self.lists: list[OverdueList] = []
        self.by = "class"

    def compose(self) -> ComposeResult:
        with Vertical(id="overdue-left"):
            yield Static(t("care.overdue.heading", date=day(clock.today())), classes="area-heading", markup=False)
            yield Table(id="overdue-rules", cursor_type="row")
            yield Static(t("care.overdue.help"), classes="hint", markup=False)
        with Vertical(id="overdue-right"):
            yield Static("", id="overdue-title", classes="panel-title", markup=False)
            yield Table(id="overdue-items", cursor_type="row", zebra_stripes=True)

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(rules_engine.overdue, self.actor, self.settings, then=self.Loaded, group="overdue")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        self.lists = message.lists
        rules = self.query_one("#overdue-rules", DataTable)
        cursor = rules.cursor_row
        rules.clear(columns=True)
        rules.add_columns(t("care.column.rule"), t("care.column.overdue"))
        for found in self.lists:
            count = Text(str(len(found.items)), style="bold red" if found.items else "green")
            rules.add_row(plain(label(found.rule.name)), count, key=found.rule.id)
        if rules.row_count:
            rules.move_cursor(row=min(max(cursor, 0), rules.row_count - 1))
        self.show_items()

    def current(self) -> OverdueList | None:
        rules = self.query_one("#overdue-rules", DataTable)
        if not rules.row_count or not self.lists:
            return None
        return self.lists[min(rules.cursor_row, len(self.lists) - 1)]

    @on(DataTable.RowHighlighted, "#overdue-rules")
    def _rule_changed(self) -> None:
        self.show_items()

    def action_toggle_grouping(self) -> None:
        self.by = "teacher" if self.by == "class" else "class"
        self.show_items()

    def show_items(self) -> None:
        found = self.current()
        table = self.query_one("#overdue-items", DataTable)
        table.clear(columns=True)
        title = self.query_one("#overdue-title", Static)
        if found is None:
            title.update("")
            return
        pupils = found.rule.subject == "pupil"
        grouping = t(f"care.overdue.by_{self.by}") if pupils else ""
        title.update(f"{label(found.rule.name)} · {grouping}" if grouping else label(found.rule.name))
        table.add_columns(t("care.column.student_no"), t("care.column.name"), t("care.column.class"),
                          t("care.column.teacher"), t("care.column.missed"), t("care.column.last_on"))
        if not found.items:
            table.add_row(Text(t("care.overdue.none"), style="green"), "", "", "", "", "", key="none")
            return
        if not pupils:
            for item in found.items:
                self._item_row(table, item)
            return
        groups = found.by_class() if self.by == "class" else found.by_teacher()
        for name, items in groups:
            first = items[0]
            group_id = first.class_id if self.by == "class" else first.teacher_id
            shown = name or t("care.overdue.unassigned")
            table.add_row(Text(t("care.overdue.group_line", name=shown, n=len(items)), style="bold"), "", "", "", "",
                          "", key=f"group:{self.by}:{group_id if group_id is not None else ''}")
            for item in items:
                self._item_row(table, item)

    def _item_row(self, table: DataTable, item: SubjectStatus) -> None:
        teacher = item.teacher_name or (t("care.overdue.no_teacher") if item.subject == "pupil" else "")
        table.add_row(plain(item.student_no), plain(item.name), plain(item.class_name), plain(teacher),
                      plain(item.missed), plain(day(item.last_on)), key=f"{item.subject}:{item.subject_id}")

    @on(DataTable.RowSelected, "#overdue-items")
    async def _jump(self, event: DataTable.RowSelected) -> None:
        event.stop()
        kind, _, value = str(event.row_key.value).rpartition(":")
        if kind == "pupil":
            from schoolcare.ui.registry.find_pupil import open_pupil_file

            open_pupil_file(self.app, int(value))
        elif kind == "class":
            await self.app.switch_mode("activities")  # where a class's activities are logged
        elif kind == "group:class" and value:
            await open_pupils(self.app, class_id=int(value))
        elif kind == "group:teacher" and value:
            await open_pupils(self.app, care_teacher_id=int(value))
        elif kind == "group:teacher":
            await open_pupils(self.app, no_care_teacher=True)

    @on(DataTable.RowSelected, "#overdue-rules")
    def _to_items(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one("#overdue-items", DataTable).focus()


class OverdueScreen(AreaScreen):
    """The overdue lists on their own, opened from the coordinator's home (Escape goes back)."""

    TITLE_KEY = N_("care.key.overdue")
    BINDINGS = [Binding("escape", "back", N_("care.key.back"), id="overdue.back")]
    AUTO_FOCUS = "#overdue-rules"

    def compose_body(self) -> ComposeResult:
        yield OverdueView(id="overdue")

    def reload(self) -> None:
        self.query_one(OverdueView).reload()

    def action_back(self) -> None:
        self.app.pop_screen()
