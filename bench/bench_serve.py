"""Browser sessions under `schoolcare serve`: time from opening a session to its login screen, for one person and
for the tenth of ten arriving together, against a bare Textual app served by stock textual-serve.

Each session is opened as a browser does (the websocket textual.js opens) and timed until the login screen's
words arrive; the bare app shows a label and two inputs, so the ratio is what schoolcare adds to serving."""
from __future__ import annotations

import asyncio
import atexit
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_served_app.py"
BARE_SERVER = f"""
import sys
from textual_serve.server import Server
Server(f"{{sys.executable}} {BARE_APP}", host="127.0.0.1", port=int(sys.argv[1])).serve()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Served:
    """A server process started on first use and stopped when the bench ends."""

    def __init__(self, command: Callable[[int], list[str]], needle: str) -> None:
        self.command, self.needle, self.url = command, needle, ""

    def start(self) -> str:
        if not self.url:
            port = _free_port()
            process = subprocess.Popen(self.command(port), cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env={**os.environ})
            atexit.register(process.terminate)
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            self.url = f"http://127.0.0.1:{port}/"
            _arrive(self.url, self.needle, 1)  # the fork server's own warm-up is not a person's wait
        return self.url


async def _session(url: str, needle: str) -> float:
    import aiohttp

    started = time.perf_counter()
    seen = b""
    async with aiohttp.ClientSession() as http, http.ws_connect(url + "ws?width=120&height=40") as ws:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
                if needle.encode() in seen:
                    return time.perf_counter() - started
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
    raise RuntimeError(f"the session ended before showing {needle!r}")


def _arrive(url: str, needle: str, people: int) -> float:
    """Open `people` sessions at the same moment; the last one's wait for its login screen, in seconds."""
    async def together() -> float:
        return max(await asyncio.gather(*(_session(url, needle) for _ in range(people))))
    return asyncio.run(together())


def figures(ds) -> list[Figure]:
    schoolcare = _Served(lambda port: [sys.executable, "-m", "schoolcare.cli", "serve", "--db", ds.url,
                                       "--port", str(port)], "登录名")
    bare = _Served(lambda port: [sys.executable, "-c", BARE_SERVER, str(port)], "login")

    def arrivals(served: _Served, people: int):
        return lambda: _arrive(served.start(), served.needle, people)

    return [
        Figure("browser session to login screen (1 arriving)", arrivals(schoolcare, 1), arrivals(bare, 1),
               "bare Textual app, stock textual-serve", repeat=5),
        Figure("browser sessions: the 10th of 10 arriving together", arrivals(schoolcare, 10), arrivals(bare, 10),
               "bare Textual app, stock textual-serve", repeat=3),
    ]
