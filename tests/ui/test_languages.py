"""One language at a time, over every main screen: no English words of ours in the Chinese UI and no full-width
punctuation in the English UI. One app run per language logs in as each role in turn and reads each screen as the
terminal shows it (the compositor's text, as export_screenshot renders it)."""
from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from textual.widgets import Input

from tests.ui.conftest import DEMO_ACCOUNTS, SIZE
from tests.ui.helpers import press_settled, settle
from tests.ui.screen_fixtures import database, school, template  # noqa: F401 - the fixtures this module uses

PASSWORD = "secret-pw"
FULL_WIDTH = re.compile(r"[：（），；。“”、！？【】《》]")
CJK = "\u3400-\u9fff"
# Full-width punctuation inside Chinese data (a pupil's notes, a class's name) is the data's, not the UI's.
IN_CHINESE = re.compile(rf"[{CJK}][：（），；。“”、！？【】《》]|[：（），；。“”、！？【】《》][{CJK}]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# What the Chinese UI rightly shows in Latin letters: key names in the footer and on tabs, logins, units.
KEYS_AND_DATA = {
    "esc", "tab", "enter", "space", "del", "ctrl", "shift", "pgup", "pgdn", "home", "end",
    "coord", "zheng", "head", "wang", "li", "zhao", "secret-pw",  # the demo accounts' logins and password
    "english",  # F2's label names the other language in its own words: 切换语言（中文/English）
}
# (name, keys from the role's home) for each screen scanned; each is reached from the one before it.
COORDINATOR = (
    ("home", ()), ("pupils", ("2",)), ("pupil file", ("enter",)), ("care log week", ("3",)),
    ("care log overdue", ("o",)), ("care log records", ("l",)), ("care log follow-ups", ("f",)),
    ("activities", ("4",)), ("care centre", ("5",)), ("term progress", ("6",)), ("admin", ("7",)),
    ("protection", ("8",)),
)
TEACHER = (("teacher home", ()), ("teacher pupils", ("2",)), ("teacher protection", ("8",)))
PRINCIPAL = (("principal home", ()), ("principal reports", ("6",)))


def screen_text(app) -> str:
    """The terminal's text now: what export_screenshot draws, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def problems(text: str, lang: str) -> list[str]:
    if lang == "en":
        return [line.strip() for line in text.splitlines() if FULL_WIDTH.search(IN_CHINESE.sub("", line))]
    found = []
    for line in text.splitlines():
        words = [w for w in LATIN_WORD.findall(line) if w.lower() not in KEYS_AND_DATA]
        if words:
            found.append(f"{words}: {line.strip()}")
    return found


async def log_in(pilot, login: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#login", Input).value = login
    screen.query_one("#password", Input).value = PASSWORD
    screen.query_one("#password", Input).focus()
    await press_settled(pilot, "enter")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_every_main_screen_speaks_one_language(app_for, school, lang):  # noqa: F811 - the fixture
    app = app_for(lang=lang, demo_accounts=DEMO_ACCOUNTS)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen["login"] = problems(screen_text(app), lang)
        for login, screens in (("coord", COORDINATOR), ("zheng", TEACHER), ("head", PRINCIPAL)):
            await log_in(pilot, login)
            assert app.session is not None and app.session.actor.login == login
            for name, keys in screens:
                await press_settled(pilot, *keys)
                seen[name] = problems(screen_text(app), lang)
            await press_settled(pilot, "ctrl+l")
    assert set(seen) == {"login", *(name for group in (COORDINATOR, TEACHER, PRINCIPAL) for name, _ in group)}
    found = {name: lines for name, lines in seen.items() if lines}
    assert not found, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
