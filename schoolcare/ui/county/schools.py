"""The county home: every school it reads side by side, weakest first, the county's weeks as a chart; Enter opens
a school's term progress read-only (ui/county/school_progress.py)."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from schoolcare.domain.county import OPEN_STEPS, CountyOverview, CountySchool
from schoolcare.i18n import label, t
from schoolcare.services.county import schools as county_schools
from schoolcare.services.tabular import display_width
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.county.area import CountyPane
from schoolcare.ui.kit import Table, cursor_key, fill_table
from schoolcare.ui.kit.charts import Series, WeekChart
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.worker import ServiceFailed

SERIES_STYLES = ("dodger_blue1", "orange1", "medium_purple1")
SHORT_ROWS = 30  # below this many terminal rows (80×24) the chart is drawn lower
# The summary's lines are packed to this many cells: #cy-county's width (42) less its border and padding.
SUMMARY_WIDTH = 38


def pct(value: float | None) -> str:
    """Whole percentages: a table of many schools is compared at a glance, not to the decimal."""
    return "—" if value is None else f"{value:.0f}%"


def _rule(overview: CountyOverview, record: str):
    return next((r for r in overview.rules if r.record == record), None)


def columns() -> list[str]:
    return [t(f"county.home.col.{key}") for key in
            ("school", "code", "left_behind", "coverage", "calls", "talks", "class_activities", "visits",
             "readiness", "hazards", "incidents", "dropouts", "quarterly")]


def school_cells(overview: CountyOverview, s: CountySchool) -> tuple[object, ...]:
    """One row of the table: abbreviated so that 80 columns show the weakest schools' main figures."""
    calls, talks = _rule(overview, "family_call"), _rule(overview, "teacher_talk")
    meetings, visits = _rule(overview, "class_activity"), _rule(overview, "home_visit")
    visit = s.figures(visits.id) if visits else None
    sent = s.quarterly_sent_on
    return (
        s.name, s.code, s.coverage.left_behind, pct(s.coverage.percent),
        pct(s.rate(calls.id)) if calls else "—", pct(s.rate(talks.id)) if talks else "—",
        pct(s.rate(meetings.id)) if meetings else "—", f"{visit.done}/{visit.due}" if visit else "—",
        pct(s.readiness), f"{s.hazards.open}/{s.hazards.overdue}",
        f"{s.incidents.open}/{s.incidents.overdue_reports}", s.open_dropouts,
        sent.strftime("%m-%d") if sent else t("county.home.not_sent"),
    )


def detail_line(overview: CountyOverview, s: CountySchool) -> str:
    """The highlighted school's figures the table abbreviates: dropout cases by step, activities, the ledger."""
    steps = " · ".join(f"{t(f'dropouts.step.{step}')} {s.dropouts.get(step, 0)}" for step in OPEN_STEPS)
    sent = (t("county.home.sent_on", quarter=overview.quarter, date=s.quarterly_sent_on.isoformat())
            if s.quarterly_sent_on else t("county.home.not_sent_yet", quarter=overview.quarter))
    return t("county.home.detail", school=s.name, steps=steps, late=s.dropouts_overdue,
             held=s.activities.class_held, hazards=s.hazards.overdue, reports=s.incidents.overdue_reports, sent=sent)


def summary_groups(overview: CountyOverview) -> list[list[tuple[str, str]]]:
    """The county's figures as (text, style) pieces, in groups that each start a line: who is counted, coverage,
    the pupil rules, what is overdue, the quarter's ledgers."""
    cover = overview.coverage
    hazards = sum(s.hazards.overdue for s in overview.schools)
    reports = sum(s.incidents.overdue_reports for s in overview.schools)
    alarm = "bold red"
    return [
        [(t("county.home.summary_n_schools", n=len(overview.schools)), ""),
         (t("county.home.summary_pupils", n=sum(s.pupils for s in overview.schools)), ""),
         (t("county.home.summary_left_behind", n=cover.left_behind), "")],
        [(t("county.home.summary_coverage", pct=pct(cover.percent), unassigned=cover.unassigned),
          alarm if cover.unassigned else "")],
        [(f"{label(rule.name)} {pct(overview.rate(rule.id))}", "") for rule in overview.rules
         if rule.subject == "pupil"],
        [(t("county.home.summary_hazards", n=hazards), alarm if hazards else ""),
         (t("county.home.summary_reports", n=reports), alarm if reports else "")],
        [(t("county.home.summary_ledgers", quarter=overview.quarter, sent=overview.ledgers_sent,
            n=len(overview.schools)), "")],
    ]


def county_lines(overview: CountyOverview, width: int = SUMMARY_WIDTH) -> Text:
    """The county as a whole beside the chart: each group's pieces packed " · " apart into lines of `width`, so
    that no figure is broken over two lines and at 80×24 every one of them shows (in English too)."""
    lines: list[list[tuple[str, str]]] = []
    for group in summary_groups(overview):
        line: list[tuple[str, str]] = []
        for piece in group:
            if line and display_width(" · ".join(p for p, _ in (*line, piece))) > width:
                lines.append(line)
                line = []
            line.append(piece)
        if line:
            lines.append(line)
    out = Text()
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
        for k, (piece, style) in enumerate(line):
            if k:
                out.append(" · ")
            out.append(piece, style=style)
    return out


class SchoolsTable(Table):
    """The schools table, whose Enter is named: the help (F1) and the footer list what it does."""

    BINDINGS = [Binding("enter", "select_cursor", N_("county.home.key.open"), id="county.schools.open")]

    def __init__(self, **options) -> None:
        super().__init__(**options)
        translate_bindings(self)


class SchoolsPane(CountyPane):
    DEFAULT_CSS = """
    SchoolsPane { height: 1fr; }
    SchoolsPane #cy-as-of { height: 1; color: $text-muted; }
    SchoolsPane #cy-top { height: auto; }
    SchoolsPane .cy-panel {
        height: auto; padding: 0 1; border: round $primary 50%;
        border-title-color: $text-accent; border-title-style: bold;
    }
    SchoolsPane #cy-county { width: 42; }
    SchoolsPane #cy-trend { width: 1fr; }
    SchoolsPane #cy-schools { height: 1fr; }
    SchoolsPane #cy-detail { height: auto; max-height: 3; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, overview: CountyOverview) -> None:
            super().__init__()
            self.overview = overview

    def __init__(self) -> None:
        super().__init__()
        self.overview: CountyOverview | None = None

    def compose(self) -> ComposeResult:
        yield Pending(id="cy-as-of")
        with Horizontal(id="cy-top"):
            with Vertical(id="cy-county", classes="cy-panel") as county:
                county.border_title = t("county.home.county")
                yield Static("", id="cy-summary")
            with Vertical(id="cy-trend", classes="cy-panel") as trend:
                trend.border_title = t("county.trend_heading")
                yield WeekChart(id="cy-chart", rows=4)
        yield SchoolsTable(id="cy-schools", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield Static(t("county.home.hint"), id="cy-detail", markup=False)

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        if self.overview is not None:  # the first load is on_mount's
            self.load()

    def load(self) -> None:
        self.run_service(county_schools.overview, self.actor, self.settings, then=self.Loaded, group="county-home")

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#cy-as-of", Static).update(message.text)
        self.notify(message.text, severity="error", title=t("error.title"))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        overview = self.overview = message.overview
        self.query_one("#cy-as-of", Static).update(t("county.home.as_of", term=label(overview.term.name),
                                                     date=overview.as_of.isoformat(), n=len(overview.schools)))
        self.query_one("#cy-summary", Static).update(county_lines(overview))
        self._chart(overview)
        table = self.query_one("#cy-schools", DataTable)
        fill_table(table, columns(), ((str(s.school_id), school_cells(overview, s)) for s in overview.schools))
        self._detail()
        if self.app.focused is None:
            table.focus()

    def _chart(self, overview: CountyOverview) -> None:
        chart = self.query_one("#cy-chart", WeekChart)
        chart.rows = 4 if self.app.size.height < SHORT_ROWS else 6
        if not overview.trend or not overview.trend[0].points:
            chart.show([], [], legend_note=t("reports.no_weekly_rules"))
            return
        points = overview.trend[0].points
        series = [Series(label(trend.rule.name), tuple(p.share for p in trend.points),
                         SERIES_STYLES[n % len(SERIES_STYLES)]) for n, trend in enumerate(overview.trend)]
        running = points[-1].running
        chart.show(series, [p.label.split("W")[-1] for p in points], running_last=running,
                   legend_note=t("reports.running_week") if running else "")

    def _detail(self) -> None:
        key = cursor_key(self.query_one("#cy-schools", DataTable))
        if self.overview is None or key is None:
            return
        self.query_one("#cy-detail", Static).update(detail_line(self.overview, self.overview.school(int(key))))

    @on(DataTable.RowHighlighted, "#cy-schools")
    def _highlighted(self) -> None:
        self._detail()

    @on(DataTable.RowSelected, "#cy-schools")
    def _open(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.county.school_progress import SchoolProgressScreen

        if self.overview is None or event.row_key.value is None:
            return
        school = self.overview.school(int(event.row_key.value))
        self.app.push_screen(SchoolProgressScreen(school.school_id, school.name))
