"""The county home at 80×24, in both languages: every figure of the county's summary whole on the screen, the
highlighted school's detail line whole, and at least five rows of the schools table (a county of five schools)."""
from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable, Static

from schoolcare.services.tabular import display_width
from schoolcare.store.models import School
from schoolcare.ui.county.schools import SUMMARY_WIDTH, SchoolsPane, county_lines, detail_line, summary_groups
from tests.county_factories import build_county
from tests.factories import build_small_school
from tests.ui.helpers import settle
from tests.ui.test_languages import screen_text

NARROW = (80, 24)
# What the summary must say whole, written out (not taken from the code under test), per language.
EXPECTED = {"zh-CN": ("5 所学校", "学生 30", "留守 30", "关爱责任人覆盖 83%（缺 5 人）", "亲情电话 0%", "谈心谈话 0%",
                      "家访 0%", "逾期隐患 0", "逾期强制报告 0", "2026Q4 台账已报 0/5 校"),
            "en": ("schools: 5", "pupils: 30", "left-behind: 30", "care-teacher coverage 83% (5 without)",
                   "Family call 0%", "Teacher talk 0%", "Home visit 0%", "late hazards: 0", "late reports: 0",
                   "2026Q4 ledgers sent: 0/5")}


@pytest.fixture
def five_schools(database):
    county = build_county()
    for name, prefix, code in (("柳林村小学", "d", "LL04"), ("石门乡中心小学", "e", "SM05")):
        school = build_small_school(name, prefix)
        School.update(code=code).where(School.id == school.school_id).execute()
    return county


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_every_figure_and_five_schools_show_at_80x24(app_for, five_schools, lang):
    app = app_for(five_schools.bureau, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, 5)
        text = screen_text(app)
        pane = app.screen.query_one(SchoolsPane)
        missing = [figure for figure in EXPECTED[lang] if figure not in text]
        missing += [piece for group in summary_groups(pane.overview) for piece, _ in group if piece not in text]
        assert not missing, f"summary figures not on the screen: {missing}\n{text}"
        table = app.screen.query_one("#cy-schools", DataTable)
        rows_shown = table.size.height - 1 - table.scrollbar_size_horizontal  # less the header and the scrollbar
        assert table.row_count == 5 and rows_shown >= 5, text
        names = [s.name for s in pane.overview.schools]
        assert all(name in text for name in names), text
        detail = app.screen.query_one("#cy-detail", Static)
        lines = text.splitlines()[detail.region.y:detail.region.bottom]
        whole = detail_line(pane.overview, pane.overview.schools[0])
        assert _squeezed(whole) in _squeezed("".join(lines)), f"detail cut: {whole!r}\n{text}"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_no_summary_figure_is_broken_over_two_lines(five_schools, settings, lang):
    """The summary packs whole figures into lines of its width; a figure wider than that would wrap."""
    from schoolcare import i18n
    from schoolcare.services.county import schools

    i18n.set_language(lang)
    overview = schools.overview(five_schools.bureau, settings)
    lines = county_lines(overview).plain.splitlines()
    assert max(display_width(line) for line in lines) <= SUMMARY_WIDTH
    assert len(lines) <= 7  # what the panel holds at 24 rows
