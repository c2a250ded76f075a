"""The header line of every area: school, area, the user and role, the current term."""
from __future__ import annotations

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
        who = ""
        if session:
            who = t("shell.user_role", name=session.actor.name, role=t(f"role.{session.actor.role.value}"))
        calendar = self.app.settings.calendar
        yield Static(f"{who}  ·  {term_text(calendar)}" if who else term_text(calendar), id="header-who", markup=False)


class AreaStrip(Static):
    """The areas the user may open, with their keys; the current one stands out."""

    def __init__(self, areas: list[tuple[str, str, bool]]) -> None:
        # (key, title, is_current); titles come from the catalog, so markup is safe here.
        text = "  ".join(
            f"[reverse] {key} {title} [/]" if current else f"[b]{key}[/b] {title}" for key, title, current in areas
        )
        super().__init__(text, id="area-strip")
