"""一对一 assignments: coverage and every teacher's load always in view, pupils picked many at a time, a caseload handed over."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select, SelectionList, Static

from schoolcare.domain import clock, validation
from schoolcare.domain.registry import AssignOutcome, Coverage, PupilPage, PupilQuery, TeacherLoad
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import reason, t
from schoolcare.services.registry import assignments, pupil_list
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import FormField, Table, cursor_key, plain
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.loading import Pending

SCOPES = ("unassigned", "left_behind", "all")
MARK = "✓"


def coverage_and_pupils(actor: Actor, query: PupilQuery) -> tuple[Coverage, PupilPage]:
    """What the assignment screen shows, in one unit of work: the coverage figures and the pupils to pick from."""
    return assignments.coverage(actor), pupil_list.list_pupils(actor, query)


def coverage_text(coverage: Coverage) -> str:
    return t("pupils.assign.coverage", percent=f"{coverage.percent:.1f}", assigned=coverage.assigned,
             left_behind=coverage.left_behind, unassigned=coverage.unassigned)


class AssignmentScreen(AreaScreen):
    TITLE_KEY = N_("pupils.assign.title")
    AUTO_FOCUS = "#assign-pupils"
    BINDINGS = [
        Binding("escape", "back", N_("pupils.key.back"), id="assign.back"),
        Binding("space", "toggle", N_("pupils.assign.key_toggle"), id="assign.toggle"),
        Binding("asterisk", "select_all", N_("pupils.assign.key_all"), id="assign.all"),
        Binding("c", "clear", N_("pupils.assign.key_clear"), show=False, id="assign.clear"),
        Binding("a", "assign", N_("pupils.assign.key_assign"), id="assign.assign"),
        Binding("h", "handover", N_("pupils.assign.key_handover"), id="assign.handover"),
        Binding("u", "next_scope", N_("pupils.assign.key_scope"), show=False, id="assign.scope"),  # F1 lists it
        Binding("l", "switch_table", N_("pupils.assign.key_switch"), show=False, id="assign.switch"),
        Binding("slash", "focus_search", N_("pupils.key.search"), show=False, id="assign.search"),
    ]

    class Loaded(Message):
        def __init__(self, generation: int, coverage: Coverage, page: PupilPage) -> None:
            super().__init__()
            self.generation = generation
            self.coverage = coverage
            self.page = page

    def __init__(self) -> None:
        super().__init__()
        self.scope = "unassigned"
        self.search = ""
        self.selected: set[int] = set()
        self.page: PupilPage | None = None
        self.coverage: Coverage | None = None
        self.generation = 0

    def compose_body(self) -> ComposeResult:
        yield Pending(id="coverage")
        with Horizontal(id="assign-panels"):
            with Vertical(id="assign-left"):
                with Horizontal(id="assign-filters"):
                    yield Input(placeholder=t("pupils.search_placeholder"), id="assign-search")
                    yield Select([(t(f"pupils.assign.scope_{s}"), s) for s in SCOPES], value=self.scope,
                                 allow_blank=False, id="assign-scope")
                yield Static("", id="assign-selected", markup=False)
                yield Table(id="assign-pupils", cursor_type="row", zebra_stripes=True)
            with Vertical(id="assign-right", classes="panel") as right:
                right.border_title = t("pupils.assign.loads")
                yield Table(id="loads", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#assign-pupils", DataTable)
        for key in ("mark", "student_no", "name", "class", "care_teacher"):
            table.add_column(MARK if key == "mark" else t(f"pupils.col.{key}"), key=key)
        loads = self.query_one("#loads", DataTable)
        for key in ("teacher", "post", "pupils", "left_behind"):
            loads.add_column(t(f"pupils.assign.load_{key}"), key=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("assign", "handover", "toggle", "select_all") and not self.actor.can(
                Permission.ASSIGN_CARE_TEACHERS):
            return False
        return True

    # -- loading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.generation += 1
        query = PupilQuery(search=self.search, category=None if self.scope == "all" else "left_behind",
                           no_care_teacher=self.scope == "unassigned", sort="class", limit=1000)
        generation = self.generation
        self.run_service(coverage_and_pupils, self.actor, query,
                         then=lambda found: self.Loaded(generation, *found), group="assign")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        self.coverage, self.page = message.coverage, message.page
        cover = self.query_one("#coverage", Static)
        cover.update(coverage_text(message.coverage))
        cover.set_class(message.coverage.unassigned > 0, "problem")
        loads = self.query_one("#loads", DataTable)
        keep = loads.cursor_row
        loads.clear()
        for load in message.coverage.loads:
            loads.add_row(plain(load.name), plain(load.post), plain(load.pupils), plain(load.left_behind),
                          key=str(load.staff_id))
        if loads.row_count:
            loads.move_cursor(row=min(keep, loads.row_count - 1))
        table = self.query_one("#assign-pupils", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in message.page.rows:
            table.add_row(MARK if row.id in self.selected else "", plain(row.student_no), plain(row.name),
                          plain(row.class_name), plain(row.care_teacher or t("pupils.no_teacher")), key=str(row.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._selected_line()

    def _selected_line(self) -> None:
        shown = len(self.page.rows) if self.page else 0
        self.query_one("#assign-selected", Static).update(
            t("pupils.assign.selected", n=len(self.selected), shown=shown))

    # -- picking pupils ---------------------------------------------------------------------------------

    @on(Input.Changed, "#assign-search")
    def _search(self, event: Input.Changed) -> None:
        self.search = event.value
        self.reload()

    @on(Input.Submitted, "#assign-search")
    def _search_done(self) -> None:
        self.query_one("#assign-pupils", DataTable).focus()

    @on(Select.Changed, "#assign-scope")
    def _scope(self, event: Select.Changed) -> None:
        self.scope = str(event.value)
        self.reload()

    def action_next_scope(self) -> None:
        self.query_one("#assign-scope", Select).value = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]

    def action_focus_search(self) -> None:
        self.query_one("#assign-search", Input).focus()

    def action_switch_table(self) -> None:
        """Between the pupils and the teachers' loads: the highlighted teacher is the one a/h act on."""
        pupils_table = self.query_one("#assign-pupils", DataTable)
        target = self.query_one("#loads", DataTable) if pupils_table.has_focus else pupils_table
        target.focus()

    def _mark(self, pupil_id: int) -> None:
        table = self.query_one("#assign-pupils", DataTable)
        table.update_cell(str(pupil_id), "mark", MARK if pupil_id in self.selected else "")

    def action_toggle(self) -> None:
        table = self.query_one("#assign-pupils", DataTable)
        if not table.row_count:
            return
        pupil_id = int(cursor_key(table))
        self.selected ^= {pupil_id}
        self._mark(pupil_id)
        table.move_cursor(row=table.cursor_row + 1)
        self._selected_line()

    @on(DataTable.RowSelected, "#assign-pupils")
    def _enter_toggles(self) -> None:
        self.action_toggle()

    def action_select_all(self) -> None:
        if not self.page:
            return
        shown = {row.id for row in self.page.rows}
        self.selected = self.selected - shown if shown <= self.selected else self.selected | shown
        for row in self.page.rows:
            self._mark(row.id)
        self._selected_line()

    def action_clear(self) -> None:
        self.selected.clear()
        if self.page:
            for row in self.page.rows:
                self._mark(row.id)
        self._selected_line()

    # -- assigning --------------------------------------------------------------------------------------

    def _highlighted_teacher(self) -> TeacherLoad | None:
        loads = self.query_one("#loads", DataTable)
        if not loads.row_count or self.coverage is None:
            return None
        key = cursor_key(loads)
        return next((load for load in self.coverage.loads if str(load.staff_id) == key), None)

    def action_assign(self) -> None:
        ids = sorted(self.selected)
        if not ids:
            table = self.query_one("#assign-pupils", DataTable)
            if not table.row_count:
                self.notify(t("pupils.assign.pick_first"), severity="warning")
                return
            ids = [int(cursor_key(table))]
        rows = {row.id: row for row in self.page.rows} if self.page else {}
        needs_reason = any(rows[i].care_teacher_id for i in ids if i in rows)
        teacher = self._highlighted_teacher()

        def done(outcome: AssignOutcome | None) -> None:
            if outcome:
                self.notify(t("pupils.assign.done", assigned=outcome.assigned, reassigned=outcome.reassigned))
                self.selected.clear()
                self.reload()

        self.app.push_screen(AssignDialog(self.actor, ids, needs_reason=needs_reason,
                                          teacher_id=teacher.staff_id if teacher else None), done)

    def action_handover(self) -> None:
        teacher = self._highlighted_teacher()
        if teacher is None or self.coverage is None:
            self.notify(t("pupils.assign.pick_teacher"), severity="warning")
            return
        if not teacher.pupils:
            self.notify(t("pupils.assign.no_caseload", name=teacher.name), severity="warning")
            return

        def done(plan: dict | None) -> None:
            if plan is not None:
                self.notify(t("pupils.assign.handed_over", n=len(plan), name=teacher.name))
                self.reload()

        self.app.push_screen(HandoverDialog(self.actor, teacher, self.coverage.loads), done)

    def action_back(self) -> None:
        self.app.pop_screen()


class AssignDialog(Dialog):
    """Choose the care teacher for the picked pupils; moving a pupil from someone else needs a reason."""

    class TeachersLoaded(Message):
        def __init__(self, loads: tuple[TeacherLoad, ...]) -> None:
            super().__init__()
            self.loads = loads

    def __init__(self, actor: Actor, pupil_ids: list[int], *, needs_reason: bool = False,
                 teacher_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.pupil_ids = pupil_ids
        self.needs_reason = needs_reason
        self.teacher_id = teacher_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="assign-form"):
            yield Label(t("pupils.assign.dialog_title", n=len(self.pupil_ids)), classes="dialog-title")
            yield FormField(t("pupils.assign.teacher"), Select([], id="teacher", prompt=t("pupils.form.choose")),
                            name="teacher")
            reason_label = t("pupils.assign.reason_needed") if self.needs_reason else t("pupils.assign.reason")
            yield FormField(reason_label, Input(id="reason"), name="reason")
            yield FormField(t("pupils.assign.on"), Input(clock.today().isoformat(), id="on"), name="on")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.run_service(assignments.coverage, self.actor, then=lambda coverage: self.TeachersLoaded(coverage.loads),
                         failed=self.Failed, group="dialog-teachers")

    @on(TeachersLoaded)
    def _teachers(self, message: TeachersLoaded) -> None:
        select = self.query_one("#teacher", Select)
        select.set_options([(t("pupils.assign.teacher_option", name=load.name, n=load.pupils), load.staff_id)
                            for load in message.loads])
        if self.teacher_id in {load.staff_id for load in message.loads}:
            select.value = self.teacher_id

    def save(self) -> None:
        self.clear_errors()
        teacher = self.query_one("#teacher", Select).value
        if teacher is Select.NULL:
            self.query_one("#field-teacher", FormField).set_error(reason("required"))
            return
        try:
            on_day = validation.date(self.query_one("#on", Input).value, "on") or clock.today()
        except validation.InvalidField as error:
            self.post_message(self.Failed(error))
            return
        self.run_service(assignments.assign, self.actor, self.pupil_ids, int(teacher),
                         reason=self.query_one("#reason", Input).value, on=on_day,
                         then=self.Saved, failed=self.Failed, group="dialog")


class HandoverDialog(Dialog):
    """A departing teacher's whole caseload to the teachers ticked here, the least loaded first."""

    def __init__(self, actor: Actor, teacher: TeacherLoad, loads: tuple[TeacherLoad, ...]) -> None:
        super().__init__()
        self.actor = actor
        self.teacher = teacher
        self.loads = loads

    def compose(self) -> ComposeResult:
        others = [(t("pupils.assign.teacher_option", name=load.name, n=load.pupils), load.staff_id)
                  for load in self.loads if load.staff_id != self.teacher.staff_id]
        with VerticalScroll(classes="dialog", id="handover-form"):
            yield Label(t("pupils.assign.handover_title", name=self.teacher.name, n=self.teacher.pupils),
                        classes="dialog-title", markup=False)
            yield FormField(t("pupils.assign.to"), SelectionList(*others, id="to"), name="to")
            yield FormField(t("pupils.assign.reason_needed"), Input(id="reason"), name="reason")
            yield Static(t("pupils.assign.handover_hint"), classes="hint", markup=False)
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        self.run_service(assignments.handover, self.actor, self.teacher.staff_id,
                         list(self.query_one("#to", SelectionList).selected), self.query_one("#reason", Input).value,
                         then=self.Saved, failed=self.Failed, group="dialog")
