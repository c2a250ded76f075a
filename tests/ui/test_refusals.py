"""Every refusal a screen can show reads in the user's language: each error code in the catalog, raised as a
service would, goes through the UI's explain() and, for a sample, all the way to the screen."""
from __future__ import annotations

import re

import pytest
from textual.widgets import Static

from schoolcare.i18n import catalog, set_language, text
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.ui.kit.form import show_error
from schoolcare.ui.worker import ServiceFailed, explain
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, settle
from tests.unit.test_i18n import raised_codes

CJK = re.compile(r"[\u3400-\u9fff]")
VALUE = re.compile(r"\{(\w+)")
# Config phrases (a type, a hint, a month …) are fragments said inside a config problem's words, never on their
# own: tests/unit/test_config.py checks them in their sentences.
FRAGMENTS = tuple(f"error.config.{part}" for part in ("type.", "what.", "expect.", "hint.", "why.", "month.",
                                                       "got_value"))
CODES = sorted(key.removeprefix("error.") for key in catalog()
               if key.startswith("error.") and key != "error.title" and not key.startswith(FRAGMENTS))


def _raised(code: str) -> ValidationError:
    """The refusal as a service raises it, with a recognisable value for every value its words name."""
    zh, _ = catalog()[f"error.{code}"]
    return ValidationError(code, "date", **{name: f"<{name}>" for name in VALUE.findall(zh)})


def test_every_code_raised_in_the_code_has_its_words():
    raised = raised_codes()
    assert raised and raised <= set(CODES), sorted(raised - set(CODES))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_error_code_reads_in_the_active_language_with_its_values(lang):
    set_language(lang)
    try:
        for code in CODES:
            error = _raised(code)
            shown = explain(error)
            assert MISSING_KEY not in shown and "{" not in shown, (code, shown)
            assert all(f"<{name}>" in shown for name in error.params), (code, shown)
            if lang == "zh-CN":
                assert CJK.search(shown), (code, shown)
    finally:
        set_language("zh-CN")


async def test_a_refused_call_reaches_the_screen_in_chinese(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.post_message(ServiceFailed(PermissionDenied("permission.export", role="teacher")))
        app.screen.post_message(ServiceFailed(NotFound("registry.pupil_not_found", "pupil", id=4711)))
        await settle(pilot)
        # run_test hides toasts: what the screen notified is read from the app's notifications.
        shown = [n.message for n in app._notifications if n.severity == "error"]
        assert text("zh-CN", "error.permission.export") in shown
        assert any("4711" in message and CJK.search(message) for message in shown), shown


async def test_a_refused_value_lands_on_its_field_in_chinese(app_for, school):
    from schoolcare.ui.accounts.dialogs import AddUserDialog

    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = AddUserDialog(school.coordinator)
        await app.push_screen(dialog)
        await settle(pilot)
        show_error(dialog, ValidationError("too_long", "name", limit=40), dialog.query_one("#dialog-error", Static))
        await pilot.pause()
        assert str(dialog.query_one("#field-name .field-error", Static).render()) == "最多 40 个字"
