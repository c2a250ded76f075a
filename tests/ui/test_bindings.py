"""The footer's keys read in the active language on every area: the one place that leans on Textual internals
(ui/bindings.py), so a Textual upgrade that changes them fails here, loudly, not in a user's footer."""
from __future__ import annotations

import textual
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.worker import WorkerCancelled

from schoolcare.i18n import catalog, set_language, text
from schoolcare.ui import bindings
from schoolcare.ui.shell.areas import AREAS
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


async def _shown_area(pilot, mode: str) -> None:
    """Open an area and let it load; a load cancelled by the next one is not a failure here."""
    await pilot.app.switch_mode(mode)
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


def test_the_textual_release_is_the_one_the_internals_were_checked_on():
    """A new Textual line (even one that keeps the attributes) fails here until someone has read ui/bindings.py
    against it and moved TESTED_WITH."""
    assert textual.__version__.startswith(f"{bindings.TESTED_WITH}."), (
        f"Textual {textual.__version__}: check {bindings.__file__} against it, then set TESTED_WITH")


def test_textual_still_has_what_the_translation_replaces():
    assert isinstance(DOMNode._merged_bindings, (BindingsMap, type(None))), (
        f"Textual changed DOMNode._merged_bindings; see {bindings.__file__}")
    node = DOMNode()
    assert isinstance(node._bindings, BindingsMap), f"Textual changed node._bindings; see {bindings.__file__}"


def _shown(screen) -> dict[str, str]:
    """key → the description the footer shows, through Textual's public active_bindings."""
    return {key: active.binding.description for key, active in screen.active_bindings.items()
            if active.binding.show and active.binding.description}


def _translatable(screen_class) -> dict[str, str]:
    """key → the catalog key each of the screen's own bindings declares (shown in the footer or, like the care
    log's tab keys, on the tabs and in help)."""
    declared = {}
    for key, found in screen_class._merged_bindings.key_to_bindings.items():
        for binding in found:
            if binding.description in catalog():
                declared[key] = binding.description
    return declared


async def test_every_areas_keys_read_in_the_active_language(app_for, school):
    for lang in ("zh-CN", "en"):
        set_language(lang)
        app = app_for(school.coordinator, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for area in AREAS:
                await _shown_area(pilot, area.mode)
                shown = _shown(app.screen)
                declared = _translatable(type(app.screen))
                assert declared, f"{area.mode} declares no translated keys"
                for key, catalog_key in declared.items():
                    if key in shown:
                        assert shown[key] == text(lang, catalog_key), (area.mode, key, shown[key])
