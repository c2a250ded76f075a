"""The code stays as ruff's settings in pyproject.toml want it: sorted imports, no unused names, no relative
imports, modern syntax — a newcomer's change that breaks them fails here, not in review."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "schoolcare", "tests", "bench",
                             "tools"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-1000:]
