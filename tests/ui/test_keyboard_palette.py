"""The command palette says "nothing found" only when nothing was found, by any provider, in the user's language."""
from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from schoolcare.i18n import t
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle


async def offered_for(pilot, text: str) -> list[str]:
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(Input).value = text
    await pilot.pause(0.2)
    await settle(pilot)
    await pilot.pause(0.8)  # past Textual's half-second wait before it says nothing matched
    return [str(option.prompt) for option in palette.query_one(CommandList).options]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_a_pupil_found_is_never_beside_nothing_found(app_for, school, lang):
    app = app_for(school.coordinator, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        miss = t("palette.no_match")

        offered = await offered_for(pilot, "张小三")  # the pupil search answers; the area commands do not
        assert any("张小三" in text for text in offered), offered
        assert not any(miss in text for text in offered), offered

        offered = await offered_for(pilot, "qqxxzz")  # nobody and nothing: said once, in the user's language
        assert [text for text in offered if miss in text] == offered and len(offered) == 1, offered
        assert "No matches found" not in " ".join(offered)

        offered = await offered_for(pilot, "help" if lang == "en" else "帮助")  # a command found: no notice
        assert offered and not any(miss in text for text in offered), offered
