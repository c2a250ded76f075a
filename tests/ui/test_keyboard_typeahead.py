"""Keys typed ahead land where they were typed: a burst sent without waits (as a fast typist, a password
manager or a busy server delivers it) is handled key by key against the focus the previous key left."""
from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from schoolcare.ui.accounts.login import LoginScreen
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from schoolcare.ui.shell.home import HomeScreen
from tests.factories import PASSWORD
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


def burst(app, *parts: str) -> None:
    """Post every key at once, as the driver does when the terminal delivers them in one read."""
    for part in parts:
        if part in ("tab", "enter", "shift+tab", "escape", "backspace", "end", "ctrl+f", "ctrl+j", "ctrl+s"):
            app.post_message(events.Key(part, {"tab": "\t", "enter": "\r", "ctrl+j": "\n"}.get(part)))
        else:
            for char in part:
                app.post_message(events.Key(char, char))


async def test_a_login_burst_logs_in_and_the_password_never_shows(app_for, school):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        seen: list[str] = []
        login = screen.query_one("#login", Input)
        login.watch(login, "value", lambda value: seen.append(value), init=False)  # every value the login field ever showed
        burst(app, "coord", "tab", PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert seen and all(PASSWORD[:3] not in value for value in seen)
        assert seen[-1] == "coord"


@pytest.mark.parametrize("enter", ["ctrl+j", "ctrl+s"])
async def test_a_login_typed_as_the_app_starts_or_saved_with_ctrl_s_logs_in(app_for, school, enter):
    """Enter typed before the app has the terminal arrives as Ctrl+J (a newline); Ctrl+S saves every form."""
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "coord", "tab", PASSWORD, enter)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_burst_with_shift_tab_and_corrections_goes_to_the_fields_meant(app_for, school):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        burst(app, "cox", "backspace", "tab", "wrong", "shift+tab", "end", "ord", "tab")  # focus selects all
        await pilot.pause()
        await settle(pilot)
        assert screen.query_one("#login", Input).value == "coord"
        assert screen.query_one("#password", Input).value == "wrong"
        assert app.focused is screen.query_one("#password", Input)


async def test_keys_typed_while_the_app_starts_wait_for_the_login_field(app_for, school):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "coord", "tab", PASSWORD, "enter")  # before the login screen is even there
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_ctrl_q_quits_even_while_the_app_starts(app_for, school):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        app._keys.pause()  # as if still starting
        app.post_message(events.Key("ctrl+q", None))
        await pilot.pause()
        assert app.return_code == 0  # exited


async def test_find_a_pupil_typed_ahead_of_the_search_box(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "ctrl+f", "lyy", "enter")  # the box opens after ctrl+f is handled; lyy must land in it
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen) and app.screen.pupil_id == school.pupil_ids[3]


def test_a_login_burst_through_a_terminal_reaches_home(database, school, tmp_path):
    """The real thing: the app in a pseudo-terminal, the whole burst written in one go once the login shows."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios
    import time

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    code = "import sys; from schoolcare.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen([sys.executable, "-c", code, "--db", database.url], stdin=follower,
                               stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, timeout: float) -> bool:
        nonlocal seen
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    return False
                if marker in seen:
                    return True
        return False

    try:
        assert read_until("登录名".encode(), 60), seen[-2000:]
        seen = b""
        os.write(leader, f"coord\t{PASSWORD}\r".encode())
        assert read_until("全校概况".encode(), 60), seen[-2000:]  # the coordinator's home
    finally:
        process.terminate()
        process.wait(10)
        os.close(leader)
