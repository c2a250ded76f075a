"""Fixtures for every tier: keep a developer's own config, data and database out of tests."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SCHOOLCARE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    for name in ("SCHOOLCARE_DB", "SCHOOLCARE_CONFIG", "SCHOOLCARE_TODAY", "SCHOOLCARE_PASSWORD", "SCHOOLCARE_USER"):
        monkeypatch.delenv(name, raising=False)
