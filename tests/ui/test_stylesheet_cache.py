"""The parsed CSS kept between starts (ui/shell/stylesheet.py): a start after the first parses nothing and looks
the same; what does not parse cleanly is never kept; a cache that cannot be read is parsed past."""
from __future__ import annotations

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import StylesheetParseError

from schoolcare.ui.shell.stylesheet import FILE_PREFIX, KeptStylesheet
from tests.ui.conftest import SIZE
from tests.ui.helpers import screen_text, settle


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "schoolcare"


async def login_screen(app) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        return screen_text(pilot)


async def test_the_second_start_parses_no_css_and_paints_the_same_login(app_for, school, own_cache, monkeypatch):
    first = await login_screen(app_for())
    assert list(own_cache.glob(f"{FILE_PREFIX}*.pickle")), "the first start keeps what it parsed"

    def no_parsing(*args, **kwargs):
        raise AssertionError("a kept source was parsed again")

    monkeypatch.setattr(textual_stylesheet, "parse", no_parsing)
    assert await login_screen(app_for()) == first


def test_css_with_errors_is_reported_and_never_kept(own_cache):
    sheet = KeptStylesheet(variables={})
    sheet.add_source("Static { colr: red; }", read_from=("broken.tcss", ""))
    with pytest.raises(StylesheetParseError):
        sheet.parse()
    sheet.keep()
    assert not list(own_cache.glob(f"{FILE_PREFIX}*.pickle"))


def test_an_unreadable_cache_is_parsed_past_and_written_afresh(own_cache):
    sheet = KeptStylesheet(variables={})
    own_cache.mkdir(parents=True)
    (own_cache / sheet._kept.name).write_bytes(b"not a pickle")
    sheet.add_source("Static { color: red; }", read_from=("fine.tcss", ""))
    sheet.parse()
    assert [rule.selectors for rule in sheet.rules] == ["Static"]
    sheet.keep()
    again = KeptStylesheet(variables={})
    again.add_source("Static { color: red; }", read_from=("fine.tcss", ""))
    again.parse()
    assert again._kept.get(("Static { color: red; }", ("fine.tcss", ""), False, 0, "")) is not None
