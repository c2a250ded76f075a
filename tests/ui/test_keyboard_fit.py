"""Every footer key and the tab strip fit, on every area, at 80×24 and 120×40, in both languages: each key the
footer shows has its whole description on the footer line, and each area in the strip its whole name (or short
name). One app run per size and language visits the areas by their keys. The pupils area's filters, the new
pupil's flags, the find-a-pupil box and the overdue list fit too."""
from __future__ import annotations

import pytest
from textual.widgets import Footer

from schoolcare.i18n import t
from schoolcare.ui.shell.areas import AREAS
from tests.ui.conftest import SIZE
from tests.ui.helpers import press_settled, settle
from tests.ui.screen_fixtures import database, school, template  # noqa: F401 - the fixtures this module uses
from tests.ui.test_languages import screen_text

NARROW = (80, 24)
# (name, keys from the area before) over the coordinator's areas and the tabs with keys of their own.
VISITS = (("home", ()), ("pupils", ("2",)), ("pupil file", ("enter",)), ("assignments", ("escape", "a")),
          ("care log", ("3",)), ("overdue", ("o",)),
          ("records", ("l",)), ("follow-ups", ("f",)), ("activities", ("4",)), ("centre", ("5",)),
          ("reports", ("6",)), ("admin", ("7",)), ("protection", ("8",)))
OTHER_ROLES = {"teacher": (("home", ()), ("pupils", ("2",)), ("care log", ("3",)), ("protection", ("8",))),
               "principal": (("home", ()), ("pupils", ("2",)), ("centre", ("5",)))}


def cut_footer_keys(app) -> list[str]:
    """The descriptions of the keys the footer shows that are not whole on its line."""
    lines = screen_text(app).splitlines()
    footer = app.screen.query_one(Footer)
    line = lines[footer.region.y] if footer.region.height else ""
    shown = [b.description for (_node, b, enabled, _tip) in app.screen.active_bindings.values()
             if b.show and b.description]
    return [words for words in dict.fromkeys(shown) if words not in line]


def cut_areas(app) -> list[str]:
    strip = app.screen.query_one("#area-strip")
    line = screen_text(app).splitlines()[strip.region.y]
    actor = app.session.actor
    return [t(a.title) for a in AREAS if a.open_to(actor)
            if f"{a.key} {t(a.title)}" not in line and f"{a.key} {t(f'keyboard.area_short.{a.mode}')}" not in line]


@pytest.mark.parametrize("size", [NARROW, SIZE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_footers_and_the_tab_strip_fit(app_for, school, lang, size):  # noqa: F811 - the fixture
    app = app_for(school.small.coordinator, lang=lang)
    found = {}
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for name, keys in VISITS:
            await press_settled(pilot, *keys)
            problems = [f"footer: {d}" for d in cut_footer_keys(app)] + [f"strip: {a}" for a in cut_areas(app)]
            if problems:
                found[name] = problems
    assert not found, found


@pytest.mark.parametrize("size", [NARROW, SIZE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_the_teachers_and_principals_footers_fit(app_for, school, lang, size):  # noqa: F811 - the fixture
    found = {}
    for role, visits in OTHER_ROLES.items():
        app = app_for(getattr(school.small, role), lang=lang)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for name, keys in visits:
                await press_settled(pilot, *keys)
                problems = [f"footer: {d}" for d in cut_footer_keys(app)] + [f"strip: {a}" for a in cut_areas(app)]
                if problems:
                    found[f"{role} {name}"] = problems
    assert not found, found


# The tables a coordinator reads on these areas, each after the panels above it at 24 rows.
TABLES = (("care log", ("3",), "#week-table"), ("centre", ("5",), "#centre-hazards"), ("reports", ("6",), "#rp-classes"))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_every_main_table_shows_rows_at_80x24(app_for, school, lang):  # noqa: F811 - the fixture
    from textual.widgets import DataTable

    app = app_for(school.small.coordinator, lang=lang)
    found = {}
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for name, keys, selector in TABLES:
            await press_settled(pilot, *keys)
            table = app.screen.query_one(selector, DataTable)
            rows_shown = table.region.height - (table.header_height if table.show_header else 0) - 1  # a scrollbar
            if table.row_count == 0 or rows_shown < 3:
                found[name] = f"{table.row_count} rows, {rows_shown} on screen"
    assert not found, found


def shown_whole(app, widget, words: str) -> bool:
    """`words` stand whole on a line of the terminal within `widget`'s rows."""
    lines = screen_text(app).splitlines()
    region = widget.region
    return region.height > 0 and any(words in line for line in lines[region.y:region.bottom])


@pytest.mark.parametrize("size", [NARROW, SIZE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_the_pupil_filters_forms_and_overdue_list_fit(app_for, school, lang, size):  # noqa: F811 - the fixture
    from textual.widgets import Checkbox, DataTable, Input, Select
    from textual.widgets._select import SelectCurrent

    from schoolcare.domain.registry import CATEGORIES, STATUSES

    app = app_for(school.small.coordinator, lang=lang)
    found = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press_settled(pilot, "2")
        search = app.screen.query_one("#pupil-search", Input)
        if not shown_whole(app, search, search.placeholder):
            found.append(f"search hint: {search.placeholder}")
        choices = {"filter-category": CATEGORIES, "filter-teacher": ("none",),
                   "filter-status": ("all", *STATUSES), "filter-flag": ("turning_16", "needs_review")}
        for select in app.screen.query("#pupil-filters Select").results(Select):
            for value in (None, *choices.get(select.id, ())):  # None: as the list opens
                if value is not None:
                    select.value = value
                    await settle(pilot, 1)
                current = select.query_one(SelectCurrent)
                words = current.placeholder if current.label is Select.NULL else current.label
                if select.region.right > size[0] or not shown_whole(app, select, str(words)):
                    found.append(f"filter: {words}")
        await press_settled(pilot, "n")
        form = app.screen
        if form.query_one("#pupil-form").outer_size.width > size[0]:
            found.append("new pupil: wider than the terminal")
        for box in form.query(".form-flags Checkbox").results(Checkbox):
            box.focus()  # the form scrolls it into view; on a busy machine that paint may come a few frames later
            for _ in range(10):
                await settle(pilot, 1)
                if shown_whole(app, box, str(box.label)):
                    break
            else:
                found.append(f"new pupil flag: {box.label}")
        await press_settled(pilot, "escape", "ctrl+f")
        if app.screen.query_one("#find-pupil").outer_size.width > size[0]:
            found.append("find a pupil: wider than the terminal")
        await press_settled(pilot, "escape", "3", "o")
        for grouping in ("by class", "by teacher"):  # g: the other grouping, with its group lines
            items = app.screen.query_one("#overdue-items", DataTable)
            width, room = items.virtual_size.width, items.scrollable_content_region.width
            if width > room:
                found.append(f"overdue list {grouping}: {width} columns in {room}")
            await press_settled(pilot, "g")
    assert not found, found
