"""A panel of named figures (counts) where figures that need attention stand out."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Label


@dataclass(frozen=True)
class Figure:
    text: str  # already in the active language
    value: int | str
    problem: bool = False  # e.g. unassigned left-behind pupils, overdue hazards


class Figures(Grid):
    """Label / value pairs in two columns; call show() when the figures arrive."""

    def __init__(self, figures: Iterable[Figure] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, classes="figures")
        self._figures = tuple(figures)

    def compose(self) -> ComposeResult:
        for figure in self._figures:
            classes = "figure-value problem" if figure.problem else "figure-value"
            yield Label(figure.text, markup=False, classes="figure-text problem" if figure.problem else "figure-text")
            yield Label(str(figure.value), markup=False, classes=classes)

    async def show(self, figures: Iterable[Figure]) -> None:
        self._figures = tuple(figures)
        await self.recompose()
