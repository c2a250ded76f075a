"""What a start remembers of a PostgreSQL server (commands/app.py): the next start shows the login without
importing psycopg or asking the server, until the migrations differ or the server was found holding no school."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from schoolcare.commands import app as start
from schoolcare.domain.records import DatabaseInfo

URL = "postgresql://county:secret@10.0.0.5:5432/county"


def test_a_server_holding_a_school_is_remembered_without_its_password(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert start._recall(URL) is None
    start._remember(URL, DatabaseInfo(URL, "postgresql", "15.19"), empty=False)
    info, empty = start._recall(URL)
    assert (info.backend, info.version, info.url, empty) == ("postgresql", "15.19", URL, False)
    kept = (tmp_path / "schoolcare" / "databases.json").read_text()
    assert "secret" not in kept and "10.0.0.5" not in kept
    assert start._recall(URL.replace("county:secret", "other:secret")) is None  # another URL: not known


def test_new_migrations_or_an_empty_server_forget_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    start._remember(URL, DatabaseInfo(URL, "postgresql", "15.19"), empty=False)
    from schoolcare.store import probe

    real = probe.migration_names()
    monkeypatch.setattr(probe, "migration_names", lambda: [*real, "0099_future"])
    assert start._recall(URL) is None  # a newer schoolcare: asked afresh (it may have to upgrade)
    monkeypatch.setattr(probe, "migration_names", lambda: real)
    assert start._recall(URL) is not None
    start._remember(URL, DatabaseInfo(URL, "postgresql", "15.19"), empty=True)
    assert start._recall(URL) is None


def test_an_unreadable_memory_is_no_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "schoolcare").mkdir()
    (tmp_path / "schoolcare" / "databases.json").write_text("[not json")
    assert start._recall(URL) is None
    start._remember(URL, DatabaseInfo(URL, "postgresql", "15.19"), empty=False)  # rewritten whole
    assert start._recall(URL) is not None


def test_a_remembered_server_starts_without_psycopg(tmp_path):
    """The app is made (login first) with neither psycopg nor peewee imported and no connection tried: the
    address below answers nothing."""
    url = "postgresql://postgres@127.0.0.1:9/nowhere"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = f"""
import json, sys
from schoolcare.commands import app as start
from schoolcare.domain.records import DatabaseInfo
start._remember({url!r}, DatabaseInfo({url!r}, "postgresql", "15.19"), empty=False)
from schoolcare.commands.context import CommandContext
app = start.prepare_app(CommandContext(db_url={url!r}, config_dir=None, lang=None, user=None))
print(json.dumps([name in sys.modules for name in ("psycopg", "peewee")] + [app.database.version]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, False, "15.19"]
