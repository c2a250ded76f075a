"""What every area screen shares: header, footer, translated bindings, data loading and error display."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from schoolcare.domain.roles import Actor
from schoolcare.i18n import t
from schoolcare.services import changes
from schoolcare.services.errors import AuthError
from schoolcare.ui.bindings import translate_bindings
from schoolcare.ui.kit.header import AreaStrip, SchoolHeader
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.worker import ServiceFailed, explain

REFRESH_AFTER = 300.0  # seconds: an area shown again after this long loads again even if nothing was written


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
    and (re)loads its data in reload(), which runs when the screen is first shown and, when it is shown again,
    only if something was written since (or it is older than REFRESH_AFTER).
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
        if session is None or session.actor != self.actor:
            return
        first = self._seen_change is None
        self.run_service(changes.latest_change, self.actor, then=self._ChangeSeen, group="area-changes")
        if first:
            self.reload()  # the first showing loads at once (the counter it answers with is kept for returns)

    _seen_change: int | None = None
    _loaded_at = 0.0

    class _ChangeSeen(Message):
        def __init__(self, change: int) -> None:
            super().__init__()
            self.change = change

    @on(_ChangeSeen)
    def _reload_if_changed(self, message: _ChangeSeen) -> None:
        # Back in an area already open: what it showed is on screen at once; it is loaded again only if something
        # was written since (by anyone: every change is audited) or it is older than REFRESH_AFTER, so a return
        # costs a paint and one small query, not every list of the area again.
        first = self._seen_change is None
        stale = time.monotonic() - self._loaded_at > REFRESH_AFTER
        if message.change != self._seen_change or stale:
            self._seen_change = message.change
            self._loaded_at = time.monotonic()
            if not first and self.is_current and self.school_app.session is not None:
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
