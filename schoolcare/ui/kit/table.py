"""Filling a DataTable with school data: values shown as plain text, never read as markup, measured and painted fast."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.render import measure
from textual.widgets import DataTable


def _one_line(cell: object) -> str | None:
    """The text of a cell that paints as one unstyled line (what plain() makes), else None."""
    if type(cell) is Text and not cell.spans and not cell.style and cell.justify in (None, "default", "left") \
            and cell.overflow in (None, "fold", "crop") and cell.plain.isprintable():
        return cell.plain
    return None


class _Read:
    """A component's styles as one paint reads them: the rich style worked out once, the rest as they are."""

    def __init__(self, styles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str):
        return getattr(self._styles, name)


class Table(DataTable):
    """The DataTable every screen uses: the same widget, measured and painted without Rich's layout engine.

    A keystroke in a search refills a page of rows, and DataTable then spends
    most of the key on Rich laying out each cell (Padding in Styled through
    render_lines) and measuring each one; a cell of plain one-line text is
    painted here as one segment of the same style and measured as its cell
    length, which gives the same picture (tests/ui/test_table_paint.py
    compares them). Anything else (markup, styles, several lines) goes the
    usual way.

    Textual 8.2's DataTable measures rows added from a worker only when it is
    next idle, and keeps rows it painted before that in its caches (whose keys
    leave out the width): a paint in between left columns at their headings'
    widths ("李老" for 李老师) until the table next changed. The caches are
    cleared here when a measure changes a column's width (and only then: a
    refill has cleared them already), and the table repainted.
    """

    _painting: dict | None = None  # during render_lines: styles read once for the whole paint

    def render_lines(self, crop):
        # DataTable reads its own rich style on every line and a component's (the header, odd and even rows)
        # two or three times a line, each walking every ancestor's styles: read once a paint, they are the same.
        self._painting = {}
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    @property
    def rich_style(self) -> Style:
        painting = self._painting
        if painting is None:
            return super().rich_style
        if None not in painting:
            painting[None] = super().rich_style
        return painting[None]

    def get_component_styles(self, *names: str):
        painting = self._painting
        if painting is None:
            return super().get_component_styles(*names)
        if names not in painting:
            painting[names] = _Read(super().get_component_styles(*names))
        return painting[names]

    def _update_dimensions(self, new_rows) -> None:
        rows = [self.rows[key] for key in new_rows if key in self.rows]
        if self._labelled_row_exists or any(row.auto_height or row.label is not None for row in rows):
            super()._update_dimensions(new_rows)
            self._clear_caches()
            self.refresh()
            return
        columns = self.ordered_columns
        before = [column.get_render_width(self) for column in columns]
        console = self.app.console
        locations = self._row_locations
        for row_key in new_rows:
            row_index = locations.get(row_key)
            if row_index is None:  # removed before the table was next idle
                continue
            _, cells = self._get_row_renderables(row_index)
            for column, cell in zip(columns, cells, strict=False):
                text = _one_line(cell)
                width = cell_len(text) if text is not None else measure(console, cell, 1)
                if width > column.content_width:
                    column.content_width = width
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(sum(column.get_render_width(self) for column in self.columns.values())
                                 + self._row_label_column_width, self._total_row_height + header_height)
        if [column.get_render_width(self) for column in columns] != before:
            self._clear_caches()
        self.refresh()

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        if column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        key = (row_key, self._column_locations.get_key(column_index), base_style, cursor, hover,
               self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        height = self.header_height if header else self.rows[row_key].height
        text = _one_line(self._get_row_renderables(row_index).cells[column_index]) if height == 1 else None
        if text is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = not header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component_style, post_style = self._get_styles_to_render_cell(
            header, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style + post_style
        pad = " " * self.cell_padding
        inner = max(0, width - 2 * self.cell_padding)
        lines = [[Segment(set_cell_size(pad + set_cell_size(text, inner) + pad, width), style)]]
        cache[key] = lines
        return lines


def plain(value: object) -> Text:
    """A cell showing `value` literally (a name with "[" in it must not be taken for markup)."""
    return Text("" if value is None else str(value))


def cursor_key(table: DataTable) -> str | None:
    """The key of the row under the cursor; None when the table is empty."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def fill_table(table: DataTable, columns: Sequence[str], rows: Iterable[tuple[str, Sequence[object]]]) -> None:
    """Replace the table's columns and rows; each row is (key, values)."""
    cursor = table.cursor_row
    table.clear(columns=True)
    table.add_columns(*columns)
    for key, values in rows:
        table.add_row(*(plain(v) for v in values), key=key)
    if table.row_count:
        table.move_cursor(row=min(cursor, table.row_count - 1))
