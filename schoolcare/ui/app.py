"""The schoolcare Textual app: make_app() is the one factory the CLI and every test use."""
from __future__ import annotations

import sys

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen

from schoolcare.domain.records import DatabaseInfo
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import LANGUAGES, language, set_language, t
from schoolcare.services.accounts import auth
from schoolcare.ui.accounts.login import GateScreen, LoginScreen, SetupScreen
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.palette import SchoolcareCommands
from schoolcare.ui.session import Session, open_session
from schoolcare.ui.shell.areas import AREAS, area
from schoolcare.ui.worker import call, explain

GATE = "gate"  # the mode of the login and set-up screens
DemoAccount = tuple[str, str, str]  # (role, login, password)


def _pupil_commands():
    """The palette's pupil search, imported when the palette first opens (not before the login screen)."""
    from schoolcare.ui.registry.find_pupil import PupilCommands

    return PupilCommands


class SchoolcareApp(App[None]):
    """Areas are Textual modes (keys 1–7 and the palette); before login the app sits in the gate mode."""

    CSS_PATH = "app.tcss"
    COMMANDS = {SchoolcareCommands, _pupil_commands}
    DEFAULT_MODE = GATE
    MODES = {GATE: GateScreen, **{a.mode: a.screen for a in AREAS}}
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("nav.quit"), priority=True, id="app.quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+p", "command_palette", N_("nav.palette"), show=False, priority=True, id="app.palette"),
        Binding("f1,question_mark", "help", N_("nav.help"), id="app.help"),
        Binding("f2", "switch_language", N_("nav.language"), show=False, id="app.language"),
        Binding("ctrl+f", "find_pupil", N_("pupils.key.find"), priority=True, id="app.find_pupil"),
        *(Binding(a.key, f"area('{a.mode}')", a.title, show=False, id=f"area.{a.mode}") for a in AREAS),
    ]

    class _Started(Message):
        def __init__(self, session: Session | None, empty: bool, error: BaseException | None = None) -> None:
            super().__init__()
            self.session = session
            self.empty = empty
            self.error = error

    def __init__(self, settings: Settings, database: DatabaseInfo, user: Actor | None = None, *,
                 lang: str | None = None, demo_accounts: tuple[DemoAccount, ...] = ()) -> None:
        self.settings = settings
        self.database = database
        self.demo_accounts = tuple(demo_accounts)
        self.session: Session | None = None
        self._initial_user = user
        set_language(lang or settings.language)
        super().__init__()
        translate_bindings(self)
        self.title = t("app.title")

    # -- starting ---------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._start(self._initial_user)

    @work(thread=True, exclusive=True, exit_on_error=False, group="start")
    def _start(self, user: Actor | None) -> None:
        try:
            if user is not None:
                self.post_message(self._Started(call(open_session, user), False))
            else:
                self.post_message(self._Started(None, call(auth.is_empty)))
        except Exception as error:
            self.post_message(self._Started(None, False, error))

    @on(_Started)
    def _started(self, message: _Started) -> None:
        if message.error is not None:
            self.notify(explain(message.error), severity="error", title=t("error.title"), timeout=30)
        if message.session is not None:
            self.start_session(message.session)
        elif message.empty:
            self.push_screen(SetupScreen())
        else:
            self.push_screen(LoginScreen())

    def start_session(self, session: Session) -> None:
        """After login or set-up: the user's home."""
        self.session = session
        if self.current_mode == GATE:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        self.switch_mode("home")
        self.refresh_bindings()

    async def action_log_out(self) -> None:
        if self.session is None:
            return
        self.session = None
        await self.switch_mode(GATE)
        await self._rebuild_areas()
        await self.push_screen(LoginScreen())

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
        if action == "find_pupil":
            finder = sys.modules.get("schoolcare.ui.registry.find_pupil")  # imported on first use
            return self.session is not None and not (finder and isinstance(self.screen, finder.FindPupilScreen))
        return True

    async def action_area(self, mode: str) -> None:
        target = area(mode)
        if not target.open_to(self.session.actor if self.session else None):
            self.notify(t("shell.not_allowed", area=t(target.title)), severity="warning")
            return
        await self.switch_mode(mode)

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
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    async def action_switch_language(self) -> None:
        others = [lang for lang in LANGUAGES if lang != language()]
        await self.use_language(others[0])

    async def use_language(self, lang: str) -> None:
        """Show every screen in `lang`: the areas are rebuilt, the gate's forms recomposed."""
        set_language(lang)
        translate_bindings(self)
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
             demo_accounts: tuple[DemoAccount, ...] = ()) -> SchoolcareApp:
    """The app on an open database: set-up if it is empty, else login (or straight home as `user`)."""
    return SchoolcareApp(settings, database, user, lang=lang, demo_accounts=demo_accounts)
