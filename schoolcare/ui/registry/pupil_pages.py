"""How the pupil list gets its rows fast enough to follow each keystroke, at any size of school.

A filter or sort change asks the database (in a worker) how many pupils
match; up to INDEX_LIMIT of them are then fetched and kept in memory, and each
keystroke in the search box filters that index on the spot
(domain.registry.matcher, the same test the SQL search makes). A larger reach
is paged in SQL until the search keys of every pupil in it (a SearchIndex:
ids, names, numbers, pinyin) have arrived from a second worker; from then on a
keystroke is searched in those keys and fetches only the page's rows by id.
Either way the table holds a screenful of rows (more as the cursor nears the
end), so a keystroke repaints what is seen and no more: a page that starts as
the one shown only gains rows (show_rows), and an unchanged page is left alone.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import DataTable

from schoolcare.domain.registry import PupilPage, PupilQuery, PupilRow, SearchIndex
from schoolcare.domain.roles import Actor
from schoolcare.services.registry import pupil_list

# Rows per page before the table has a size; after that a page is a screenful (PupilsScreen.page_size). Moving
# the cursor near the end of the rows shown adds the next page.
PAGE = 60
INDEX_LIMIT = 5000  # up to this many pupils in reach, the search runs in memory on each keystroke


def pupils_for(actor: Actor, whole: PupilQuery, page_query: PupilQuery, paged: bool) -> tuple[PupilPage, bool]:
    """Every pupil matching `whole` when there are at most INDEX_LIMIT (True: searched in memory from now on),
    else the page `page_query` asks for (False: a bigger reach pages in SQL). `paged`: `whole` is known to be
    too big already, so only the page is fetched (a keystroke in a big school costs one query, not three)."""
    if not paged and pupil_list.count_pupils(actor, whole) <= INDEX_LIMIT:
        return pupil_list.list_pupils(actor, whole), True
    return pupil_list.list_pupils(actor, page_query), False


def page_from_keys(actor: Actor, index: SearchIndex, query: PupilQuery) -> PupilPage:
    """One page of a search in a reach too big to hold as rows: found in `index`, only the page's rows fetched."""
    ids, total = index.find(query.search, query.limit or PAGE)
    return PupilPage(pupil_list.pupils_by_id(actor, ids, query), total)


def show_rows(table: DataTable, rows: Sequence[PupilRow], held: Sequence[PupilRow],
              cells: Callable[[PupilRow], Sequence[object]]) -> bool:
    """Make `table` (holding `held`) show `rows`: only the rows after `held` are added when `rows` starts with
    it, else the table is refilled (True: the caller puts the cursor back)."""
    refill = not held or tuple(rows[: len(held)]) != tuple(held)
    if refill:
        table.clear()
        held = ()
    for row in rows[len(held):]:
        table.add_row(*cells(row), key=str(row.id))
    return refill
