"""What starts keep between them (domain/kept.py): kept whole or not at all, missed when what it was made from
changes, and never in the way (unreadable or unwritable, the start works it out afresh); and the word catalog,
which every start merges from its modules, refuses a key defined twice."""
from __future__ import annotations

import importlib

import pytest

from schoolcare import i18n
from schoolcare.domain import kept


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "schoolcare"


def test_a_kept_value_comes_back_and_replaces_its_older_copies(own_cache):
    kept.save("thing-1.pickle", {"a": (1, 2)})
    kept.save("thing-2.pickle", {"b": 3}, replacing="thing-*.pickle")
    assert kept.load("thing-2.pickle") == {"b": 3}
    assert kept.load("thing-1.pickle") is None
    assert sorted(p.name for p in own_cache.iterdir()) == ["thing-2.pickle"]  # no temporary file left


def test_an_unreadable_or_unwritable_cache_is_no_cache(own_cache, tmp_path, monkeypatch):
    own_cache.mkdir(parents=True)
    (own_cache / "broken.pickle").write_bytes(b"\x80\x05 not a pickle")
    assert kept.load("broken.pickle") is None
    kept.save("lambda.pickle", lambda: None)  # does not pickle: nothing written, no error
    assert not (own_cache / "lambda.pickle").exists()
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))  # no directory can be made there, even by root
    kept.save("new.pickle", [1])  # no error: the next start works it out again
    assert kept.load("new.pickle") is None


def test_the_code_stamp_changes_when_a_file_does(tmp_path):
    (tmp_path / "words.py").write_text("STRINGS = {}\n")
    (tmp_path / "notes.txt").write_text("not code")
    before = kept.code_stamp(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code, longer")
    assert kept.code_stamp(tmp_path) == before
    (tmp_path / "words.py").write_text("STRINGS = {'a': ('甲', 'A')}\n")
    assert kept.code_stamp(tmp_path) != before


def test_a_key_defined_in_two_modules_is_refused(monkeypatch):
    real = importlib.import_module

    def twice(name, *args):
        module = real(name, *args)
        if name == "schoolcare.i18n.care":
            return type("Care", (), {"STRINGS": {**module.STRINGS, "app.title": ("又一个", "again")}})
        return module

    i18n.catalog.cache_clear()
    monkeypatch.setattr(importlib, "import_module", twice)
    try:
        with pytest.raises(KeyError, match="app.title"):
            i18n.catalog()
    finally:
        monkeypatch.undo()
        i18n.catalog.cache_clear()
