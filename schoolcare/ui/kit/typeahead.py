"""Typed-ahead keys land where they were typed: the app hands a key on only once the one before has settled.

Textual forwards each key to the widget focused *when the app reads it*, but a
key that moves focus (Tab as a binding, Enter as Input.Submitted and the
form's focus_next) takes effect only after it has bubbled from the focused
widget back up to the app. Keys read in between (a fast typist, a password
manager, a busy server) went to the old field, so `coord⇥demo1234⏎` put the
password into the login field in clear text. The app therefore holds keys
while one is in flight and releases the next once the previous key, and the
messages its handlers posted on the way, have been through every node from
the focused widget up to the app: a callback chased up that chain runs after
everything queued ahead of it on each node. Two passes cover a key and what
its handlers post (Enter → Submitted → focus_next); a new screen the key
opened gets one more stop, so its auto-focus is in place before the next key.
Work in threads (a login check) is not waited for. While the app starts (no login field yet) keys are
held by pause() and handed on by resume() once the first form has focus. A chain that never
completes (a node closed under it) is given up after `STUCK_AFTER` seconds.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump

PASSES = 2
ALWAYS = ("ctrl+q",)  # quitting is never held back, even while the app starts
STUCK_AFTER = 1.0  # seconds; far above a key's usual settling time (well under a millisecond)


class KeySequencer:
    """Holds the app's raw key events while one is in flight; `dispatch` is Textual's own key handling."""

    def __init__(self, app: App[object], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._dispatch = dispatch
        self._held: deque[events.Key] = deque()
        self._busy = 0  # the generation of the key in flight, 0 when none
        self._generation = 0
        self._since = 0.0
        self._watchdog = False
        self._paused = False

    def pause(self) -> None:
        """Hold every key from now on (the app is starting: no field to type into yet)."""
        self._paused = True

    def resume(self) -> None:
        """Hand held keys on again, in order, to whatever has focus now."""
        if self._paused:
            self._paused = False
            self._app.call_later(self._release, self._busy)

    @property
    def holding(self) -> int:
        return len(self._held)

    async def key(self, event: events.Key) -> None:
        if self._paused and event.key in ALWAYS:
            await self._dispatch(event)
            return
        if self._paused and event.key == "ctrl+j":
            # Typed before the terminal was switched to raw mode, Enter arrives as a newline (ICRNL).
            event = events.Key("enter", "\r")
        if self._busy or self._held or self._paused:
            self._held.append(event)
            if not self._paused:
                self._watch()
            return
        await self._run(event)

    async def _run(self, event: events.Key) -> None:
        self._generation += 1
        generation = self._busy = self._generation
        self._since = monotonic()
        app = self._app
        start: DOMNode = app.focused or app.screen
        screen = app.screen
        await self._dispatch(event)
        self._chase(start, start, screen, PASSES, generation)

    def _chase(self, node: DOMNode, start: DOMNode, screen: DOMNode, passes: int, generation: int) -> None:
        if not (isinstance(node, MessagePump) and node.call_later(self._step, node, start, screen, passes,
                                                                  generation)):
            self._app.call_later(self._release, generation)

    def _step(self, node: DOMNode, start: DOMNode, screen: DOMNode, passes: int, generation: int) -> None:
        if generation != self._busy:
            return
        parent = node.parent
        if parent is not None:
            self._chase(parent, start, screen, passes, generation)
        elif passes > 1:
            self._chase(start, start, screen, passes - 1, generation)
        elif self._app.screen is not screen:
            # The key opened (or closed) a screen: let it mount and focus its first field first.
            new = self._app.screen
            if not new.call_later(self._app.call_later, self._release, generation):
                self._app.call_later(self._release, generation)
        else:
            self._app.call_later(self._release, generation)

    async def _release(self, generation: int) -> None:
        if generation != self._busy:
            return
        self._busy = 0
        if self._held and not self._paused:
            await self._run(self._held.popleft())

    def _watch(self) -> None:
        if not self._watchdog:
            self._watchdog = True
            self._app.set_timer(STUCK_AFTER, self._unstick)

    async def _unstick(self) -> None:
        self._watchdog = False
        if self._paused:
            return
        if self._busy and monotonic() - self._since >= STUCK_AFTER:
            await self._release(self._busy)
        if self._held:
            self._watch()
