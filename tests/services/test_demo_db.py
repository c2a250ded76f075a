"""`schoolcare demo --db URL`: the demo school in that database (built there when empty, reused after); a
database holding another school is refused in one line and left as it was."""
from __future__ import annotations

import pytest

from schoolcare.cli import main
from schoolcare.store import database as store_db
from schoolcare.store.models import Pupil, School

TODAY = "2026-11-28"


@pytest.fixture
def opened(monkeypatch):
    """What `demo` would open the app on, instead of opening it: (url, accounts)."""
    from schoolcare.commands import demo

    seen = []
    monkeypatch.setattr(demo, "open_app", lambda args, ctx, demo_accounts=(): seen.append((ctx.db_url, demo_accounts))
                        or 0)
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY)
    yield seen
    store_db.close_database()


def test_demo_builds_and_opens_the_demo_in_the_database_given(tmp_path, opened):
    from schoolcare.demo.school import demo_database_url
    from schoolcare.store.database import data_dir

    url = f"sqlite:///{tmp_path / 'mine.db'}"
    assert main(["demo", "--db", url]) == 0
    (shown_url, accounts), = opened
    assert shown_url == url and ("coordinator", "coord", "demo1234") in accounts
    assert School.get().name == "青山镇中心小学" and Pupil.select().count() == 600
    assert url != demo_database_url() and not (data_dir() / "demo.db").exists()  # not the default file
    store_db.close_database()
    assert main(["demo", "--db", url]) == 0  # reused, not built again
    assert opened[1][0] == url and School.select().count() == 1 and Pupil.select().count() == 600


def test_demo_refuses_a_database_holding_another_school(tmp_path, opened, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "first-pass")
    assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", url]) == 0
    store_db.close_database()
    capsys.readouterr()
    assert main(["demo", "--db", url, "--lang", "en"]) == 1
    err = capsys.readouterr().err.splitlines()[-1]  # after the line saying the demo is being opened
    assert err == (f"schoolcare: --db: {url} holds the school 青石镇中心小学, not the demo: give an empty database, "
                   "or leave out --db")
    assert main(["demo", "--db", url]) == 1
    assert "不是演示学校" in capsys.readouterr().err
    assert opened == []
    store_db.open_database(url)
    assert [s.name for s in School.select()] == ["青石镇中心小学"] and Pupil.select().count() == 0
