"""Filling a DataTable with school data: values shown as plain text, never read as markup."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable


class Table(DataTable):
    """The DataTable every screen uses.

    Textual 8.2's DataTable measures rows added from a worker only when it is
    next idle, and keeps rows it painted before that in its caches: a paint in
    between left columns at their headings' widths ("李老" for 李老师) until the
    table next changed. Measuring clears those caches here.
    """

    def _update_dimensions(self, new_rows) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()


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
