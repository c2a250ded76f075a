"""The header line of every area: school, area, the user and role, the current term."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from schoolcare.domain import clock
from schoolcare.domain.settings import Calendar
from schoolcare.i18n import label, t


def term_text(calendar: Calendar) -> str:
    """Today's term; between terms, the one that ended last, said as such."""
    today = clock.today()
    term = calendar.term_on(today)
    if term is not None:
        return label(term.name)
    return t("shell.between_terms", term=label(calendar.current_or_last(today).name))


class SchoolHeader(Horizontal):
    """One line: school name · area title on the left, user (role) · term on the right."""

    def __init__(self, area_title: str) -> None:
        super().__init__(id="school-header")
        self.area_title = area_title

    def compose(self) -> ComposeResult:
        session = getattr(self.app, "session", None)
        school = session.school_name if session else t("app.title")
        yield Static(f"{school}  ·  {self.area_title}", id="header-where", markup=False)
        yield Static(self.who(short=False), id="header-who", markup=False)

    def who(self, *, short: bool) -> str:
        """The user (with the role unless `short`: at 80 columns the area's name needs the room) and the term."""
        session = getattr(self.app, "session", None)
        term = term_text(self.app.settings.calendar)
        if not session:
            return term
        name = session.actor.name if short else t("shell.user_role", name=session.actor.name,
                                                      role=t(f"role.{session.actor.role.value}"))
        return f"{name}  ·  {term}"

    def on_resize(self) -> None:
        where = self.query_one("#header-where", Static)
        needed = cell_len(str(where.render())) + 2 + cell_len(self.who(short=False)) + 2
        self.query_one("#header-who", Static).update(self.who(short=needed > self.size.width > 0))


class AreaStrip(Static):
    """The areas the user may open, with their keys; the current one stands out.

    When the full names do not fit the terminal's width (eight areas at 80 columns), the other areas show
    their short names (catalog key `keyboard.area_short.<mode>`), the current one keeps its full name; if that
    is still too wide (English), one space parts them, and last the current one is shortened too.
    """

    def __init__(self, areas: list[tuple[str, str, bool]]) -> None:
        # (key, title, is_current); titles come from the catalog, so markup is safe here.
        self.areas = areas
        super().__init__(self.line(short=False), id="area-strip")

    def line(self, *, short: bool, gap: str = "  ", current_short: bool = False) -> str:
        from schoolcare.ui.shell.areas import AREAS  # the shell's registry sits above the kit

        shorts = {a.key: t(f"keyboard.area_short.{a.mode}") for a in AREAS} if short else {}
        return gap.join(
            f"[reverse] {key} {shorts.get(key, title) if current_short else title} [/]" if current
            else f"[b]{key}[/b] {shorts.get(key, title)}"
            for key, title, current in self.areas
        )

    def on_resize(self) -> None:
        width = self.content_region.width
        tries = [self.line(short=False), self.line(short=True), self.line(short=True, gap=" "),
                 self.line(short=True, gap=" ", current_short=True)]
        fitting = [line for line in tries if Text.from_markup(line).cell_len <= width]
        self.update(tries[0] if not width else (fitting[0] if fitting else tries[-1]))
