"""The pupils area: the filterable, sortable pupil list with find-as-you-type; the way into files, assignments, import, ledgers.

How the list gets its rows as fast as one types, at any size of school, is in pupil_pages.py.
"""
from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.records import ClassRow
from schoolcare.domain.registry import (
    CATEGORIES,
    STATUSES,
    PupilPage,
    PupilQuery,
    PupilRow,
    SearchIndex,
    TeacherLoad,
    matcher,
)
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.registry import assignments, pupil_list
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import Table, plain
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.registry.pupil_pages import PAGE, page_from_keys, pupils_for, show_rows
from schoolcare.ui.registry.transfer import left_text
from schoolcare.ui.registry.wording import category_text, gender_text, review_text, status_text, teacher_text

ALL_STATUSES = "all"
NO_TEACHER = "none"
# (column i18n key, sort key) in table order.
COLUMNS = (
    ("pupils.col.student_no", "student_no"), ("pupils.col.name", "name"), ("pupils.col.gender", "gender"),
    ("pupils.col.age", "birth_date"), ("pupils.col.class", "class"), ("pupils.col.category", "category"),
    ("pupils.col.care_teacher", "care_teacher"), ("pupils.col.review", None),
)
SORTABLE = [key for _, key in COLUMNS if key]
# The order "s" steps through: the sorts people want most first.
SORT_CYCLE = ("class", "name", "student_no", "care_teacher", "category", "birth_date", "gender")
PERMISSIONS = {
    "new_pupil": Permission.EDIT_PUPILS, "assignments": Permission.ASSIGN_CARE_TEACHERS,
    "import_roster": Permission.IMPORT_ROSTER, "export_ledger": Permission.EXPORT,
    "toggle_unassigned": Permission.VIEW_ALL_PUPILS, "transfer_in": Permission.TRANSFER_PUPILS,
}


def filter_choices(actor: Actor) -> tuple[list[ClassRow], list[TeacherLoad]]:
    """The classes and (for who sees every pupil) the care teachers with their loads, for the filters."""
    classes = school.list_classes(actor, include_retired=False)
    return classes, (list(assignments.coverage(actor).loads) if actor.can(Permission.VIEW_ALL_PUPILS) else [])


class PupilsScreen(AreaScreen):
    TITLE_KEY = N_("nav.pupils")
    AUTO_FOCUS = "#pupil-list"  # letters are the screen's keys; "/" goes to the search box
    BINDINGS = [
        Binding("slash", "focus_search", N_("pupils.key.search"), id="pupils.search"),
        Binding("n", "new_pupil", N_("pupils.key.new"), id="pupils.new"),
        Binding("a", "assignments", N_("pupils.key.assignments"), id="pupils.assignments"),
        Binding("i", "import_roster", N_("pupils.key.import"), show=False, id="pupils.import"),  # F1 lists it
        Binding("x", "export_ledger", N_("pupils.key.export"), id="pupils.export"),
        Binding("u", "toggle_unassigned", N_("pupils.key.unassigned"), show=False, id="pupils.unassigned"),
        Binding("t", "transfer_in", N_("pupils.key.transfer_in"), show=False, id="pupils.transfer_in"),
        Binding("s", "next_sort", N_("pupils.key.sort"), show=False, id="pupils.sort"),
        Binding("d", "reverse_sort", N_("pupils.key.reverse"), show=False, id="pupils.reverse"),
        Binding("m", "more", N_("pupils.key.more"), show=False, id="pupils.more"),
        Binding("r", "reload", N_("common.reload"), show=False, id="pupils.reload"),
        # From the list (in the search box Escape first leaves it, as everywhere): back to every enrolled pupil.
        Binding("escape", "clear_filters", N_("pupils.key.clear"), show=False, id="pupils.clear"),
    ]

    class Loaded(Message):
        def __init__(self, generation: int, page: PupilPage, base: PupilQuery, indexed: bool) -> None:
            super().__init__()
            self.generation = generation
            self.page = page
            self.base = base  # the filters asked for, search and page aside
            self.indexed = indexed  # True: `page` is every row for `base` (the search index), else one page

    class KeysLoaded(Message):
        def __init__(self, base: PupilQuery, index: SearchIndex) -> None:
            super().__init__()
            self.base = base
            self.index = index

    class ChoicesLoaded(Message):
        def __init__(self, classes: list[ClassRow], teachers: list[TeacherLoad]) -> None:
            super().__init__()
            self.classes = classes
            self.teachers = teachers

    def __init__(self) -> None:
        super().__init__()
        self.query_state = PupilQuery(sort="class", limit=PAGE)
        self.generation = 0
        self.shown_generation = 0  # the request whose answer is on screen (tests and the bench wait for it)
        self.shown: PupilPage | None = None
        self.index: tuple[PupilRow, ...] | None = None  # every row for index_for's filters, in its order
        self.index_for: PupilQuery | None = None
        self.paged_for: PupilQuery | None = None  # filters known to match more than INDEX_LIMIT: paged in SQL
        self.keys: SearchIndex | None = None  # the search keys of every pupil for keys_for's filters (a big reach)
        self.keys_for: PupilQuery | None = None
        self._keys_asked: PupilQuery | None = None
        self.in_table: tuple[PupilRow, ...] = ()  # the rows the table holds, in order
        self._choices_loaded = False

    # -- layout -----------------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        statuses = [(t("pupils.filter.all_statuses"), ALL_STATUSES)] + [(status_text(s), s) for s in STATUSES]
        with Horizontal(id="pupil-filters"):
            yield Input(placeholder=t("pupils.search_short"), id="pupil-search")
            yield Select([], prompt=t("pupils.filter.all_classes"), id="filter-class")
            yield Select([(t(f"pupils.category.{c}"), c) for c in CATEGORIES], prompt=t("pupils.filter.all_categories"),
                         id="filter-category")
            yield Select([], prompt=t("pupils.filter.all_teachers"), id="filter-teacher")
            yield Select(statuses, value="enrolled", allow_blank=False, id="filter-status")
            yield Select([(t("pupils.filter.turning_16"), "turning_16"), (t("pupils.filter.needs_review"), "needs_review")],
                         prompt=t("pupils.filter.no_flag"), id="filter-flag")
        yield Pending(id="pupil-count")
        yield Table(id="pupil-list", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#pupil-list", DataTable)
        for key, sort in COLUMNS:
            table.add_column(t(key), key=sort or "review")
        if not self.actor.can(Permission.VIEW_ALL_PUPILS):
            self.query_one("#filter-teacher", Select).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needed = PERMISSIONS.get(action)
        if needed is not None and not self.actor.can(needed):
            return False
        if action == "clear_filters":  # else Escape is the app's: out of the search box
            return self.narrowed() and not isinstance(self.focused, Input)
        return True

    def palette_commands(self):
        yield PaletteCommand(t("pupils.palette.unassigned"), t("pupils.palette.unassigned_help"),
                             lambda: self.show_preset(no_care_teacher=True))
        if self.actor.can(Permission.ASSIGN_CARE_TEACHERS):
            yield PaletteCommand(t("pupils.key.assignments"), t("pupils.palette.assignments_help"),
                                 self.action_assignments)
        if self.actor.can(Permission.IMPORT_ROSTER):
            yield PaletteCommand(t("pupils.key.import"), t("pupils.palette.import_help"), self.action_import_roster)
        if self.actor.can(Permission.EXPORT):
            yield PaletteCommand(t("pupils.key.export"), t("pupils.palette.export_help"), self.action_export_ledger)
        if self.actor.can(Permission.TRANSFER_PUPILS):
            yield PaletteCommand(t("pupils.key.transfer_in"), t("pupils.palette.transfer_help"), self.action_transfer_in)

    # -- loading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self._choices_loaded:
            self.load_choices()
        # Shown again: the data may have changed meanwhile.
        self.index = self.index_for = self.paged_for = self.keys = self.keys_for = self._keys_asked = None
        self.refresh_list()

    def action_reload(self) -> None:
        self._choices_loaded = False
        self.reload()

    def load_choices(self) -> None:
        self.run_service(filter_choices, self.actor, then=lambda choices: self.ChoicesLoaded(*choices),
                         group="pupil-choices")

    @on(ChoicesLoaded)
    def _choices(self, message: ChoicesLoaded) -> None:
        self._choices_loaded = True
        with self.prevent(Select.Changed):
            classes = self.query_one("#filter-class", Select)
            classes.set_options([(c.name, c.id) for c in message.classes])
            if self.query_state.class_id is not None:
                classes.value = self.query_state.class_id
            teacher = self.query_one("#filter-teacher", Select)
            teacher.set_options([(t("pupils.filter.no_teacher"), NO_TEACHER)]
                                + [(f"{load.name} ({load.pupils})", load.staff_id) for load in message.teachers])
            if self.query_state.no_care_teacher:
                teacher.value = NO_TEACHER
            elif self.query_state.care_teacher_id is not None:
                teacher.value = self.query_state.care_teacher_id

    def refresh_list(self) -> None:
        """Show the list for query_state: from the in-memory index when only the search text changed, else ask SQL."""
        self.generation += 1
        base = replace(self.query_state, search="", limit=None, offset=0)
        if self.index is not None and self.index_for == base:
            self._show_page(self.generation, self._from_index())
            return
        self.index, self.index_for = None, None
        generation, page_query = self.generation, self._dated(self.query_state)
        if self.keys is not None and self.keys_for == base:
            self.run_service(page_from_keys, self.actor, self.keys, page_query,
                             then=lambda page: self.Loaded(generation, page, base, False), group="pupil-list")
            return
        self.fetch(generation, self._dated(base), page_query, base)

    def _dated(self, query: PupilQuery) -> PupilQuery:
        term = self.settings.calendar.current_or_last(clock.today())
        return replace(query, term_start=term.start, term_end=term.end)

    def _from_index(self) -> PupilPage:
        test = matcher(self.query_state.search)
        found = list(self.index or ()) if test is None else [row for row in self.index or () if test(row)]
        return PupilPage(tuple(found[: self.query_state.limit or PAGE]), len(found))

    def fetch(self, generation: int, whole: PupilQuery, page_query: PupilQuery, base: PupilQuery) -> None:
        # A school small enough is held in memory and searched there; a bigger reach pages in SQL.
        self.run_service(pupils_for, self.actor, whole, page_query, self.paged_for == base,
                         then=lambda found: self.Loaded(generation, found[0], base, found[1]), group="pupil-list")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return  # an answer to a search the user has already typed past
        if message.indexed:
            self.index, self.index_for = message.page.rows, message.base
            self._show_page(message.generation, self._from_index())
        else:
            self.paged_for = message.base
            self._show_page(message.generation, message.page)
            if self.keys_for != message.base and self._keys_asked != message.base \
                    and message.base.sort != "relevance":
                self._keys_asked = message.base
                self.run_service(pupil_list.search_index, self.actor, self._dated(message.base),
                                 then=lambda index, base=message.base: self.KeysLoaded(base, index), group="pupil-keys")

    @on(KeysLoaded)
    def _keys_loaded(self, message: KeysLoaded) -> None:
        if message.base == replace(self.query_state, search="", limit=None, offset=0):
            self.keys, self.keys_for = message.index, message.base

    def page_size(self) -> int:
        """A screenful of rows: the table's height less its header (PAGE before the table is laid out)."""
        table = self.query_one("#pupil-list", DataTable)
        rows = table.scrollable_content_region.height - (table.header_height if table.show_header else 0)
        return rows if rows > 0 else PAGE

    def _show_page(self, generation: int, page: PupilPage) -> None:
        self.shown = page
        self.shown_generation = generation
        table = self.query_one("#pupil-list", DataTable)
        keep = table.cursor_row
        if show_rows(table, page.rows, self.in_table, self._cells) and table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.in_table = page.rows
        self._count_line()

    @staticmethod
    def _cells(row: PupilRow) -> tuple[object, ...]:
        return (plain(row.student_no), plain(row.name), plain(gender_text(row.gender)), plain(row.age),
                plain(row.class_name), plain(category_text(row)), plain(teacher_text(row)),
                plain(left_text(row) or review_text(row.review)))

    def on_resize(self) -> None:
        # A taller window has room for more rows than the page holds: fill it once the table has its new size.
        self.call_after_refresh(self._fill_screen)

    def _fill_screen(self) -> None:
        page, wanted = self.shown, self.page_size()
        if page is not None and len(page.rows) < min(page.total, wanted) and (self.query_state.limit or 0) < wanted:
            self.query_state = replace(self.query_state, limit=wanted)
            self.refresh_list()

    def narrowed(self) -> bool:
        """True when the search or a filter leaves out some enrolled pupils (Escape clears them)."""
        q = self.query_state
        return q != PupilQuery(sort=q.sort, descending=q.descending, limit=q.limit, offset=q.offset)

    def _count_line(self) -> None:
        page = self.shown
        if page is None:
            return
        if page.total == 0 and self.narrowed():  # not "共 0 人": the school has pupils, the search found none
            self.query_one("#pupil-count", Static).update(t("pupils.count_none"), layout=False)
            return
        sort = t(next(k for k, s in COLUMNS if s == self.query_state.sort)) if self.query_state.sort in SORTABLE else ""
        order = t("pupils.sort_desc") if self.query_state.descending else t("pupils.sort_asc")
        text = t("pupils.count", shown=len(page.rows), total=page.total, sort=sort, order=order)
        if len(page.rows) < page.total:
            text += t("pupils.count_more")
        self.query_one("#pupil-count", Static).update(text, layout=False)  # one line high, as wide as the screen

    # -- filters ----------------------------------------------------------------------------------------

    @on(Input.Changed, "#pupil-search")
    def _search(self, event: Input.Changed) -> None:
        self.query_state = replace(self.query_state, search=event.value, limit=self.page_size())
        self.refresh_list()

    @on(Input.Submitted, "#pupil-search")
    def _search_done(self) -> None:
        self.query_one("#pupil-list", DataTable).focus()

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        state = self.query_state
        if event.select.id == "filter-class":
            state = replace(state, class_id=value)
        elif event.select.id == "filter-category":
            state = replace(state, category=value)
        elif event.select.id == "filter-teacher":
            state = replace(state, no_care_teacher=value == NO_TEACHER,
                            care_teacher_id=value if value not in (None, NO_TEACHER) else None)
        elif event.select.id == "filter-status":
            state = replace(state, status=None if value == ALL_STATUSES else value)
        elif event.select.id == "filter-flag":
            state = replace(state, turning_16=value == "turning_16", needs_review=value == "needs_review")
        else:
            return
        self.query_state = replace(state, limit=self.page_size())
        self.refresh_list()

    def show_preset(self, **changes) -> None:
        """Show the list with these filters (e.g. from the home screen: no care teacher), others cleared."""
        self.query_state = PupilQuery(sort=self.query_state.sort, limit=self.page_size(), **changes)
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#pupil-search", Input).value = ""
            for select_id in ("#filter-class", "#filter-category", "#filter-flag"):
                self.query_one(select_id, Select).clear()
            teacher = self.query_one("#filter-teacher", Select)
            if changes.get("no_care_teacher") and self._choices_loaded:
                teacher.value = NO_TEACHER
            else:
                teacher.clear()
            self.query_one("#filter-status", Select).value = "enrolled"
        self.refresh_list()

    def action_clear_filters(self) -> None:
        self.show_preset()

    def action_toggle_unassigned(self) -> None:
        self.show_preset(no_care_teacher=not self.query_state.no_care_teacher)

    def action_focus_search(self) -> None:
        self.query_one("#pupil-search", Input).focus()

    # -- sorting and paging -----------------------------------------------------------------------------

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key not in SORTABLE:
            return
        descending = not self.query_state.descending if key == self.query_state.sort else False
        self.query_state = replace(self.query_state, sort=key, descending=descending)
        self.refresh_list()

    def action_next_sort(self) -> None:
        current = SORT_CYCLE.index(self.query_state.sort) if self.query_state.sort in SORT_CYCLE else -1
        self.query_state = replace(self.query_state, sort=SORT_CYCLE[(current + 1) % len(SORT_CYCLE)], descending=False)
        self.refresh_list()

    def action_reverse_sort(self) -> None:
        self.query_state = replace(self.query_state, descending=not self.query_state.descending)
        self.refresh_list()

    def action_more(self) -> None:
        self.query_state = replace(self.query_state, limit=(self.query_state.limit or PAGE) + self.page_size())
        self.refresh_list()

    # -- where the list leads ---------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#pupil-list")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        page = self.shown
        table = event.data_table
        if page is not None and len(page.rows) < page.total and event.cursor_row >= table.row_count - 3 \
                and self.shown_generation == self.generation:
            self.action_more()

    @on(DataTable.RowSelected, "#pupil-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.open_file(int(event.row_key.value))

    def open_file(self, pupil_id: int) -> None:
        from schoolcare.ui.registry.pupil_file import PupilFileScreen

        self.app.push_screen(PupilFileScreen(pupil_id))

    def action_new_pupil(self) -> None:
        from schoolcare.ui.registry.pupil_forms import PupilDialog

        def created(pupil_id: int | None) -> None:
            if pupil_id:
                self.refresh_list()
                self.open_file(pupil_id)

        self.app.push_screen(PupilDialog(self.actor, None), created)

    def action_transfer_in(self) -> None:
        from schoolcare.ui.registry.transfer import TransferDialog

        def moved(pupil_id: int | None) -> None:
            if pupil_id:
                self.notify(t("transfer.saved"))
                self.refresh_list()
                self.open_file(pupil_id)

        self.app.push_screen(TransferDialog(self.actor), moved)

    def action_assignments(self) -> None:
        from schoolcare.ui.registry.assignments import AssignmentScreen

        self.app.push_screen(AssignmentScreen())

    def action_import_roster(self) -> None:
        from schoolcare.ui.registry.roster_import import ImportScreen

        self.app.push_screen(ImportScreen())

    def action_export_ledger(self) -> None:
        from schoolcare.ui.registry.ledger_export import LedgerDialog

        def written(words: str | None) -> None:
            if words:
                self.notify(words)

        self.app.push_screen(LedgerDialog(self.actor), written)


async def open_unassigned(app) -> None:
    """The pupils area filtered to pupils with no care teacher (the coordinator's home links here)."""
    await app.switch_mode("pupils")
    while not isinstance(app.screen, PupilsScreen) and len(app.screen_stack) > 1:
        app.pop_screen()
    if isinstance(app.screen, PupilsScreen):
        app.screen.show_preset(no_care_teacher=True)
