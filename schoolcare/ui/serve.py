"""`schoolcare serve`: the app in every teacher's browser, one session (one process) per browser tab.

Built on textual-serve. What this adds to its stock server:
- its own page (ui/serve_page/), linking nothing outside this server, so it opens at once without internet;
- URLs taken from the request, so the page works under whatever name or address the school's PCs use, and
  behind a TLS reverse proxy (X-Forwarded-Proto);
- a cap on concurrent sessions, with a clear message to the one turned away;
- downloads with their proper (Chinese) file names;
- sessions started by a fork server holding the app already imported (commands/serve_forks.py), so ten teachers
  arriving together do not each pay a second of CPU for imports.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from schoolcare.i18n import text

PAGE_DIR = Path(__file__).parent / "serve_page"
log = logging.getLogger("textual-serve")


@dataclass(frozen=True)
class SessionSpec:
    """What every browser session opens: the same database, config, language and (for --demo) demo logins."""

    db_url: str
    config_dir: str | None = None
    lang: str | None = None
    demo_accounts: tuple[tuple[str, str, str], ...] = ()

    def argv(self) -> list[str]:
        """The `schoolcare` command line of one session (used when no fork server runs)."""
        argv = ["--db", self.db_url]
        if self.config_dir:
            argv += ["--config", self.config_dir]
        if self.lang:
            argv += ["--lang", self.lang]
        return argv


def is_local(host: str) -> bool:
    """Whether binding to `host` keeps the server on this PC (no warning needed)."""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def content_disposition(file_name: str, open_method: str) -> str:
    """The header that names a download: an ASCII stand-in for old browsers, the real (Chinese) name for the rest
    (RFC 6266, RFC 5987); textual-serve's own puts the raw name in the header, which breaks on 留守儿童总账.xlsx."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in file_name)
    disposition = "inline" if open_method == "browser" else "attachment"
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(file_name)}"


class _ForkedProcess:
    """The parts of asyncio.subprocess.Process that AppService uses, for a session the fork server started."""

    def __init__(self, pid: int, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader,
                 stderr: asyncio.StreamReader) -> None:
        self.pid, self.stdin, self.stdout, self.stderr = pid, stdin, stdout, stderr

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


async def _pipe_reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2 ** 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _pipe_writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


class SessionService(AppService):
    """One browser session's app process: forked from the warm fork server when it runs, else a new process."""

    def __init__(self, *args: Any, forks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forks = forks

    async def _open_app_process(self, width: int = 80, height: int = 24):
        if self.forks is None or self.forks.process.poll() is not None:  # no fork server (or it died): a new process
            return await super()._open_app_process(width, height)
        child_in, parent_out = os.pipe()
        parent_in, child_out = os.pipe()
        parent_err, child_err = os.pipe()
        try:
            pid = await asyncio.to_thread(self.forks.start_session, (child_in, child_out, child_err),
                                          {"COLUMNS": str(width), "ROWS": str(height)})
        finally:
            for fd in (child_in, child_out, child_err):
                os.close(fd)
        process = _ForkedProcess(pid, await _pipe_writer(parent_out), await _pipe_reader(parent_in),
                                 await _pipe_reader(parent_err))
        self._process = process  # type: ignore[assignment]
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        await super().stop()
        if isinstance(self._process, _ForkedProcess):
            self._process.kill()  # it has said goodbye (EOF) by now; make sure nothing lingers


@dataclass
class _Sessions:
    limit: int
    open: set[str] = field(default_factory=set)

    @property
    def full(self) -> bool:
        return self.limit > 0 and len(self.open) >= self.limit


class SchoolcareServer(Server):
    """textual-serve's server with schoolcare's page, a session cap, proper download names and warm starts."""

    def __init__(self, command: str, *, host: str, port: int, title: str, lang: str, max_sessions: int = 0,
                 forks: Any = None) -> None:
        super().__init__(command, host=host, port=port, title=title,
                         statics_path=Path(__import__("textual_serve").__file__).parent / "static",
                         templates_path=PAGE_DIR)
        self.lang = lang
        self.sessions = _Sessions(max_sessions)
        self.forks = forks

    def initialize_logging(self) -> None:
        logging.basicConfig(level="INFO", format="%(asctime)s %(message)s", datefmt="%H:%M:%S")

    async def on_startup(self, app: web.Application) -> None:
        pass  # the command prints where it serves, in the user's language

    def _base_url(self, request: web.Request) -> str:
        """This server as the browser reached it (through a reverse proxy: as the proxy says)."""
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme)
        host = request.headers.get("X-Forwarded-Host", request.host)
        return f"{scheme}://{host}"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        import aiohttp_jinja2

        if self.sessions.full:
            return self._turned_away(request)
        base = self._base_url(request)
        ws_scheme = "wss" if base.startswith("https") else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_scheme}{base[base.index(':'):]}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "lang": "zh-CN" if self.lang == "zh-CN" else "en",
            "ended": text(self.lang, "serve.session_ended"),
            "restart": text(self.lang, "serve.restart"),
            "loading": text(self.lang, "serve.loading"),
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _turned_away(self, request: web.Request) -> web.Response:
        words = text(self.lang, "serve.full", limit=self.sessions.limit)
        page = (f"<!DOCTYPE html><html lang=\"{self.lang}\"><head><meta charset=\"utf-8\"><title>{self.title}</title>"
                f"</head><body style=\"font-family: sans-serif; padding: 3em\"><h1>{self.title}</h1><p>{words}</p>"
                "</body></html>")
        return web.Response(text=page, content_type="text/html", status=503, headers={"Retry-After": "60"})

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.sessions.full:  # a second tab that loaded the page before the cap was reached
            await websocket.send_bytes(("\r\n  " + text(self.lang, "serve.full", limit=self.sessions.limit))
                                       .encode("utf-8"))
            await websocket.close()
            return websocket
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service = SessionService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=websocket.close, download_manager=self.download_manager, forks=self.forks)
        self.sessions.open.add(service.app_service_id)
        try:
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one session's failure must not stop the server
            log.exception(error)
        finally:
            self.sessions.open.discard(service.app_service_id)
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's download, with the file name encoded for any language (RFC 6266 / 5987)."""
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="no such download") from None
        response = web.StreamResponse()
        response.headers["Content-Type"] = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Disposition"] = content_disposition(meta.file_name, meta.open_method)
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response
