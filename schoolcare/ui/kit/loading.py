"""Textual's loading indicator where an area's figures or rows are still on their way, instead of a "loading…" text.

`Pending` is a Static that starts empty and, if its content has not arrived within DELAY seconds, shows the
loading indicator in its place; `update()` (the content) takes the indicator away, `wait()` (a new load, e.g. a
term chosen) starts over. Loads quicker than DELAY show no indicator at all, so nothing flickers.
"""
from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Static

from schoolcare.ui.kit.wrap import WrappedText

DELAY = 0.2  # seconds: a load quicker than this shows no indicator


class PendingContent:
    """Mixed into a Static (first in the bases): the loading indicator until update() brings the content."""

    _timer: Timer | None = None
    _waiting = True

    def on_mount(self) -> None:
        if self._waiting:
            self._start_timer()

    def wait(self) -> None:
        """The content is being fetched (again): the indicator shows if it takes longer than DELAY."""
        self._waiting = True
        if self.is_mounted:  # type: ignore[attr-defined]  # else on_mount starts the clock
            self._start_timer()

    def _start_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DELAY, self._show_indicator)  # type: ignore[attr-defined]

    def _show_indicator(self) -> None:
        self._timer = None
        if self._waiting:
            self.loading = True  # type: ignore[attr-defined]  # Textual's LoadingIndicator over this widget

    def update(self, content="", **options) -> None:
        self._waiting = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.loading:  # type: ignore[attr-defined]
            self.loading = False  # type: ignore[attr-defined]
        super().update(content, **options)  # type: ignore[misc]


class Pending(PendingContent, Static):
    """A line (a heading, a count) that shows the loading indicator until its text arrives."""

    DEFAULT_CSS = "Pending { min-height: 1; }"

    def __init__(self, text: str = "", *, waiting: bool = True, id: str | None = None, classes: str | None = None,
                 markup: bool = False) -> None:
        super().__init__(text, id=id, classes=classes, markup=markup)
        self._waiting = waiting  # False: `text` is the content until wait() is called


class PendingWrapped(PendingContent, WrappedText):
    """A panel's wrapped text (ui/kit/wrap.py) that shows the loading indicator until it arrives."""

    DEFAULT_CSS = "PendingWrapped { min-height: 1; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
