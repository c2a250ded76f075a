"""The kit's Table paints and measures plain cells itself: the picture must be DataTable's, cell for cell."""
from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import App
from textual.coordinate import Coordinate
from textual.strip import Strip
from textual.widgets import DataTable

from schoolcare.ui.kit import Table, plain

VALUES = ["", "李老师", "S2026000123", "张[b]子涵", "一年级(1)班", "  spaced  ", "欧阳", "Mary-Jane O'Neil",
          "留守儿童、困境儿童、随迁子女、低保家庭", "x", "1", "ａｂｃ１２３"]


class Tables(App):
    # Cursor and hover colours of their own, so the styles laid over a cell (before and after it) both count.
    CSS = """
    Table > .datatable--cursor { color: red; background: blue; text-style: bold; }
    Table > .datatable--hover { background: green; }
    Table > .datatable--odd-row { background: $panel; }
    """

    def compose(self):
        yield Table(id="ours", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_column("学号", key="no")
        table.add_column("姓名", width=5, key="name")  # narrower than most values: cropped alike
        table.add_column("班级", width=1, key="class")
        table.add_column("Styled", key="styled")
        for n, value in enumerate(VALUES):
            table.add_row(plain(value), plain(value), plain(value[::-1]), Text(value, style="bold"), key=str(n))


def painted(table: DataTable, row: int, column: int, width: int, cursor: bool, hover: bool, base) -> list[Segment]:
    lines = table._render_cell(row, column, base, width, cursor=cursor, hover=hover)
    return [list(Strip(line).simplify()) for line in lines]


async def test_plain_cells_paint_and_measure_as_datatable_does():
    app = Tables()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(Table)
        base = table.rich_style
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        for row in range(-1, len(VALUES)):
            for column, width in enumerate(widths):
                for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                    table._clear_caches()
                    ours = painted(table, row, column, width, cursor, hover, base)
                    table._clear_caches()
                    theirs = [list(Strip(line).simplify())
                              for line in DataTable._render_cell(table, row, column, base, width, cursor, hover)]
                    assert ours == theirs, (row, column, cursor, hover)
        # The auto-width columns are as wide as DataTable measures them.
        table._clear_caches()
        measured = [column.content_width for column in table.ordered_columns]
        DataTable._update_dimensions(table, list(table.rows))
        assert [column.content_width for column in table.ordered_columns] == measured
        assert table.get_cell_at(Coordinate(1, 1)).plain == "李老师"
