"""A roster's cells: where each field's column is, and each distinct value of a column checked once per file."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from schoolcare.domain import pupil_forms
from schoolcare.domain.validation import InvalidField
from schoolcare.services.registry.roster_columns import GROUPS, parse_class
from schoolcare.services.registry.roster_reading import PARENTS, check_away


class RowLayout:
    """Which column holds what, worked out once from the header for every row of the file."""

    def __init__(self, columns: list[tuple[int, str, str]], pupil_fields: tuple[str, ...]) -> None:
        self.col = {key: col for col, key, _header in columns}
        self.header = {key: header for _col, key, header in columns}
        self.width = max((col + 1 for col, _key, _header in columns), default=0)
        self.pupil = tuple((key, self.col.get(key)) for key in pupil_fields)  # None: no such column
        # (group, relation, a parent?, ((field, column), …) in the file's order)
        self.groups = tuple(
            (group, relation, group in PARENTS, tuple((key.split(".", 1)[1], col) for col, key, _h in columns
                                                      if key.startswith(group + ".")))
            for group, relation, _zh, _en in GROUPS)

    def cells(self, cells: list[object]) -> list[object]:
        """The row as wide as the header (a CSV row may stop short)."""
        return cells if len(cells) >= self.width else [*cells, *[None] * (self.width - len(cells))]


class CellChecks:
    """The clean value of a cell, or the InvalidField it fails with (returned, not raised, so a cached refusal is
    never raised twice). 男, 是, 奶奶, 广东东莞 or a class name come back on most of 2,000 rows; the checks are pure,
    so each (column, value) is worked out once for the file being read."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._pupil: dict[tuple, object] = {}
        self._guardian: dict[tuple, object] = {}
        self._class: dict[tuple, object] = {}

    def pupil(self, key: str, value: object) -> object:
        seen = (key, type(value), value)  # the type too: 1, 1.0 and True are one key but not one cell
        found = self._pupil.get(seen, _NOT_YET)
        if found is _NOT_YET:
            found = self._pupil[seen] = _outcome(pupil_forms.check_pupil_field, key, value, self.today)
        return found

    def guardian(self, name: str, value: object, parent: bool) -> object:
        """A guardian group's cell; a parent's 是否外出 is read as words too (外出务工, 在家务农)."""
        away = name == "away" and parent
        seen = (name, away, type(value), value)
        found = self._guardian.get(seen, _NOT_YET)
        if found is _NOT_YET:
            found = self._guardian[seen] = (_outcome(check_away, value) if away else
                                            _outcome(pupil_forms.check_guardian_field, name, value))
        return found

    def grade_class(self, grade: object, klass: object) -> object:
        seen = (type(grade), grade, type(klass), klass)
        found = self._class.get(seen, _NOT_YET)
        if found is _NOT_YET:
            found = self._class[seen] = _outcome(parse_class, grade, klass)
        return found


_NOT_YET = object()


def _outcome(check: Callable[..., object], *args: object) -> object:
    try:
        return check(*args)
    except InvalidField as error:
        return error
