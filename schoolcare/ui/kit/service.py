"""How a screen, dialog or view reaches the app and calls a service: the typed app, the session, the settings,
and `run_service(fn, *args, then=Loaded)` — the one worker skeleton (a thread, its own connection, the result
or the refusal posted back as a message)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message
from textual.worker import Worker, get_current_worker

from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.ui.worker import ServiceFailed, call

if TYPE_CHECKING:
    from schoolcare.ui.app import SchoolcareApp
    from schoolcare.ui.session import Session

T = TypeVar("T")


class ServiceCalls:
    """Mixed into the app's screens and widgets (Textual DOM nodes)."""

    @property
    def school_app(self) -> SchoolcareApp:
        return cast("SchoolcareApp", self.app)  # mixed into DOM nodes: their app, typed

    @property
    def session(self) -> Session:
        session = self.school_app.session
        assert session is not None, "a screen of an area is only shown after login"
        return session

    @property
    def settings(self) -> Settings:
        return getattr(self, "_settings", None) or self.school_app.settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    @property
    def actor(self) -> Actor:
        """The user this node was opened for, kept: a late result after logging out still renders for them."""
        actor = getattr(self, "_actor", None)
        if actor is None:
            actor = self._actor = self.session.actor
        return actor

    @actor.setter
    def actor(self, value: Actor) -> None:
        self._actor = value

    def run_service(self, service: Callable[..., T], /, *args: Any, then: Callable[[T], Message] | None = None,
                    failed: Callable[[BaseException], Message] = ServiceFailed, group: str = "service",
                    exclusive: bool = True, **kwargs: Any) -> Worker[None]:
        """Call `service(*args, **kwargs)` in a thread with its own connection; post `then(result)` to this node
        when it returns, `failed(error)` when it raises. An exclusive call cancels the group's older one, whose
        late result is then dropped, so a screen shows only its newest load."""
        node = cast(Any, self)

        def job() -> None:
            worker = get_current_worker()
            try:
                result = call(service, *args, **kwargs)
            except Exception as error:  # a refusal or a fault: shown in the user's words, never a traceback
                if not worker.is_cancelled:
                    node.post_message(failed(error))
                return
            if then is not None and not worker.is_cancelled:
                node.post_message(then(result))

        return node.run_worker(job, thread=True, exclusive=exclusive, group=group, exit_on_error=False)
