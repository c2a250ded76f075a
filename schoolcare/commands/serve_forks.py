"""The fork server behind `schoolcare serve`: one process that has imported the app, forking a session per browser.

A session started as a new process spends about a second of CPU importing Textual, the screens, peewee and the
config before the login screen appears; ten teachers arriving at once on a 2-core PC wait ten seconds. The fork
server pays that once: it imports everything (with Textual told it runs in a browser, since Textual reads its
driver and colour settings at import), then forks a child per session that inherits the imported modules and
runs the app on the pipes the web server hands over (SCM_RIGHTS over a Unix socket). It holds no database
connection and starts no thread, so a fork inherits nothing it must not share.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# Textual reads these once, at import: every session of this server runs in a browser.
WEB_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}


class ForkServerClient:
    """The web server's handle on the fork server: start it, ask it for sessions, stop it."""

    def __init__(self, spec_json: str) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="schoolcare-serve-")
        os.chmod(self._folder.name, 0o700)  # only this user may ask for a session
        self.address = str(Path(self._folder.name) / "forks.sock")
        env = {**os.environ, **WEB_ENVIRONMENT}
        self.process = subprocess.Popen([sys.executable, "-m", "schoolcare.commands.serve_forks", self.address, spec_json],
                                        env=env, stdin=subprocess.DEVNULL)
        self._lock = threading.Lock()  # one request at a time on the socket

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until the fork server listens (its imports done); False if it died or took too long."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if os.path.exists(self.address):
                return True
            time.sleep(0.05)
        return False

    def start_session(self, fds: tuple[int, int, int], env: dict[str, str]) -> int:
        """Fork a session on the given stdin, stdout, stderr; returns its pid."""
        with self._lock, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.address)
            socket.send_fds(conn, [json.dumps(env).encode()], list(fds))
            reply = conn.recv(64)
        if not reply:
            raise RuntimeError("the fork server did not start a session")
        return int(reply)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._folder.cleanup()


_settings = None  # read once by _warm_up; every session shares it (Settings are frozen)


def _warm_up(spec: dict) -> None:
    """Import what a session needs before its first key, so each fork starts with it loaded."""
    global _settings
    from schoolcare.commands.context import CommandContext  # noqa: F401
    from schoolcare.ui import app  # noqa: F401
    from schoolcare.ui.shell.areas import AREAS

    for area in AREAS:
        area.screen_class()
    from schoolcare.config import load_settings

    _settings = load_settings(spec.get("config_dir"))  # the YAML parsed and checked once, not per session


def _run_session(spec: dict, env: dict[str, str]) -> None:
    """In the forked child: become a session of the app on the inherited stdin/stdout."""
    import argparse

    os.environ.update(env)
    from schoolcare.commands.app import open_app
    from schoolcare.commands.context import CommandContext
    from schoolcare.i18n import set_language

    ctx = CommandContext(db_url=spec["db_url"], config_dir=spec.get("config_dir"), lang=spec.get("lang"), user=None)
    if _settings is not None:
        ctx.__dict__["settings"] = _settings  # CommandContext.settings is a cached_property: fill it in
    set_language(ctx.language)
    try:
        open_app(argparse.Namespace(), ctx, demo_accounts=tuple(tuple(a) for a in spec.get("demo_accounts", ())))
    finally:
        ctx.close()


def serve_forks(address: str, spec: dict) -> None:
    """Listen on `address`; for each request, fork a session on the file descriptors it carries."""
    _warm_up(spec)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # sessions are reaped by the kernel: no zombies
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address + ".new")
    listener.listen(32)
    os.rename(address + ".new", address)  # appears only when ready (the client waits for the name)
    while True:
        conn, _ = listener.accept()
        with conn:
            message, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
            if len(fds) != 3:
                for fd in fds:
                    os.close(fd)
                continue
            pid = os.fork()
            if pid == 0:  # the session
                listener.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.setsid()
                for target, fd in enumerate(fds):
                    os.dup2(fd, target)
                    os.close(fd)
                code = 0
                try:
                    _run_session(spec, json.loads(message))
                except BaseException:  # noqa: BLE001 - the session's end, whatever it is, must not return to the loop
                    import traceback

                    traceback.print_exc()
                    code = 1
                finally:
                    sys.stdout.flush()
                    os._exit(code)
            for fd in fds:
                os.close(fd)
            conn.sendall(str(pid).encode())


if __name__ == "__main__":
    serve_forks(sys.argv[1], json.loads(sys.argv[2]))
