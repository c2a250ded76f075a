"""Returning to an area already opened: the coordinator of the 2,000-pupil school switches back to each area, timed
until its table's rows (or its figures) are painted; the target is 300 ms.

The app runs headless (run_test) in its own thread; every area is opened once first, so each timed switch is a
return. A run leaves for the gate mode's near-empty screen (what lies under the login screen: a switch of a few
milliseconds) and comes back to the area; no baseline. An area shown again loads again only if something was
written since (ui/kit/base.py), so a return is Textual restyling and painting the screen it kept.
"""
from __future__ import annotations

import asyncio
import threading

from bench.harness import Figure, when_module_done

GATE = "gate"  # schoolcare.ui.app.GATE, not imported before the app is

TARGET_MS = 300
AREAS = ("home", "pupils", "care_log", "activities", "centre", "reports", "admin", "protection")


class HeadlessAreas:
    """The app headless in its own thread; `back_to(mode)` times nothing itself: the harness times the call."""

    def __init__(self, ds) -> None:
        self.ds = ds
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._main(),), daemon=True)
        self.thread.start()
        if not self.ready.wait(180):
            raise RuntimeError(f"the headless app did not start: {self.failed!r}")

    async def _main(self) -> None:
        from schoolcare.store.database import describe
        from schoolcare.ui.app import make_app

        self.stop = asyncio.Event()
        self.app = make_app(self.ds.settings, describe(self.ds.url), self.ds.coordinator)
        try:
            async with self.app.run_test(size=(120, 40)) as pilot:
                self.pilot = pilot
                await pilot.pause()
                for mode in AREAS:  # each area opened once, its data loaded
                    await self._show(mode)
                    await pilot.app.workers.wait_for_complete()
                    await pilot.pause()
                self.ready.set()
                await self.stop.wait()
        except BaseException as error:  # said by the constructor, not lost in the thread
            self.failed = error
            self.ready.set()
            raise

    def _painted(self) -> bool:
        from textual.widgets import DataTable

        from schoolcare.ui.kit.loading import PendingContent

        screen = self.app.screen
        if any(node._waiting for node in screen.query("*") if isinstance(node, PendingContent) and node.region.area):
            return False  # a heading or count still waiting for its load
        tables = [table for table in screen.query(DataTable) if table.region.area]
        if not tables or tables[0].row_count > 0:
            return True
        # An empty table is painted once the loads that would fill it are done (no incidents open, say).
        return not any(worker.is_running for worker in self.app.workers if worker.node in screen.walk_children(
            with_self=True))

    async def _show(self, mode: str) -> None:
        await self.app.run_action(f"area('{mode}')")
        while not (self.app.current_mode == mode and self._painted()):
            await asyncio.sleep(0.001)
        painted = self.loop.create_future()
        self.app.call_after_refresh(lambda: painted.done() or painted.set_result(None))  # the frame that shows it
        await painted

    async def _away_and_back(self, mode: str) -> None:
        from textual._context import active_app

        active_app.set(self.app)  # a task of run_coroutine_threadsafe starts outside the app's context
        await self.app.switch_mode(GATE)  # away to the near-empty screen under the login, so the figure is the return
        await self._show(mode)

    def back_to(self, mode: str):
        def run() -> None:
            asyncio.run_coroutine_threadsafe(self._away_and_back(mode), self.loop).result(60)
        return run

    def settle(self) -> None:
        """Let the reloads a return started finish, so the next figure starts on a quiet app."""
        async def quiet() -> None:
            await self.app.workers.wait_for_complete()
            await asyncio.sleep(0.05)  # the results posted back, handled

        asyncio.run_coroutine_threadsafe(quiet(), self.loop).result(120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


def figures(ds) -> list[Figure]:
    areas = HeadlessAreas(ds)
    when_module_done(areas.close)

    def settled(mode: str):
        step = areas.back_to(mode)

        def run() -> None:
            step()
            areas.settle()
        return run

    return [
        Figure(f"areas: return to {mode}", areas.back_to(mode), repeat=9,
               note=f"coordinator, 120×40, until its rows are painted; target {TARGET_MS} ms")
        for mode in AREAS
    ] + [Figure("areas: return to care log, reloads finished", settled("care_log"), repeat=5,
                note="the return and every reload it starts, to the last worker")]
