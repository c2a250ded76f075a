"""Filling a DataTable with school data: values shown as plain text, never read as markup."""
from __future__ import annotations

from typing import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable


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
