"""Snapshots of the main screens in the sizes and languages tests/ui/test_screen_snapshots.py does not picture:
80×24 in Chinese, and both sizes in English, on the screen school (tests/ui/screen_data.py).

Update deliberately, after looking at the new pictures:
python -m pytest tests/ui/test_snapshots_both.py --snapshot-update
"""
from __future__ import annotations

import pytest

from tests.ui.conftest import DEMO_ACCOUNTS, SIZE
from tests.ui.helpers import MISSING_KEY, press_settled, screen_text, settle
from tests.ui.screen_fixtures import database, school, template  # noqa: F401 - the fixtures this module uses

NARROW = (80, 24)
OPEN_FILE = ("2", "slash", "h", "y", "x", "enter", "enter")  # the list, search "hyx", Enter twice: 何雨欣's file


def keys(*pressed: str):
    """run_before: press these keys, each one's loads finished before the next; no missing key, no error shown."""

    async def run(pilot) -> None:
        await settle(pilot)
        await press_settled(pilot, *pressed)
        await settle(pilot)
        assert MISSING_KEY not in screen_text(pilot)
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert not errors, errors

    return run


# (test id, role, language, size, keys): each a main screen not yet pictured in that size and language.
SCREENS = [
    ("login-zh-80x24", None, "zh-CN", NARROW, ()),
    ("pupils-zh-80x24", "coordinator", "zh-CN", NARROW, ("2",)),
    ("pupil-file-zh-80x24", "coordinator", "zh-CN", NARROW, OPEN_FILE),
    ("term-progress-zh-80x24", "principal", "zh-CN", NARROW, ()),
    ("admin-zh-80x24", "coordinator", "zh-CN", NARROW, ("7",)),
    ("home-en-80x24", "coordinator", "en", NARROW, ()),
    ("care-log-week-en-80x24", "coordinator", "en", NARROW, ("3",)),
    ("care-centre-en-80x24", "coordinator", "en", NARROW, ("5",)),
    ("pupils-en-120x40", "coordinator", "en", SIZE, ("2",)),
    ("pupil-file-en-120x40", "coordinator", "en", SIZE, OPEN_FILE),
    ("teacher-week-en-120x40", "teacher", "en", SIZE, ()),
    ("admin-en-120x40", "coordinator", "en", SIZE, ("7",)),
]


@pytest.mark.parametrize(("role", "lang", "size", "pressed"), [s[1:] for s in SCREENS], ids=[s[0] for s in SCREENS])
def test_main_screen(snap_compare, app_for, school, role, lang, size, pressed):  # noqa: F811 - the fixture
    user = getattr(school.small, role) if role else None
    app = app_for(user, lang=lang, demo_accounts=DEMO_ACCOUNTS if role is None else ())
    assert snap_compare(app, terminal_size=size, run_before=keys(*pressed))
