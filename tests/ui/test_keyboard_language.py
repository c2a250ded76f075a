"""One language at a time: the English screens a user meets first carry no full-width Chinese punctuation, and the
Chinese ones no English words of ours."""
from __future__ import annotations

import re

import pytest

from schoolcare.ui.registry.pupil_file import PupilFileScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import press_settled, screen_text, settle

FULL_WIDTH = re.compile(r"[：（），；。“”、]")


def visible_text(pilot) -> str:
    svg = screen_text(pilot)
    return "".join(re.findall(r">([^<]*)</text>", svg))


@pytest.mark.parametrize("keys", [(), ("2",), ("3",)], ids=["home", "pupils", "care-log"])
async def test_english_screens_have_no_full_width_punctuation(app_for, school, keys):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, *keys)
        text = visible_text(pilot)
        assert not FULL_WIDTH.findall(text), text


async def test_the_english_pupil_file_has_no_full_width_punctuation(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PupilFileScreen(school.pupil_ids[0]))
        await settle(pilot)
        text = visible_text(pilot)
        assert "Date of birth: " in text
        assert not FULL_WIDTH.findall(text.replace("张小三", "")), text
