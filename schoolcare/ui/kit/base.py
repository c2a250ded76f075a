"""What every area screen shares: header, footer, translated bindings, data loading and error display."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from schoolcare.domain.roles import Actor
from schoolcare.i18n import t
from schoolcare.services.errors import AuthError
from schoolcare.ui.bindings import translate_bindings
from schoolcare.ui.kit.header import AreaStrip, SchoolHeader
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.worker import ServiceFailed, explain


@dataclass(frozen=True)
class PaletteCommand:
    """A command an area offers in the command palette while it is on screen."""

    title: str  # in the active language
    help: str
    run: Callable[[], object]


class AreaScreen(ServiceCalls, Screen[None]):
    """Base of the area screens (one per mode).

    An area declares its keys in BINDINGS (descriptions marked with N_), its
    palette commands in palette_commands(), builds its body in compose_body()
    and (re)loads its data in reload(), which runs whenever the screen is shown.
    """

    TITLE_KEY: ClassVar[str] = "app.title"  # i18n key of the area's name in the header

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self._actor: Actor | None = None

    def compose(self) -> ComposeResult:
        from schoolcare.ui.shell.areas import AREAS

        current = self.app.current_mode
        yield SchoolHeader(t(self.TITLE_KEY))
        yield AreaStrip([(a.key, t(a.title), a.mode == current) for a in AREAS if a.open_to(self.actor)])
        with Vertical(id="area-body"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def reload(self) -> None:
        """Start the worker(s) that fetch what the screen shows."""

    def palette_commands(self) -> Iterable[PaletteCommand]:
        return ()

    def on_screen_resume(self) -> None:
        session = self.school_app.session
        if session is not None and session.actor == self.actor:
            self.reload()

    @on(ServiceFailed)
    def _service_failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))
        if isinstance(message.error, AuthError):
            # The account was deactivated or its role changed since login (services.access.check_actor):
            # its session ends here, not at its next login.
            self.app.call_later(self.school_app.action_log_out)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        # Workers run with exit_on_error=False: an unexpected error must still be seen.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.notify(explain(event.worker.error), severity="error", title=t("error.title"))
