"""A headless command starts without the TUI: `schoolcare report week` loads no Textual (it would cost every
script and scheduled export the app's start-up), checked in a fresh interpreter as a user would run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from schoolcare.cli import main
from schoolcare.store import database as store_db

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from schoolcare.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "textual": sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))}))
"""


def test_report_week_runs_without_loading_textual(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'school.db'}"
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "first-pass")
    try:
        assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", url]) == 0
    finally:
        store_db.close_database()
    capsys.readouterr()
    env = {**os.environ, "SCHOOLCARE_PASSWORD": "first-pass", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", PROBE, "report", "week", "--db", url, "--user", "coord"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["code"] == 0, result.stderr[-2000:]
    assert found["textual"] == [], f"report week loaded {found['textual'][:5]}"
