"""Logging out a session nobody is using: on a shared PC or a browser left open, pupils' files must not stay
on screen for whoever sits down next (school.yaml sessions.idle_logout_minutes)."""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App

CHECK_SECONDS = 15.0  # how often the clock is looked at; the logout comes at most this much late


class IdleWatch:
    """Counts time since the last key or mouse press; calls `on_idle` once when it passes `minutes`."""

    def __init__(self, app: App, minutes: int, on_idle: Callable[[], Awaitable[None]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.minutes, self.on_idle, self.clock = app, minutes, on_idle, clock
        self.last = clock()

    def start(self) -> None:
        if self.minutes > 0:
            self.app.set_interval(CHECK_SECONDS, self.check, name="idle-logout")

    def saw(self, event: events.Event) -> None:
        """Called for every event the app receives; a person's key or click counts as activity."""
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp,
                              events.Paste)):
            self.last = self.clock()

    @property
    def idle_for(self) -> float:
        return self.clock() - self.last

    async def check(self) -> None:
        if self.minutes > 0 and self.idle_for >= self.minutes * 60:
            self.last = self.clock()  # once per idle spell
            await self.on_idle()
