"""Filling a DataTable with school data: values shown as plain text, never read as markup."""
from __future__ import annotations

from typing import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable


def plain(value: object) -> Text:
    """A cell showing `value` literally (a name with "[" in it must not be taken for markup)."""
    return Text("" if value is None else str(value))


def fill_table(table: DataTable, columns: Sequence[str], rows: Iterable[tuple[str, Sequence[object]]]) -> None:
    """Replace the table's columns and rows; each row is (key, values)."""
    cursor = table.cursor_row
    table.clear(columns=True)
    table.add_columns(*columns)
    for key, values in rows:
        table.add_row(*(plain(v) for v in values), key=key)
    if table.row_count:
        table.move_cursor(row=min(cursor, table.row_count - 1))
