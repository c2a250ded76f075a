"""`schoolcare serve` without a browser: its page, the session cap, download names, the fork server's sessions,
and logging out an idle session (tests/browser drives a real Chromium)."""
from __future__ import annotations

import asyncio
import re
import shutil

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from schoolcare.config import default_config_dir
from schoolcare.ui.accounts.login import LoginScreen
from schoolcare.ui.serve import SchoolcareServer, content_disposition, is_local
from tests.browser.conftest import Served
from tests.ui.helpers import screen_text, settle


def server(max_sessions: int = 0) -> SchoolcareServer:
    return SchoolcareServer("schoolcare", host="127.0.0.1", port=8000, title="留守儿童关爱服务", lang="zh-CN",
                            max_sessions=max_sessions)


async def client_of(found: SchoolcareServer) -> TestClient:
    client = TestClient(TestServer(await found._make_app()))
    await client.start_server()
    return client


async def test_the_page_names_only_the_address_it_was_reached_at():
    client = await client_of(server())
    try:
        page = await (await client.get("/")).text()
        assert "googleapis" not in page
        assert set(re.findall(r"(?:https?|wss?)://([^/\"']+)", page)) == {f"127.0.0.1:{client.port}"}
        # behind a TLS reverse proxy: the address and scheme the browser used
        proxied = await (await client.get("/", headers={"X-Forwarded-Proto": "https",
                                                        "X-Forwarded-Host": "care.school.cn"})).text()
        assert 'data-session-websocket-url="wss://care.school.cn/ws"' in proxied
        assert "https://care.school.cn/static/js/textual.js" in proxied
        static = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert static.status == 200  # the page's font comes from this server too
    finally:
        await client.close()


async def test_at_the_cap_the_next_person_is_told_why():
    found = server(max_sessions=1)
    found.sessions.open.add("someone")
    client = await client_of(found)
    try:
        response = await client.get("/")
        assert response.status == 503
        assert "上限（1 个会话）" in await response.text()
        found.sessions.open.clear()
        assert (await client.get("/")).status == 200
    finally:
        await client.close()


def test_a_download_keeps_its_chinese_name():
    header = content_disposition("留守儿童总账-2026-autumn.xlsx", "download")
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E7%95%99%E5%AE%88%E5%84%BF%E7%AB%A5%E6%80%BB%E8%B4%A6-2026-autumn.xlsx" in header
    assert header.encode("latin-1")  # a header value HTTP can carry
    assert content_disposition('a";b.csv', "browser") == 'inline; filename="a__b.csv"; filename*=UTF-8\'\'a%22%3Bb.csv'


def test_only_loopback_counts_as_this_pc():
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10")


async def read_until(ws, needle: str, timeout: float = 60.0) -> bool:
    """Read what a session's app draws until `needle` appears (False if the session ends first)."""
    seen = b""
    async with asyncio.timeout(timeout):
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
                if needle.encode() in seen:
                    return True
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
    return False


@pytest.fixture
def served_school(tmp_path, school, database):
    """`schoolcare serve` on the small school, with at most two sessions."""
    config = tmp_path / "config"
    shutil.copytree(default_config_dir(), config)
    school_yaml = config / "school.yaml"
    school_yaml.write_text(school_yaml.read_text(encoding="utf-8").replace("max_browser_sessions: 40",
                                                                           "max_browser_sessions: 2"), encoding="utf-8")
    served = Served(tmp_path, "--db", database.url, "--config", str(config))
    yield served
    served.stop()


async def test_sessions_start_from_the_fork_server_and_the_third_is_turned_away(served_school):
    url = served_school.url
    async with aiohttp.ClientSession() as http, http.ws_connect(url + "ws?width=100&height=30") as one, \
            http.ws_connect(url + "ws?width=100&height=30") as two:
        assert await read_until(one, "登录名") and await read_until(two, "登录名")  # each its own login screen
        async with http.get(url) as page:
            assert page.status == 503
            assert "上限（2 个会话）" in await page.text()
        async with http.ws_connect(url + "ws") as third:
            message = await third.receive(timeout=10)
            assert "上限" in message.data.decode()
        assert not one.closed and not two.closed
    assert "Traceback" not in served_school.log.read_text(encoding="utf-8")


async def test_an_idle_session_logs_out(app_for, school):
    app = app_for(user=school.coordinator)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.session is not None
        now = [1000.0]
        app.idle.clock = lambda: now[0]
        app.idle.last = now[0]
        now[0] += app.idle.minutes * 60 - 1
        await app.idle.check()
        assert app.session is not None  # not yet
        await pilot.press("down")  # a key counts as use
        app.idle.last = now[0]
        now[0] += app.idle.minutes * 60 + 1
        await app.idle.check()
        await settle(pilot)
        assert app.session is None
        assert isinstance(app.screen, LoginScreen)
        assert "无人操作" in screen_text(pilot) or any("无人操作" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("logged_in", [True, False])
async def test_an_idle_browser_session_ends_and_frees_its_place(app_for, school, monkeypatch, logged_in):
    """A tab left open, logged in or never, ends once idle: the cap counts open sessions, not people."""
    from schoolcare.ui.app import SchoolcareApp

    monkeypatch.setattr(SchoolcareApp, "is_web", property(lambda self: True))
    app = app_for(user=school.coordinator if logged_in else None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        now = [1000.0]
        app.idle.clock = lambda: now[0]
        app.idle.last = now[0]
        now[0] += app.idle.minutes * 60 + 1
        await app.idle.check()
        await settle(pilot)
        assert app._exit  # the session's app has exited: its process ends and the server frees its place
