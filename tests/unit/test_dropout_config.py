"""rules.yaml's dropout keys: the shipped values, defaults when absent, and each mistake named by line and key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schoolcare.config import check_config, load_settings
from schoolcare.domain.dropouts import DropoutRules
from tests.unit.test_config import SHIPPED, edit, line_with, where, words


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(SHIPPED, target)
    return target


def test_the_shipped_rules_open_a_case_after_three_unexcused_days():
    rules = load_settings().dropout_rules
    assert rules.after_unexcused_days == 3
    assert (rules.registration_days, rules.first_persuasion_days, rules.persuasion_days,
            rules.written_report_days) == (1, 3, 15, 3)


def test_without_the_keys_the_defaults_hold(cfg: Path):
    text = (cfg / "rules.yaml").read_text(encoding="utf-8")
    start = text.index("# 控辍保学")
    end = text.index("  written_report_days: 3\n") + len("  written_report_days: 3\n")
    (cfg / "rules.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_settings(cfg).dropout_rules == DropoutRules()


def test_bad_values_and_unknown_keys_are_named(cfg: Path):
    edit(cfg, "rules.yaml", "dropout_after_unexcused_days: 3", "dropout_after_unexcused_days: 0")
    edit(cfg, "rules.yaml", "  persuasion_days: 15", "  persuade_days: 15")
    problems = check_config(cfg)
    assert where(problems) == [
        ("rules.yaml", line_with(cfg, "rules.yaml", "dropout_after_unexcused_days:"), "dropout_after_unexcused_days"),
        ("rules.yaml", line_with(cfg, "rules.yaml", "persuade_days"), "dropout_deadlines.persuade_days"),
    ]
    assert "did you mean 'persuasion_days'" in words(problems[1])
