"""The schoolcare Textual app: make_app() is the one factory the CLI and every test use."""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input

from schoolcare.domain.errors import Refusal
from schoolcare.domain.records import DatabaseInfo
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import LANGUAGES, language, set_language, t
from schoolcare.ui.accounts.login import GateScreen, LoginScreen, SetupScreen
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit.typeahead import KeySequencer
from schoolcare.ui.shell.areas import AREAS, area
from schoolcare.ui.shell.idle import IdleWatch
from schoolcare.ui.shell.stylesheet import KeptStylesheet
from schoolcare.ui.worker import call, explain

if TYPE_CHECKING:  # the session's services are imported once someone logs in, not before the login screen
    from schoolcare.ui.session import Session

ScreenT = TypeVar("ScreenT", bound=Screen)
GATE = "gate"  # the mode of the login and set-up screens
START = "start"  # the first form's own mode, when the CLI's glance has said which (no gate screen under it)
NARROW = 100  # columns: below this the footer leaves out the app-wide keys (help, F1, lists them all)
NARROW_HIDDEN = frozenset({"app.quit", "app.help", "app.find_pupil", "app.log_out"})
DemoAccount = tuple[str, str, str]  # (role, login, password)


def _app_commands():
    """The palette's own commands (areas, help, language …), imported when the palette first opens."""
    from schoolcare.ui.palette import SchoolcareCommands

    return SchoolcareCommands


def _pupil_commands():
    """The palette's pupil search, imported when the palette first opens (not before the login screen)."""
    from schoolcare.ui.registry.find_pupil import PupilCommands

    return PupilCommands


class SchoolcareApp(App[None]):
    """Areas are Textual modes (keys 1–7 and the palette); before login the app sits in the gate mode."""

    CSS_PATH = "app.tcss"
    COMMANDS = {_app_commands, _pupil_commands}
    DEFAULT_MODE = GATE
    # Screens get -short below 30 rows and -narrow below 100 columns (80×24): app.tcss tightens them there.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # -narrow: 80 columns
    MODES = {GATE: GateScreen, **{a.mode: a.screen for a in AREAS}}
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("nav.quit"), show=False, priority=True, id="app.quit"),  # in help (F1)
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+p", "command_palette", N_("nav.palette"), show=False, priority=True, id="app.palette"),
        Binding("f1,question_mark", "help", N_("nav.help"), id="app.help"),
        Binding("f2", "switch_language", N_("nav.language"), show=False, id="app.language"),
        Binding("ctrl+f", "find_pupil", N_("pupils.key.find"), priority=True, id="app.find_pupil"),
        Binding("escape", "leave_field", show=False, id="app.leave_field"),
        Binding("ctrl+l", "log_out", N_("nav.log_out"), id="app.log_out"),
        *(Binding(a.key, f"area('{a.mode}')", a.title, show=False, id=f"area.{a.mode}") for a in AREAS),
    ]

    class _Started(Message):
        def __init__(self, session: Session | None, empty: bool, error: BaseException | None = None) -> None:
            super().__init__()
            self.session = session
            self.empty = empty
            self.error = error

    def __init__(self, settings: Settings, database: DatabaseInfo, user: Actor | None = None, *,
                 lang: str | None = None, demo_accounts: tuple[DemoAccount, ...] = (), empty: bool | None = None,
                 open_database: Callable[[], object] | None = None, recalled: bool = False) -> None:
        self.settings = settings
        self.database = database
        self._empty = empty  # known before the app starts (the CLI glanced at the database), else asked below
        self._open_database = open_database  # the CLI only glanced at it: opened before the first service call
        # `empty` is what the last start learnt of this server (commands/app.py): checked when the database opens
        # (the first login), and the set-up form comes up if it holds no school any more.
        self._recalled = recalled
        self._opening = threading.Lock()
        self.demo_accounts = tuple(demo_accounts)
        self.session: Session | None = None
        self._initial_user = user
        set_language(lang or settings.language)
        if user is None and empty is not None:
            # The first form is the start mode's own screen: no gate under it, laid out and painted unseen.
            self.MODES = {**self.MODES, START: self._first_form}
            self.DEFAULT_MODE = START
        super().__init__()
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        self._keys = KeySequencer(self, super().on_event)
        self.idle = IdleWatch(self, settings.sessions.idle_logout_minutes, self._idle_log_out)
        self._keys.pause()  # keys typed while starting wait for the login (or set-up) field
        # Whether it is known yet if the login or the set-up form comes first (see keys_ready): from the CLI's
        # glance at the database, else once the start worker has asked it.
        self._answered = user is None and empty is not None
        self._form_ready = False
        self.when_started: list[Callable[[], object]] = []  # run once the first form takes keys (see keys_ready)
        self._narrow = False
        translate_bindings(self)
        self.title = t("app.title")

    def get_driver_class(self):
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.web_driver":  # a browser session (schoolcare serve)
            from schoolcare.ui.web_driver import WholeWritesWebDriver

            return WholeWritesWebDriver
        return driver

    async def on_event(self, event: events.Event) -> None:
        self.idle.saw(event)
        # Keys from the terminal (not those bubbling back up) go one at a time: see ui/kit/typeahead.py.
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._keys.key(event)
        else:
            await super().on_event(event)

    # -- starting ---------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.idle.start()
        if self.current_mode == START:
            return
        if self._initial_user is None:
            # The login shows at once, while the worker asks the database whether it holds a school yet; keys
            # typed meanwhile wait for that answer (an empty database gets the set-up form over the login).
            self.push_screen(self.fitted(LoginScreen()))
        self._start(self._initial_user)

    def _first_form(self) -> Screen:
        return self.fitted(SetupScreen() if self._empty else LoginScreen())

    @property
    def waits_at_gate(self) -> bool:
        """Whether the gate may be seen: the app starts on it until the database has answered."""
        return not self._answered

    def fitted(self, screen: ScreenT) -> ScreenT:
        """`screen` with the breakpoint classes (-wide, -tall …) of the app's size before it mounts: it is styled
        once, not again over every widget when its first resize adds them."""
        width, height = self.size
        classes = {name: False for _, name in self.HORIZONTAL_BREAKPOINTS + self.VERTICAL_BREAKPOINTS}
        for name in screen._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS):
            classes[name] = True
        for name in screen._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS):
            classes[name] = True
        screen.update_classes(classes, update=False)
        return screen

    @work(thread=True, exclusive=True, exit_on_error=False, group="start")
    def _start(self, user: Actor | None) -> None:
        try:
            self.open_pending_database()
            if user is not None:
                from schoolcare.ui.session import open_session

                self.post_message(self._Started(call(open_session, user), False))
            else:
                from schoolcare.services.accounts import auth

                self.post_message(self._Started(None, call(auth.is_empty)))
        except Exception as error:
            self.post_message(self._Started(None, False, error))

    @on(_Started)
    def _started(self, message: _Started) -> None:
        self._answered = True
        if message.error is not None:
            self.notify(explain(message.error), severity="error", title=t("error.title"), timeout=30)
        if message.session is not None:
            self.start_session(message.session)
        elif message.empty:
            self._set_up_instead()
        elif self._form_ready:  # the login already has focus (else it resumes the keys once it has)
            self._keys.resume()

    def keys_ready(self) -> None:
        """The first screen has focus where the user types: hand on the keys typed while starting, once the
        database has said whether they are meant for the login or the set-up form."""
        self._form_ready = True
        if self._answered:
            self._keys.resume()
            self.stylesheet.keep()  # what the first screen's CSS parsed, for the next start
            while self.when_started:
                self.when_started.pop(0)()

    @property
    def database_pending(self) -> bool:
        """Whether the database is still to be opened (see open_pending_database)."""
        return self._open_database is not None

    def open_pending_database(self) -> None:
        """In a worker, before the first service call: open the database the CLI only glanced at before the
        login screen (peewee, the models, the schema check load now). Raises why it cannot be opened."""
        with self._opening:
            if self._open_database is not None:
                self._open_database()
                self._open_database = None
                if self._recalled:  # the login showed on what the last start learnt: is it still so?
                    self._recalled = False
                    from schoolcare.services.accounts import auth

                    if call(auth.is_empty):
                        self.call_from_thread(self._set_up_instead)
                        raise Refusal("no_school_yet")

    def _set_up_instead(self) -> None:
        self._form_ready = False  # the keys are for the set-up form, which says when it has focus
        self.push_screen(self.fitted(SetupScreen()))

    @property
    def typing_ready(self) -> bool:
        """Whether keys typed now go to a field (not held while the app starts)."""
        return self._answered and self._form_ready

    def start_session(self, session: Session) -> None:
        """After login or set-up: the user's home."""
        self.call_after_refresh(self.keys_ready)
        self.session = session
        starting = self.current_mode == START
        if self.current_mode == GATE:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        self.switch_mode(next(a.mode for a in AREAS if a.open_to(session.actor)))  # a county account: its home
        if starting:
            self.remove_mode(START)  # the first form goes with what was typed into it; log out opens the gate
        self.refresh_bindings()

    async def _idle_log_out(self) -> None:
        if self.is_web:
            # A browser tab left open holds one of the server's sessions (a process, ~60 MiB) even at the login:
            # idle, it ends, and reloading the page starts afresh (the server's cap counts the sessions open).
            self.exit()
            return
        if self.session is not None:
            await self.action_log_out()
            self.notify(t("session.idle_logged_out", minutes=self.idle.minutes), timeout=3600)

    async def action_log_out(self) -> None:
        if self.session is None:
            return
        self.session = None
        await self.switch_mode(GATE)
        await self._rebuild_areas()
        await self.push_screen(self.fitted(LoginScreen()))

    async def _rebuild_areas(self) -> None:
        """Drop every area's screens, so the next user (or language) starts afresh."""
        for candidate in AREAS:
            if candidate.mode != self.current_mode:  # never opened: removing is a no-op
                await self.remove_mode(candidate.mode)
                self.add_mode(candidate.mode, candidate.screen)

    # -- navigation -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "area":
            if isinstance(self.screen, ModalScreen):
                return False
            return area(str(parameters[0])).open_to(self.session.actor if self.session else None)
        if action == "log_out":
            return self.session is not None
        if action == "leave_field":  # only from a text box on an area screen; dialogs bind Escape themselves
            return isinstance(self.focused, Input) and not isinstance(self.screen, ModalScreen)
        if action == "find_pupil":
            finder = sys.modules.get("schoolcare.ui.registry.find_pupil")  # imported on first use
            return (self.session is not None and not self.session.actor.is_county  # a county account: no pupils
                    and not (finder and isinstance(self.screen, finder.FindPupilScreen)))
        return True

    async def action_area(self, mode: str) -> None:
        target = area(mode)
        if not target.open_to(self.session.actor if self.session else None):
            self.notify(t("shell.not_allowed", area=t(target.title)), severity="warning")
            return
        await self.switch_mode(mode)
        # An area's key shows the area itself, never a file or list left open in it earlier (or opened
        # there by Ctrl+F from elsewhere): the same key means the same screen every time.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()

    def action_leave_field(self) -> None:
        """Escape in a search box: back to the screen's list, so the next keys are keys again, not text."""
        tables = [table for table in self.screen.query(DataTable) if table.region.area]
        if tables:
            tables[0].focus()
        else:
            self.screen.set_focus(None)

    def action_find_pupil(self) -> None:
        from schoolcare.ui.registry.find_pupil import find_pupil

        find_pupil(self)

    def action_help(self) -> None:
        from schoolcare.ui.shell.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_help_quit(self) -> None:
        self.notify(t("shell.quit_hint"))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            from schoolcare.ui.palette import SchoolcarePalette

            self.push_screen(SchoolcarePalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    async def action_switch_language(self) -> None:
        others = [lang for lang in LANGUAGES if lang != language()]
        await self.use_language(others[0])

    def _translate_own_bindings(self) -> None:
        translate_bindings(self, NARROW_HIDDEN if self._narrow else frozenset())

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._translate_own_bindings()
            self.refresh_bindings()

    async def use_language(self, lang: str) -> None:
        """Show every screen in `lang`: the areas are rebuilt, the gate's forms recomposed."""
        set_language(lang)
        self._translate_own_bindings()
        self.title = t("app.title")
        if self.session is None:
            for screen in self.screen_stack:
                translate_bindings(screen)
                await screen.recompose()
                if isinstance(screen, (LoginScreen, SetupScreen)):
                    screen.prepare()
        else:
            current = self.current_mode
            await self.switch_mode(GATE)
            await self._rebuild_areas()
            await self.switch_mode(current)
        self.refresh_bindings()
        self.notify(t("shell.language_now"))


def make_app(settings: Settings, database: DatabaseInfo, user: Actor | None = None, *, lang: str | None = None,
             demo_accounts: tuple[DemoAccount, ...] = (), empty: bool | None = None,
             open_database: Callable[[], object] | None = None, recalled: bool = False) -> SchoolcareApp:
    """The app on an open database: set-up if it is empty, else login (or straight home as `user`). The CLI may
    instead pass what a glance at the database said (`empty`) and `open_database`, run before the first service;
    `recalled`: that answer is the last start's, checked with the server when the first login opens it."""
    return SchoolcareApp(settings, database, user, lang=lang, demo_accounts=demo_accounts, empty=empty,
                         open_database=open_database, recalled=recalled)
