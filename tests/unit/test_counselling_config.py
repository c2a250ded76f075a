"""incidents.yaml's counselling_topics: read strictly, each mistake named by line and key; optional for a config
written before counselling existed."""
from __future__ import annotations

import re
import shutil

import pytest

from schoolcare.config import check_config, load_settings
from schoolcare.domain.settings import COUNSELLING_TOPICS
from tests.unit.test_config import SHIPPED, edit, line_with, where


@pytest.fixture
def cfg(tmp_path):
    shutil.copytree(SHIPPED, tmp_path / "config")
    return tmp_path / "config"


def test_the_shipped_topics_are_the_plans_six():
    topics = load_settings().counselling_topics
    assert [t.name.zh for t in topics] == ["学习压力", "亲子关系", "同伴关系", "情绪困扰", "行为问题", "其他"]
    assert topics == COUNSELLING_TOPICS  # the defaults a config without the section gets are the same


def test_a_config_without_topics_gets_the_defaults(cfg):
    path = cfg / "incidents.yaml"
    path.write_text(re.sub(r"\n(# [^\n]*\n)*counselling_topics:.*", "\n", path.read_text(encoding="utf-8"),
                           flags=re.S), encoding="utf-8")
    assert "counselling_topics" not in path.read_text(encoding="utf-8")
    assert load_settings(cfg).counselling_topics == COUNSELLING_TOPICS


def test_a_duplicate_topic_or_an_unknown_key_is_named(cfg):
    edit(cfg, "incidents.yaml", "  - id: other\n    name: {zh: 其他, en: Other}",
         "  - id: peers\n    name: {zh: 其他, en: Other}\n    colour: red")
    colour = line_with(cfg, "incidents.yaml", "colour: red")
    assert where(check_config(cfg)) == [("incidents.yaml", colour - 2, "counselling_topics[5].id"),
                                        ("incidents.yaml", colour, "counselling_topics[5].colour")]
