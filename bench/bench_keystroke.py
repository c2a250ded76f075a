"""A keystroke in the pupil list, key press to repaint, against a bare DataTable app refilling as many rows.

Each app runs headless (`App.run_test()`) in a process of its own (this module
run as a script), so the figure's timer and the app never share a GIL and one
figure is one synchronous round trip: the bench writes a key, the app's
process sends it through the app's driver (the path a terminal's key takes)
and answers once the screen has been repainted with the answer to that key
and the app has nothing left to do for it: a compositor refresh has painted
the list's new generation and search text, and since then no widget waits for
a measure, a layout or a repaint and no message is queued (a table measured
after its paint without changing counts at that paint).

The app is logged in as the data set's coordinator, in the pupils area (key
2), the search box focused (key /); the keys type pinyin and numbers and
delete them again, so every run is a different search. A generated county
gives each school 2,000 pupils, so at --pupils 50000 the coordinator's list
is still one school's; a second figure then runs on one school holding all of
them (generated once under bench/data/ with one week of records), the reach
beyond pupil_pages.INDEX_LIMIT, where a key is answered from the search keys
in memory and one query for the page's rows (by SQL alone until those keys
have loaded, a fraction of a second after the list opens).
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import DATA, PASSWORD, Figure  # noqa: E402

SIZE = (120, 40)
# One key per run: what a user types into the search box and deletes again (pinyin, initials, a number).
KEYS = (*"zhang", *["backspace"] * 5, *"liu", *["backspace"] * 3, *"wxy", *["backspace"] * 3,
        *"20", *["backspace"] * 2, *"chen", *["backspace"] * 4)
ONE_SCHOOL_WEEKS = 1  # the list reads no records: one week keeps generating 50,000 pupils short


def typed_after(text: str, key: str) -> str:
    return text[:-1] if key == "backspace" else text + key


# -- in the app's process ---------------------------------------------------------------------------------

class Headless:
    """A Textual app running headless in its own thread; `press(key)` times one key until the repaint."""

    def __init__(self, make_app: Callable[[], object], prepare, painted: Callable[[object, str], bool]) -> None:
        self._make_app, self._prepare, self._painted = make_app, prepare, painted
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.failed: BaseException | None = None
        self.text = ""
        self._waiting: tuple[asyncio.Future, str] | None = None
        self._good = False  # a refresh has painted the answer to the key in flight
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.ready.wait(300) or self.failed is not None:
            raise RuntimeError(f"the headless app did not start: {self.failed!r}")

    def _run(self) -> None:
        try:
            self.loop.run_until_complete(self._main())
        except BaseException as error:  # noqa: BLE001 - reported by the constructor
            self.failed = error
            self.ready.set()

    async def _main(self) -> None:
        self.stop = asyncio.Event()
        self.app = self._make_app()
        async with self.app.run_test(size=SIZE) as pilot:
            await self._prepare(pilot)
            await pilot.pause()
            self._hook(self.app.screen)
            self.ready.set()
            await self.stop.wait()

    def _hook(self, screen) -> None:
        original = screen._compositor_refresh

        def refreshed() -> None:
            original()
            if self._waiting is not None and self._painted(screen, self._waiting[1]):
                self._good = True
                self._check(screen)
        screen._compositor_refresh = refreshed

    def _check(self, screen) -> None:
        if self._waiting is not None and self._good and _settled(screen):
            future = self._waiting[0]
            if not future.done():
                future.set_result(None)

    async def _press(self, key: str) -> float:
        from textual import events

        text = typed_after(self.text, key)
        future = asyncio.get_running_loop().create_future()
        self._good = False
        self._waiting = (future, text)
        event = events.Key(key, None if key == "backspace" else key)
        event.set_sender(self.app)
        started = time.perf_counter()
        self.app._driver.send_message(event)  # the path a terminal's key takes
        screen = self.app.screen
        while not future.done():  # settled after the good paint without another refresh (e.g. a measure)
            await asyncio.wait([future], timeout=0.001)
            self._check(screen)
            if time.perf_counter() - started > 60:
                raise TimeoutError(f"no repaint for {key!r}")
        self._waiting = None
        self.text = text
        return (time.perf_counter() - started) * 1000

    def press(self, key: str) -> float:
        return asyncio.run_coroutine_threadsafe(self._press(key), self.loop).result(120)


def _settled(screen) -> bool:
    """Nothing on the screen is waiting to be measured, laid out or repainted, and no message is queued."""
    from textual.widgets import DataTable

    if screen._dirty_widgets or screen._layout_required or screen._repaint_required:
        return False
    if not (screen.app._message_queue.empty() and screen._message_queue.empty()):
        return False
    for table in screen.query(DataTable):
        if table._require_update_dimensions or table._new_rows or table._repaint_required or table._layout_required \
                or not table._message_queue.empty():
            return False
    return True


def pupil_list(url: str, login: str) -> tuple[Headless, int, int]:
    """The app on `url` logged in as `login`, in the pupil list, typing in its search box."""
    from schoolcare.cli import skip_unused_drivers

    skip_unused_drivers(url)
    from schoolcare.config import load_settings
    from schoolcare.services.accounts import auth
    from schoolcare.store.database import describe, open_database
    from schoolcare.ui.app import make_app

    open_database(url)
    actor = auth.authenticate(login, PASSWORD)
    settings = load_settings()

    def make():
        return make_app(settings, describe(url), actor)

    async def prepare(pilot) -> None:
        app = pilot.app
        while app.screen.__class__.__name__ != "HomeScreen":
            await asyncio.sleep(0.02)
        await pilot.press("2")
        while getattr(app.screen, "shown", None) is None:
            await asyncio.sleep(0.02)
        await pilot.press("slash")

    def painted(screen, text: str) -> bool:
        return screen.shown_generation == screen.generation and screen.query_state.search == text

    headless = Headless(make, prepare, painted)
    screen = headless.app.screen
    table = screen.query_one("#pupil-list")
    visible = min(table.row_count, table.scrollable_content_region.height - 1)  # less the header line
    return headless, visible, screen.shown.total


BARE_COLUMNS = ("学号", "姓名", "性别", "年龄", "班级", "类别", "关爱教师", "待复核")


def bare_table(rows: int) -> Headless:
    """An Input over a plain DataTable of the same columns; each change refills `rows` rows from a list."""
    from textual.app import App
    from textual.widgets import DataTable, Input

    data = [(f"S{2026000 + n}", f"张{'子晓思'[n % 3]}{'涵轩怡'[n % 3]}", "男女"[n % 2], str(8 + n % 7),
             f"{'一二三四五六'[n % 6]}年级({1 + n % 4})班", "留守儿童" if n % 3 else "其他", "李老师", "")
            for n in range(rows * 4)]

    class Bare(App):
        def compose(self):
            yield Input(id="search")
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns(*BARE_COLUMNS)
            self.fill("")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.fill(event.value)

        def fill(self, text: str) -> None:
            table = self.query_one(DataTable)
            table.clear()
            start = len(text) * rows % len(data)
            for n, row in enumerate((data * 2)[start:start + rows]):
                table.add_row(*row, key=str(n))
            self.shown = text

    async def prepare(pilot) -> None:
        pilot.app.query_one(Input).focus()

    return Headless(Bare, prepare, lambda screen, text: screen.app.shown == text)


def serve(argv: list[str]) -> None:
    """`pupils URL LOGIN` or `bare ROWS`: print `ready VISIBLE TOTAL`, then one time in ms per key read."""
    if argv[0] == "pupils":
        headless, visible, total = pupil_list(argv[1], argv[2])
    else:
        visible = total = int(argv[1])
        headless = bare_table(visible)
    print("ready", visible, total, flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        print(f"{headless.press(line.strip()):.3f}", flush=True)


# -- in the bench's process -------------------------------------------------------------------------------

class Remote:
    """An app served by this module in another process, started by the first key; `presses()` is a figure's run:
    one key, one repaint. `args` may be a callable, read when the process starts (the bare table's row count
    is the app's screenful, known once the app runs)."""

    def __init__(self, *args) -> None:
        self.args = args
        self.process: subprocess.Popen | None = None
        self.visible = 0

    def start(self) -> Remote:
        if self.process is None:
            args = [str(a() if callable(a) else a) for a in self.args]
            self.process = subprocess.Popen([sys.executable, __file__, *args], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, bufsize=1)
            line = self.process.stdout.readline().split()
            if not line or line[0] != "ready":
                raise RuntimeError(f"the headless app did not start ({args[0]})")
            self.visible = int(line[1])
        return self

    def presses(self, keys=KEYS) -> Callable[[], float]:
        keys = cycle(keys)

        def run() -> float:
            process = self.start().process
            process.stdin.write(next(keys) + "\n")
            return float(process.stdout.readline())
        return run


def one_school(ds) -> tuple[str, str]:
    """(url, coordinator login) of a data set with one school of ds.pupils pupils, generated on first use."""
    from bench.harness import _ensure_pg_database

    name = f"one-school-{ds.pupils}-{ONE_SCHOOL_WEEKS}w"
    done = DATA / f"{name}.{ds.backend}.done"
    if ds.backend == "sqlite":
        url = f"sqlite:///{DATA / name}.db"
        if not done.exists():
            for leftover in DATA.glob(f"{name}.db*"):
                leftover.unlink()
    else:
        url = ds.url.rsplit("/", 1)[0] + f"/schoolcare_bench_one_school_{ds.pupils}"
        _ensure_pg_database(url, fresh=not done.exists())
    if not done.exists():
        print(f"# generating one school of {ds.pupils} pupils → {url}", file=sys.stderr)
        command = [sys.executable, "-c", "import sys; from schoolcare.cli import main; sys.exit(main())", "generate",
                   "--pupils", str(ds.pupils), "--schools", "1", "--weeks", str(ONE_SCHOOL_WEEKS), "--db", url]
        subprocess.run(command, check=True, env={**os.environ, "SCHOOLCARE_PASSWORD": PASSWORD})
        done.write_text(url + "\n")
    return url, "coord"  # generate's login for the coordinator of a single school


def _figure(name: str, app: Remote, pupils: int) -> Figure:
    bare = Remote("bare", lambda: app.visible)
    return Figure(name, app.presses(), bare.presses(), "bare DataTable app refilling as many rows as the list shows",
                  repeat=len(KEYS), note=f"{pupils} enrolled pupils in reach, {SIZE[0]}x{SIZE[1]} terminal")


def figures(ds) -> list[Figure]:
    """The apps start on a figure's first key (and the big school is generated then), so --only skips them."""
    from schoolcare.domain.registry import PupilQuery
    from schoolcare.services.registry import pupil_list
    from schoolcare.ui.registry.pupil_pages import INDEX_LIMIT

    found = [_figure(f"keystroke in the pupil list, key to repaint ({ds.pupils} pupils)",
                     Remote("pupils", ds.url, ds.coordinator.login), pupil_list.count_pupils(ds.coordinator, PupilQuery()))]
    if ds.pupils > INDEX_LIMIT:
        one = Remote("pupils", lambda: one_school(ds)[0], "coord")
        found.append(_figure(f"keystroke in the pupil list, one school of {ds.pupils} pupils", one, ds.pupils))
    return found


if __name__ == "__main__":
    serve(sys.argv[1:])
