"""argparse's own words follow the command's language too: "用法：", "选项", its errors; English stays argparse's."""
from __future__ import annotations

import argparse

import pytest

from schoolcare.cli import ARGPARSE_WORDS, main
from schoolcare.i18n import catalog


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    found = capsys.readouterr()
    return exit_.value.code, found.out, found.err


def test_help_in_chinese_has_no_argparse_english(capsys):
    for argv in (("--help",), ("report", "--help", "--lang", "zh-CN")):
        code, out, _ = _run(capsys, *argv)
        assert code == 0
        assert out.startswith("用法：schoolcare") and "选项" in out and "显示本帮助后退出" in out
        for english in ("usage:", "options:", "show this help message and exit", "positional arguments"):
            assert english not in out, (argv, english)


def test_errors_in_chinese_by_default_and_with_lang(capsys):
    code, _, err = _run(capsys, "init")  # the config's language (zh-CN as shipped), no --lang
    assert code == 2 and "缺少必需的参数：--school, --coordinator" in err and "required" not in err
    code, _, err = _run(capsys, "report", "bogus", "--lang", "zh-CN")
    assert code == 2 and "无效的选项：'bogus'" in err and "invalid choice" not in err and "usage:" not in err


def test_english_keeps_argparses_words(capsys):
    code, _, err = _run(capsys, "init", "--lang", "en")
    assert code == 2 and err.startswith("usage: schoolcare init")
    assert "error: the following arguments are required: --school, --coordinator" in err
    code, out, _ = _run(capsys, "--help", "--lang", "en")
    assert "options:" in out and "show this help message and exit" in out


def test_the_hook_is_only_in_place_while_parsing(capsys):
    _run(capsys, "--help", "--lang", "zh-CN")
    assert argparse._("usage: ") == "usage: "  # other argparse users in the process are untouched


def test_every_word_translated_is_one_argparse_asks_for_and_in_the_catalog():
    source = open(argparse.__file__, encoding="utf-8").read()
    for msgid, key in ARGPARSE_WORDS.items():
        assert repr(msgid)[1:-1] in source or msgid.replace("\n", "\\n") in source, msgid  # Python 3.11's msgids
        assert catalog()[key][1] == msgid, key  # English is argparse's own text
