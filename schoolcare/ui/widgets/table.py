"""Filling a DataTable with school data: values shown as plain text, never read as markup."""
from __future__ import annotations

from typing import Iterable, Sequence

from rich.cells import cell_len
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
    """Replace the table's columns and rows; each row is (key, values).

    Column widths are measured here, from every cell: DataTable measures rows
    added from a worker only when it is next idle, and a paint in between kept
    columns at their heading's width ("李老" for 李老师) until the next change.
    """
    cursor = table.cursor_row
    cells = [(key, [plain(v) for v in values]) for key, values in rows]
    widths = [cell_len(str(c)) for c in columns]
    for _key, row in cells:
        for i, cell in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], cell.cell_len)
    table.clear(columns=True)
    for label, width in zip(columns, widths):
        table.add_column(label, width=width)
    for key, row in cells:
        table.add_row(*row, key=key)
    if table.row_count:
        table.move_cursor(row=min(cursor, table.row_count - 1))
