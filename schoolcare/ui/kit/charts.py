"""Charts drawn with block characters: progress bars with the change from before, and a week-by-week column chart."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from schoolcare.services.tabular import display_width

EIGHTHS = " ▁▂▃▄▅▆▇█"
GOOD, FAIR = 90.0, 60.0  # a rate at or above GOOD is green, at or above FAIR amber, below it red


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def tone(value: float | None) -> str:
    """The style a percentage is shown in: how good it is at a glance."""
    if value is None:
        return "dim"
    if value >= GOOD:
        return "green"
    return "yellow" if value >= FAIR else "red"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a percentage, None when nothing is decided yet
    change: float | None = None  # percentage points since the previous term
    note: str = ""  # e.g. "312/356"
    key: str = ""  # what the bar stands for (a rule id, "coverage" …)


class ProgressBars(Widget):
    """One line per figure: label, a bar, the percentage, ▲/▼ the change from the previous term, a note."""

    DEFAULT_CSS = """
    ProgressBars { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None, width: int = 16, empty: str = "—") -> None:
        super().__init__(id=id)
        self.bars: tuple[Bar, ...] = ()
        self.bar_width = width
        self.empty = empty

    def show(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.bars))

    def render(self) -> Text:
        label_width = max((display_width(b.label) for b in self.bars), default=0) + 1
        note_width = max((len(b.note) + 2 for b in self.bars), default=0)
        # The bar gives way to longer labels (English) before the figures do: 7 for "100.0%", 6 for "▲ 1.0".
        width = max(6, min(self.bar_width, (self.size.width or 80) - label_width - 13 - note_width))
        out = Text(no_wrap=True, overflow="ellipsis")
        for n, bar in enumerate(self.bars):
            if n:
                out.append("\n")
            out.append(pad(bar.label, label_width))
            value = bar.value
            filled = 0 if value is None else round(width * max(0.0, min(100.0, value)) / 100)
            out.append("█" * filled, style=tone(value))
            out.append("░" * (width - filled), style="dim")
            out.append(f" {value:5.1f}%" if value is not None else f" {self.empty:>6}", style=f"bold {tone(value)}")
            if bar.change is not None:
                arrow = "▲" if bar.change > 0.05 else "▼" if bar.change < -0.05 else "="
                style = "green" if bar.change > 0.05 else "red" if bar.change < -0.05 else "dim"
                out.append(f" {arrow}{abs(bar.change):4.1f}", style=style)
            else:
                out.append("      ")
            if bar.note:
                out.append(f"  {bar.note}", style="dim")
        return out


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # percentages, one per column
    style: str  # the series' colour


class WeekChart(Widget):
    """Columns per week, one per series side by side, 0–100% high; the running week drawn dim."""

    DEFAULT_CSS = """
    WeekChart { height: auto; text-wrap: nowrap; }
    """

    def __init__(self, *, id: str | None = None, rows: int = 6) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.series: tuple[Series, ...] = ()
        self.labels: tuple[str, ...] = ()  # one per column: "36"
        self.running_last = False
        self.legend_note = ""

    def show(self, series: Sequence[Series], labels: Sequence[str], *, running_last: bool = False,
             legend_note: str = "") -> None:
        self.series, self.labels = tuple(series), tuple(labels)
        self.running_last, self.legend_note = running_last, legend_note
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.rows + 2  # the columns, the week numbers, the legend

    def _layout(self, width: int) -> tuple[int, int]:
        """(columns per series bar, weeks shown): wider bars when there is room, else the latest weeks only."""
        weeks, series = len(self.labels), max(1, len(self.series))
        if not weeks:
            return 1, 0
        room = max(1, width - 6)
        bar = max(1, min(3, (room // weeks - 1) // series))
        return bar, min(weeks, room // (bar * series + 1))

    def floor(self) -> float:
        """The axis starts below the lowest value shown, in steps of 10 (0 once anything is under 30%).

        Week-to-week changes of a few points are what a principal looks for; on a 0–100 axis they
        vanish when every week is above 90%. The axis labels say where it starts.
        """
        values = [v for s in self.series for v in s.values if v is not None]
        if not values or min(values) < 30:
            return 0.0
        return float(min(80, int(min(values) // 10) * 10 - 10))

    def render(self) -> Text:
        width = self.size.width or 80
        bar, shown = self._layout(width)
        start = len(self.labels) - shown
        low = self.floor()
        middle = (low + 100) / 2
        out = Text(no_wrap=True, overflow="crop")
        for row in range(self.rows, 0, -1):  # top row first
            axis = {self.rows: "100%", (self.rows + 1) // 2: f"{middle:3.0f}%"}.get(row)
            out.append(f"{axis}┤" if axis else "    │", style="dim")
            for week in range(start, len(self.labels)):
                running = self.running_last and week == len(self.labels) - 1
                for s in self.series:
                    value = s.values[week] if week < len(s.values) else None
                    out.append(self._cell(value, row, low) * bar, style=f"dim {s.style}" if running else s.style)
                out.append(" ")
            out.append("\n")
        out.append(f"{low:3.0f}%└", style="dim")
        column = bar * len(self.series) + 1
        for week in range(start, len(self.labels)):
            out.append(self.labels[week][-(column - 1):].ljust(column), style="dim")
        out.append("\n")
        for s in self.series:
            out.append("█ ", style=s.style)
            out.append(f"{s.name}   ")
        if self.legend_note:
            out.append(self.legend_note, style="dim")
        return out

    def _cell(self, value: float | None, row: int, low: float = 0.0) -> str:
        if value is None:
            return " "
        scaled = (max(low, min(100.0, value)) - low) / (100.0 - low)
        eighths = round(scaled * self.rows * 8)
        if eighths == 0 and row == 1:
            return "▁"  # nothing done (or the axis floor) is a figure too, not a gap in the data
        full = (row - 1) * 8
        return EIGHTHS[max(0, min(8, eighths - full))]
