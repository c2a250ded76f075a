"""The command line's help follows --lang (else the config's language), and `schoolcare --version` answers."""
from __future__ import annotations

import pytest

from schoolcare.cli import help_language, main


def _printed(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_help_is_in_the_configs_language_by_default(capsys):
    out = _printed(capsys, "--help")
    assert "留守儿童关爱服务台账" in out and "在学校网络的每个浏览器中使用本程序" in out


def test_help_follows_lang(capsys):
    out = _printed(capsys, "export", "--help", "--lang", "en")
    assert "dropout-report: the dropout case's number" in out and "书面报告" not in out
    assert "书面报告：控辍保学个案的编号" in _printed(capsys, "export", "--help", "--lang=zh-CN")


def test_version(capsys):
    assert _printed(capsys, "--version").startswith("schoolcare ")


def test_a_command_without_help_reads_no_config():
    assert help_language(["report", "week"]) == "en"  # nothing is printed from the parser's words
