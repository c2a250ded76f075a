"""Panels of Chinese text wrap as a reader expects (the home screen's problems at 80 columns)."""
from __future__ import annotations

from rich.cells import cell_len

from schoolcare.ui.kit.wrap import wrap_lines

PROBLEMS = "2 名留守儿童还没有关爱责任人（代理监护人）：\n  · 五年级(1)班 202200418 胡成杰"


def test_a_number_stays_with_its_sentence_and_lines_fit():
    for width in (20, 27, 33, 40):
        lines = wrap_lines(PROBLEMS, width)
        assert lines[0].startswith("2 名"), lines  # never "2" alone on a line
        assert all(cell_len(line) <= width for line in lines), lines


def test_names_are_not_split_and_closing_marks_do_not_start_a_line():
    for width in range(14, 40):
        lines = wrap_lines(PROBLEMS, width)
        assert any("胡成杰" in line for line in lines), (width, lines)
        assert not any(line.lstrip().startswith(("，", "：", "）")) for line in lines), (width, lines)


def test_continuation_lines_keep_the_indent_of_a_list_item():
    lines = wrap_lines("  · 在“统计报表”（6）中按 x 导出季度台账，并登记报送", 20)
    assert len(lines) > 1 and all(line.startswith("  ") for line in lines)
