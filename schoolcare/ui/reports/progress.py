"""The reports area: the principal's term progress — bars, the week-by-week chart, classes and teachers weakest
first, each row opening the pupils behind it (reports/standings.py) — for the current or any past term; exports for
the county (reports/export.py)."""
from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static, TabbedContent, TabPane

from schoolcare.domain import clock
from schoolcare.domain.term_progress import GroupProgress, TermProgress
from schoolcare.i18n import label, t
from schoolcare.services.reports import term_report
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import Table, fill_table
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand
from schoolcare.ui.kit.charts import Bar, ProgressBars, Series, WeekChart
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.worker import ServiceFailed

SORTS = ("weakest", "overdue", "name")
SERIES_STYLES = ("dodger_blue1", "orange1", "medium_purple1")
NOBODY = "none"  # the row key of the periods no care teacher answered for


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def sorted_groups(groups: Iterable[GroupProgress], sort: str) -> list[GroupProgress]:
    """Weakest first (the service's order), most overdue first, or by name."""
    groups = list(groups)
    if sort == "overdue":
        return sorted(groups, key=lambda g: (-g.overdue, g.name))
    if sort == "name":
        return sorted(groups, key=lambda g: (g.id is None, g.name))
    return groups


def bars(progress: TermProgress) -> list[Bar]:
    """Coverage, every rule in config order, readiness: the same figures as the report's summary sheet."""
    found = [Bar(t("reports.coverage"), progress.coverage.percent, progress.change("coverage"),
                 f"{progress.coverage.assigned}/{progress.coverage.left_behind}", "coverage")]
    for rule in progress.rules:
        found.append(Bar(label(rule.rule.name), rule.rate, rule.change,
                         f"{rule.figures.done}/{rule.figures.due}", rule.rule.id))
    found.append(Bar(t("reports.readiness"), progress.readiness.percent, progress.change("readiness"),
                     key="readiness"))
    return found


def fitted_headings(columns: list[str], rows: list[tuple], room: int) -> list[str]:
    """The tables' column headings: as they are when every column fits in `room` cells at its widest text, else
    the long headings of several words on two lines ("Class care / activity"), so the English class table keeps
    its last column (home visits) at 120 columns (issue 11)."""
    from rich.cells import cell_len

    def widest(n: int, heading: str) -> int:
        return max([cell_len(heading), *(cell_len(str(r[n])) for r in rows)]) + 2

    if sum(widest(n, c) for n, c in enumerate(columns)) <= room:
        return list(columns)
    out = []
    for n, heading in enumerate(columns):
        words = heading.split(" ")
        if len(words) < 2 or cell_len(heading) <= widest(n, ""):
            out.append(heading)
            continue
        splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
        top, bottom = min(splits, key=lambda s: max(cell_len(s[0]), cell_len(s[1])))
        out.append(f"{top}\n{bottom}")
    return out


class TermProgressView(ServiceCalls, Vertical):
    """The whole term progress; used as the reports area and as the principal's home."""

    DEFAULT_CSS = """
    TermProgressView { height: 1fr; }
    TermProgressView #rp-head { height: 3; }
    TermProgressView .rp-head-label { padding: 1 1 0 0; text-style: bold; }
    TermProgressView #rp-term { width: 30; }
    TermProgressView #rp-as-of { width: 1fr; padding: 1 0 0 2; color: $text-muted; }
    TermProgressView #rp-top { height: auto; }
    TermProgressView .rp-panel {
        height: auto; padding: 0 1; border: round $primary 50%;
        border-title-color: $text-accent; border-title-style: bold;
    }
    TermProgressView #rp-progress { width: 64; margin-right: 1; }
    TermProgressView #rp-trend { width: 1fr; }
    TermProgressView #rp-counts { color: $text-muted; }
    TermProgressView #rp-tabs { height: 1fr; }
    TermProgressView .rp-hint { margin-top: 0; height: 1; }
    """

    BINDINGS = [
        Binding("s", "sort", N_("reports.sort"), id="reports.sort"),
        Binding("v", "switch_table", N_("reports.switch_table"), id="reports.switch_table"),
        Binding("t", "pick_term", N_("reports.pick_term"), id="reports.term"),
        Binding("x", "export", N_("reports.export"), id="reports.export"),
    ]

    class Loaded(Message):
        def __init__(self, progress: TermProgress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(self, *, id: str | None = "term-progress") -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.progress: TermProgress | None = None
        self.term_id: str | None = None
        self.sort = SORTS[0]

    def compose(self) -> ComposeResult:
        terms = term_report.started_terms(self.settings, clock.today())
        with Horizontal(id="rp-head"):
            yield Label(t("reports.term"), classes="rp-head-label")
            yield Select([(label(term.name), term.id) for term in terms], allow_blank=False, id="rp-term",
                         value=terms[0].id if terms else Select.BLANK)
            yield Pending(id="rp-as-of")
        with Horizontal(id="rp-top"):
            with Vertical(id="rp-progress", classes="rp-panel") as progress:
                progress.border_title = t("reports.progress")
                yield ProgressBars(id="rp-bars")
                yield Static("", id="rp-counts", markup=False)
            with Vertical(id="rp-trend", classes="rp-panel") as trend:
                trend.border_title = t("reports.trend")
                yield WeekChart(id="rp-chart")
        with TabbedContent(id="rp-tabs"):
            with TabPane(t("reports.tab_classes"), id="rp-tab-classes"):
                yield Table(id="rp-classes", cursor_type="row", zebra_stripes=True)
            with TabPane(t("reports.tab_teachers"), id="rp-tab-teachers"):
                yield Table(id="rp-teachers", cursor_type="row", zebra_stripes=True)
        yield Static(t("reports.hint"), classes="hint rp-hint", markup=False)

    def on_mount(self) -> None:
        self.load()

    def refresh_figures(self) -> None:
        """Count again when the screen comes back (records may have been logged meanwhile); not before the
        first figures arrive, which on_mount has asked for."""
        if self.progress is not None:
            self.load()

    # -- loading ----------------------------------------------------------------------------------------

    def load(self) -> None:
        self.run_service(term_report.term_progress, self.actor, self.settings, self.term_id, then=self.Loaded,
                         group="term-progress")

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#rp-as-of", Static).update(message.text)
        self.notify(message.text, severity="error", title=t("error.title"))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        progress = self.progress = message.progress
        when = t("reports.as_of" if progress.current else "reports.as_of_past", date=progress.as_of.isoformat())
        compared = (t("reports.compared", term=label(progress.previous_term.name)) if progress.previous
                    else t("reports.no_previous"))
        self.query_one("#rp-as-of", Static).update(f"{when} · {compared}")
        self.query_one("#rp-bars", ProgressBars).show(bars(progress))
        a, h, i = progress.activities, progress.hazards, progress.incidents
        counts = Text(t("reports.counts_activities", held=a.class_held, active=a.classes_active, classes=a.classes,
                        school=a.school_held) + "\n")
        # Overdue hazards (限期整改 missed) must stand out on the principal's home (issue 5).
        counts.append(t("reports.counts_risks", open=h.open, overdue=h.overdue, incidents=i.open, recorded=i.recorded),
                      style="bold red" if h.overdue else "")
        if i.overdue_reports:  # a mandatory report not made in time stands out most (ui/protection)
            # The county reads a school's progress without its child-protection area: no key to point to there.
            key = "protection.figure.overdue_count" if self.actor.is_county else "protection.figure.overdue_line"
            counts.append("\n" + t(key, n=i.overdue_reports), style="bold red")
        self.query_one("#rp-counts", Static).update(counts)
        self._chart(progress)
        self._tables()
        if self.app.focused is None or isinstance(self.app.focused, Select):
            self.query_one("#rp-classes", DataTable).focus()  # Enter opens the weakest class straight away

    def _chart(self, progress: TermProgress) -> None:
        chart = self.query_one("#rp-chart", WeekChart)
        weekly = progress.weekly
        if not weekly:
            chart.show([], [], legend_note=t("reports.no_weekly_rules"))
            return
        points = weekly[0].trend
        series = [Series(label(r.rule.name), tuple(p.share for p in r.trend), SERIES_STYLES[n % len(SERIES_STYLES)])
                  for n, r in enumerate(weekly)]
        running = bool(points) and points[-1].running
        chart.show(series, [p.label.split("W")[-1] for p in points], running_last=running,
                   legend_note=t("reports.running_week") if running else "")

    def _tables(self) -> None:
        progress = self.progress
        if progress is None:
            return
        rules = [r.rule for r in progress.rules if r.rule.subject != "school"]
        rule_columns = [label(rule.name) for rule in rules]
        classes = [t("reports.col_class"), t("reports.col_homeroom"), t("reports.col_left_behind"),
                   t("reports.col_completion"), t("reports.col_overdue"), *rule_columns]
        teachers = [t("reports.col_teacher"), t("reports.col_post"), t("reports.col_caseload"),
                    t("reports.col_completion"), t("reports.col_overdue"), *rule_columns]

        def rows(groups):
            for g in sorted_groups(groups, self.sort):
                key = str(g.id) if g.id is not None else NOBODY
                yield key, (g.name or t("reports.nobody"), g.detail, g.pupils, pct(g.completion), g.overdue,
                            *(pct(g.percent(rule.id)) for rule in rules))

        for table_id, columns, found in (("#rp-classes", classes, list(rows(progress.classes))),
                                         ("#rp-teachers", teachers, list(rows(progress.teachers)))):
            table = self.query_one(table_id, DataTable)
            headings = fitted_headings(columns, [values for _, values in found], self._table_room(table))
            table.header_height = 2 if any("\n" in h for h in headings) else 1
            fill_table(table, headings, found)

    def _table_room(self, table: DataTable) -> int:
        """The cells a table's columns may take: its width less a scrollbar's (or the screen's, before layout)."""
        return (table.size.width or self.size.width or self.app.size.width - 4) - 2

    def on_resize(self) -> None:
        if self.progress is not None:
            self._tables()

    # -- actions ----------------------------------------------------------------------------------------

    @on(Select.Changed, "#rp-term")
    def _term_changed(self, event: Select.Changed) -> None:
        if event.value is Select.BLANK or event.value == self.term_id:
            return
        if self.progress is None and self.term_id is None and event.value == self._first_term():
            return  # the initial value, already loading
        self.term_id = str(event.value)
        self.query_one("#rp-as-of", Pending).wait()
        self.load()

    def _first_term(self) -> str | None:
        terms = term_report.started_terms(self.settings, clock.today())
        return terms[0].id if terms else None

    def action_pick_term(self) -> None:
        select = self.query_one("#rp-term", Select)
        select.focus()
        select.expanded = True

    def action_switch_table(self) -> None:
        tabs = self.query_one("#rp-tabs", TabbedContent)
        tabs.active = "rp-tab-teachers" if tabs.active == "rp-tab-classes" else "rp-tab-classes"
        self.query_one("#rp-teachers" if tabs.active == "rp-tab-teachers" else "#rp-classes", DataTable).focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._tables()
        self.notify(t("reports.sorted_by", column=t(f"reports.sort_{self.sort}")))

    def action_export(self, what: str = "term_report") -> None:
        from schoolcare.ui.reports.export import ReportExportDialog

        term = self.progress.term.id if self.progress else self.term_id
        self.app.push_screen(ReportExportDialog(self.actor, self.settings, term, what), self._exported)

    def _exported(self, result: object) -> None:
        if result:
            self.notify(str(result), timeout=10)

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.reports.standings import StandingsScreen

        if self.progress is None or event.row_key.value is None:
            return
        key = event.row_key.value
        by_class = event.data_table.id == "rp-classes"
        groups = self.progress.classes if by_class else self.progress.teachers
        group_id = None if key == NOBODY else int(key)
        group = next((g for g in groups if g.id == group_id), None)
        if group is None:
            return
        self.app.push_screen(StandingsScreen(self.actor, self.settings, self.progress.term.id, group, by_class))

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        # The first column sorts by name, completion weakest first, overdue most first.
        index = event.column_index
        self.sort = "name" if index == 0 else "overdue" if index == 4 else "weakest"
        self._tables()


class ReportsScreen(AreaScreen):
    TITLE_KEY = N_("nav.reports")
    BINDINGS = [Binding("r", "reload", N_("common.reload"), id="reports.reload")]

    def compose_body(self) -> ComposeResult:
        yield TermProgressView()

    def reload(self) -> None:
        self.query_one(TermProgressView).refresh_figures()

    def action_reload(self) -> None:
        self.query_one(TermProgressView).load()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        view = self.query_one(TermProgressView)
        yield PaletteCommand(t("reports.palette_term_report"), t("reports.palette_term_report_help"),
                             lambda: view.action_export("term_report"))
        yield PaletteCommand(t("reports.palette_quarterly"), t("reports.palette_quarterly_help"),
                             lambda: view.action_export("quarterly"))
