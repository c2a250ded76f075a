"""Driving the app in UI tests: wait for workers, type into fields, read what is on screen."""
from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input

MISSING_KEY = "⟨"  # how t() shows a key absent from the catalog


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and the messages they post be handled (a result may start another worker)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def settle_until(pilot: Pilot, ready: Callable[[], bool], rounds: int = 40) -> None:
    """Settle until ready() holds (or the rounds run out, and the test's own assert says what is wrong):
    a chain of workers, each started by the last one's answer, may need more rounds than settle() gives
    on a loaded machine."""
    for _ in range(rounds):
        if ready():
            return
        await settle(pilot, rounds=1)


async def press_settled(pilot: Pilot, *keys: str) -> None:
    """Press each key as a person finding their way would: the screen it opens has loaded before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def fill(pilot: Pilot, **values: str) -> None:
    """Set inputs by id on the active screen, as if typed."""
    for input_id, value in values.items():
        field = pilot.app.screen.query_one(f"#{input_id}", Input)
        field.focus()
        field.value = value
    await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """Everything the terminal shows now, as text (from the SVG screenshot, whose text keeps its characters)."""
    svg = pilot.app.export_screenshot()
    return svg.replace("&#160;", " ")
