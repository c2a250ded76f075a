"""Find a pupil from anywhere: the search key's box (initials, pinyin, name or number, Enter opens the best match)
and palette providers — the pupil's file, or a call, talk or visit logged for them ("家访 张三", "home visit zhang")."""
from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from schoolcare.domain.registry import PupilRow
from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.registry import pupil_list
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.registry.transfer import left_text
from schoolcare.ui.registry.wording import teacher_text
from schoolcare.ui.worker import call

LIMIT = 8


def pupil_line(row: PupilRow) -> str:
    """Who the pupil is and who cares for them; for one who has left, how they left instead (no teacher is due)."""
    if row.status != "enrolled":
        return f"{row.name}  {row.student_no}  {row.class_name}  {row.name_initials}  [{left_text(row)}]"
    return f"{row.name}  {row.student_no}  {row.class_name}  {row.name_initials}  {teacher_text(row)}"


def open_pupil_file(app, pupil_id: int) -> None:
    from schoolcare.ui.registry.pupil_file import PupilFileScreen

    app.push_screen(PupilFileScreen(pupil_id))


class FindPupilScreen(ServiceCalls, ModalScreen[int | None]):
    """Type, then Enter: the first match is the best (exact initials or number first); ↑↓ pick another."""

    BINDINGS = [
        Binding("escape", "close", N_("common.close"), id="find.close"),
        Binding("down", "move(1)", show=False, id="find.down"),
        Binding("up", "move(-1)", show=False, id="find.up"),
    ]

    class Found(Message):
        def __init__(self, text: str, rows: list[PupilRow]) -> None:
            super().__init__()
            self.text = text
            self.rows = rows

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.rows: list[PupilRow] = []
        self.rows_for = ""  # the text the shown rows answer
        self.open_when_ready = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="find-pupil"):
            yield Label(t("pupils.find.title"), classes="dialog-title")
            yield Input(placeholder=t("pupils.find.placeholder"), id="find-input")
            yield OptionList(id="find-results")
            yield Label(t("pupils.find.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#find-input", Input).focus()

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        # A failed lookup shows nothing found; the user can type on.
        self.run_service(pupil_list.find_pupils, self.actor, text, LIMIT, then=lambda rows: self.Found(text, rows),
                         failed=lambda _error: self.Found(text, []), group="find-pupil")

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.text != self.query_one("#find-input", Input).value:
            return  # the user has typed on; a newer answer is coming
        self.rows, self.rows_for = message.rows, message.text
        options = self.query_one("#find-results", OptionList)
        options.clear_options()
        options.add_options([Option(pupil_line(row), id=str(row.id)) for row in message.rows]
                            or [Option(t("pupils.find.none"), disabled=True)])
        if message.rows:
            options.highlighted = 0
        if self.open_when_ready:
            self.open_when_ready = False
            self._open_highlighted()

    @on(Input.Submitted, "#find-input")
    def _enter(self) -> None:
        if self.rows_for != self.query_one("#find-input", Input).value:
            self.open_when_ready = True  # Enter came before the answer: open it when it arrives
            return
        self._open_highlighted()

    @on(OptionList.OptionSelected, "#find-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))

    def _open_highlighted(self) -> None:
        options = self.query_one("#find-results", OptionList)
        if not self.rows or options.highlighted is None:
            return
        self.dismiss(self.rows[options.highlighted].id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#find-results", OptionList)
        if self.rows:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.rows) - 1, current + step))

    def action_close(self) -> None:
        self.dismiss(None)


def find_pupil(app) -> None:
    """The search key's action: ask, then open the chosen pupil's file over the current screen."""
    if getattr(app, "session", None) is None:
        return

    def chosen(pupil_id: int | None) -> None:
        if pupil_id is not None:
            open_pupil_file(app, pupil_id)

    app.push_screen(FindPupilScreen(), chosen)


class PupilCommands(Provider):
    """The command palette finds pupils too: by name, number, pinyin or initials; and logs care for them."""

    async def search(self, query: str) -> Hits:
        async for hit in care_hits(self, query):  # "家访 张三": the form, before the pupil search
            yield hit
        session = getattr(self.app, "session", None)
        if session is None or len(query.strip()) < 2:
            return
        rows = await asyncio.to_thread(_find, session.actor, query)
        for n, row in enumerate(rows):
            line = t("pupils.find.palette_hit", line=pupil_line(row))
            yield Hit(1.0 - n * 0.01, Text(line), partial(open_pupil_file, self.app, row.id), text=line,
                      help=t("pupils.find.palette_help"))


def _find(actor, query: str) -> list[PupilRow]:
    return call(pupil_list.find_pupils, actor, query, LIMIT)


# What a palette query may start with to log a record for the pupil named after it (longest first).
CARE_VERBS = (
    ("home_visit", ("home visit", "家访", "visit")),
    ("family_call", ("亲情电话", "family call", "电话", "call", "phone")),
    ("teacher_talk", ("谈心", "talk")),
)
SAVED = {"family_call": "care.saved.call", "teacher_talk": "care.saved.talk", "home_visit": "care.saved.visit"}


def care_verb(query: str) -> tuple[str, str] | None:
    """("home_visit", "zhang") for "home visit zhang" or "家访张三"; None when the query names no kind of record."""
    text = " ".join(query.lower().split())
    for kind, words in CARE_VERBS:
        for word in words:
            if text.startswith(word):
                rest = text[len(word):]
                if word.isascii() and rest[:1].isalnum():
                    continue  # "calling…" is not "call …"
                if rest.strip():
                    return kind, rest.strip()
    return None


def log_for(app, actor, kind: str, pupil_id: int, name: str, staff: list[tuple[str, int]]) -> None:
    """The form the teacher's week opens for this kind of record, for this pupil."""
    from schoolcare.ui.care.forms import CallDialog, TalkDialog, VisitDialog

    def done(result) -> None:
        if result:
            app.notify(t(SAVED[kind], name=name))
            refresh = getattr(app.screen, "reload", None)
            if callable(refresh):
                refresh()

    if kind == "home_visit":
        form = VisitDialog(actor, pupil_id, name, staff=staff)
    else:
        form = (CallDialog if kind == "family_call" else TalkDialog)(actor, pupil_id, name)
    app.push_screen(form, done)


async def care_hits(provider: Provider, query: str) -> Hits:
    """The palette logs a call, talk or visit: "家访 张三", "电话 zs", "home visit zhang" (PupilCommands asks)."""
    session = getattr(provider.app, "session", None)
    found = care_verb(query)
    if session is None or found is None or not session.actor.can(Permission.LOG_CARE):
        return
    kind, who = found
    rows, staff = await asyncio.to_thread(_find_for_care, session.actor, who, kind == "home_visit")
    what = t(f"care.kind.{kind}")
    for n, row in enumerate(rows):
        line = t("care.palette.log_hit", kind=what, line=pupil_line(row))
        yield Hit(1.0 - n * 0.01, Text(line), partial(log_for, provider.app, session.actor, kind, row.id, row.name, staff),
                  text=line, help=t("care.palette.log_help", kind=what))


def _find_for_care(actor, text: str, with_staff: bool) -> tuple[list[PupilRow], list[tuple[str, int]]]:
    rows = [r for r in call(pupil_list.find_pupils, actor, text, LIMIT) if r.status == "enrolled"]
    staff = [(s.name, s.id) for s in call(school.list_staff, actor) if s.active] if with_staff and rows else []
    return rows, staff
