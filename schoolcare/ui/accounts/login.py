"""Getting in: the gate screen, the first-run set-up of a new school, and the login screen."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from schoolcare.i18n import t
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import FormField, SchoolHeader, Table, clear_errors, fill_table, show_error
from schoolcare.ui.kit.footer import Footer
from schoolcare.ui.kit.form import field_of, point_at_errors, recount_errors
from schoolcare.ui.kit.service import ServiceCalls

if TYPE_CHECKING:  # the session's services load at login, not before the login screen is shown
    from schoolcare.ui.session import Session


class GateScreen(Screen[None]):
    """The base of the "gate" mode, under the login and set-up screens (seen only while starting).

    It holds the loading indicator alone (shown if the database is slow to answer), and only while the app
    waits for the database's answer; no header or footer. The CLI's start, which glanced at the database,
    never shows it: its first form is the base of a mode of its own (SchoolcareApp START).
    """

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        if self.app.waits_at_gate:  # else the first form covers it at once: nothing of it is seen
            from schoolcare.ui.kit.loading import Pending

            yield Pending(id="gate-message")

    def on_screen_suspend(self) -> None:
        for waiting in self.query("#gate-message"):
            waiting.update("")  # covered by the login screen: no indicator left running


class SessionOpened(Message):
    """Login or set-up succeeded; the app takes it from here."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class _Failed(Message):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


def log_in(login: str, password: str) -> Session:
    from schoolcare.services.accounts import auth
    from schoolcare.ui.session import open_session

    return open_session(auth.authenticate(login, password))


def set_up(school: str, name: str, login: str, password: str) -> Session:
    from schoolcare.services.accounts import auth
    from schoolcare.ui.session import open_session

    return open_session(auth.create_school(school, name, login, password))


class _Form(ServiceCalls, Screen[None]):
    """A centred form whose last field submits; errors land on their field, typed text stays."""

    BINDINGS = [
        Binding("f2", "app.switch_language", N_("nav.language"), id="form.language"),
        Binding("ctrl+s", "submit", N_("keyboard.key.save"), show=False, priority=True, id="form.submit"),
        # Enter typed before the app had the terminal arrives as Ctrl+J (the tty had turned it into a newline):
        # a login typed the moment the app was started still goes through.
        Binding("ctrl+j", "typed_enter", show=False, id="form.typed_enter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        self._advance(event.input)

    def _advance(self, field: Input) -> None:
        """Enter in a field: on to the next one, or submit from the last."""
        if field is list(self.query(Input))[-1]:
            self.submit()
        else:
            self.focus_next()

    def action_submit(self) -> None:
        self.submit()

    def action_typed_enter(self) -> None:
        if isinstance(self.focused, Input):
            self._advance(self.focused)

    @on(Button.Pressed, "#submit")
    def _pressed(self) -> None:
        self.submit()

    @on(Input.Changed)
    def _fixed(self, event: Input.Changed) -> None:
        field = field_of(event.input)
        if field is not None and field.invalid:  # the error goes as soon as the field is changed
            field.set_error("")
            recount_errors(self, self.general_error)

    def on_mount(self) -> None:
        self.prepare()
        self.call_after_refresh(self._focused)  # keys typed while the app started land here

    def _focused(self) -> None:
        if self.app.screen is self:  # not covered meanwhile (the set-up form over the first login)
            self.school_app.keys_ready()

    def prepare(self) -> None:
        """Fill and focus the freshly composed form (also after a language switch recomposes it)."""

    def submit(self) -> None:
        raise NotImplementedError

    def call_service(self, service: Callable[..., Session], *args: str, group: str) -> None:
        """Log in or set up in a worker; on the first one of a start, the database is opened first (the app
        showed this form after a mere glance at it)."""
        app = self.school_app
        if not app.database_pending:
            self.run_service(service, *args, then=SessionOpened, failed=_Failed, group=group)
            return

        def open_first() -> None:
            try:
                app.open_pending_database()
            except Exception as error:  # shown on the form like any refusal
                self.post_message(_Failed(error))
                return
            app.call_from_thread(self.call_service, service, *args, group=group)

        self.run_worker(open_first, thread=True, group=f"{group}-open", exit_on_error=False)

    def value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    @property
    def general_error(self) -> Static:
        return self.query_one("#form-error", Static)

    @on(_Failed)
    def _failed(self, message: _Failed) -> None:
        self.query_one("#submit", Button).disabled = False
        show_error(self, message.error, self.general_error)

    @on(SessionOpened)
    def _opened(self, message: SessionOpened) -> None:
        message.stop()
        self.school_app.start_session(message.session)


class LoginScreen(_Form):
    """Login and password; a wrong pair says so and keeps the login typed."""

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("login.title"))
        with Center(id="form-box"):
            with Vertical(classes="form", id="login-form"):
                yield Label(t("login.heading"), classes="form-title")
                yield FormField(t("field.login"), Input(id="login"), name="login")
                yield FormField(t("field.password"), Input(id="password", password=True), name="password")
                with Horizontal(classes="form-buttons"):
                    yield Button(t("login.submit"), variant="primary", id="submit")
                yield Static("", id="form-error", markup=False)
            if self.school_app.demo_accounts:
                with Vertical(classes="form", id="demo-accounts"):
                    yield Label(t("login.demo_accounts"), classes="form-title")
                    yield Table(id="demo-table", cursor_type="none", show_cursor=False)
        yield Footer()

    def prepare(self) -> None:
        demo = self.school_app.demo_accounts
        if demo:
            fill_table(self.query_one("#demo-table", DataTable),
                       [t("column.role"), t("column.login"), t("field.password")],
                       ((str(n), (t(f"role.{role}"), login, password)) for n, (role, login, password) in
                        enumerate(demo)))
        self.query_one("#login", Input).focus()

    def submit(self) -> None:
        clear_errors(self, self.general_error)
        login = self.value("login").strip()
        if not login:
            self.query_one("#field-login", FormField).set_error(t("error.required"))
            self.query_one("#login", Input).focus()
            return
        self.query_one("#submit", Button).disabled = True
        self.general_error.update(t("login.checking"))
        self.call_service(log_in, login, self.value("password"), group="login")

    @on(_Failed)
    def _wrong(self, message: _Failed) -> None:
        # Keep the login, clear the password: the usual way to try again.
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()


class SetupScreen(_Form):
    """First run on an empty database: the school and its first coordinator."""

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("setup.title"))
        with Center(id="form-box"):
            with Vertical(classes="form", id="setup-form"):
                yield Label(t("setup.heading"), classes="form-title")
                yield Static(t("setup.explain"), classes="hint", markup=False)
                yield FormField(t("field.school"), Input(id="school"), name="school")
                yield FormField(t("field.coordinator"), Input(id="name"), name="name")
                yield FormField(t("field.login"), Input(id="login", placeholder=t("admin.login_hint")),
                                name="login")
                yield FormField(t("field.password"), Input(id="password", password=True), name="password")
                yield FormField(t("field.password_again"), Input(id="again", password=True), name="again")
                with Horizontal(classes="form-buttons"):
                    yield Button(t("setup.submit"), variant="primary", id="submit")
                yield Static("", id="form-error", markup=False)
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#school", Input).focus()

    def problems(self) -> dict[str, str]:
        """Every field at fault, found before asking the service (which names only the first it meets)."""
        from schoolcare.services.accounts import auth  # with the first submit, not before the form shows

        found: dict[str, str] = {}
        for name in ("school", "name"):
            if not self.value(name).strip():
                found[name] = t("error.required")
        if not auth.LOGIN_RE.match(self.value("login").strip().lower()):
            found["login"] = t("error.login_format")
        if len(self.value("password")) < auth.MIN_PASSWORD:
            found["password"] = t("error.min_chars", n=auth.MIN_PASSWORD)
        if self.value("password") != self.value("again"):
            found["again"] = t("error.passwords_differ")
        return found

    def submit(self) -> None:
        clear_errors(self, self.general_error)
        problems = self.problems()
        if problems:
            for name, message in problems.items():
                self.query_one(f"#field-{name}", FormField).set_error(message)
            point_at_errors(self, self.general_error)
            return
        self.query_one("#submit", Button).disabled = True
        self.call_service(set_up, self.value("school"), self.value("name"), self.value("login"), self.value("password"),
                          group="setup")
