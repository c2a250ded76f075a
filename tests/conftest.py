"""Fixtures for every tier: keep a developer's own config, data and database out of tests."""
from __future__ import annotations

import os
import tempfile

import pytest

# The settings cache (schoolcare/config/cache.py) of this run, not the developer's ~/.cache: set before any
# session-scoped fixture loads settings (the autouse fixture below comes later, per test).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="schoolcare-test-cache-")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SCHOOLCARE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    # scrypt at the shipped n=2**17 takes ~0.5 s a hash: tests hash cheaply (test_auth checks the real cost).
    monkeypatch.setenv("SCHOOLCARE_TEST_SCRYPT_N", "16")  # as tests/factories.py hashes
    for name in ("SCHOOLCARE_DB", "SCHOOLCARE_CONFIG", "SCHOOLCARE_TODAY", "SCHOOLCARE_PASSWORD", "SCHOOLCARE_USER"):
        monkeypatch.delenv(name, raising=False)
