"""Generated bad config (hypothesis): check_config answers every mutation of the shipped files with a list
of problems, each naming its file, and load_settings raises only ConfigError — never a traceback."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolcare.config import FILES, ConfigError, ConfigProblem, check_config, load_settings
from schoolcare.i18n import LANGUAGES
from tests.unit.test_config import line as said_line

SHIPPED = Path(__file__).resolve().parents[2] / "config"
TEXTS = {name: (SHIPPED / name).read_text(encoding="utf-8") for name in FILES}
FUZZ = settings(max_examples=int(os.environ.get("SCHOOLCARE_FUZZ_EXAMPLES", 60)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SCALARS = st.one_of(
    st.sampled_from(["9" * 5000, "-" + "9" * 5000, "0x" + "f" * 3000, "1e999", ".nan", "-.inf", "1_000", "0o17",
                     "190:20:30", "~", "null", "yes", "no", "2026-02-30", "0000-01-01", "9999-12-31", "2026-09-01T10:00",
                     "'2026-09-01'", "[]", "{}", "[1, 2", "{a: 1", "*anchor", "&a [*a]", "!!python/object:os.system",
                     "!!binary aGVsbG8=", "|", ">", "'", '"', "\t1", "\x00", "\u202e", "- - -", ": :", "? x"]),
    st.integers().map(str), st.floats().map(str), st.text(max_size=20),
)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "config"
        shutil.copytree(SHIPPED, target)
        yield target


def check(folder: Path, name: str, text: str) -> list[ConfigProblem]:
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        problems = check_config(folder)
        assert all(isinstance(p, ConfigProblem) and p.file in FILES and p.code for p in problems)
        for lang in LANGUAGES:  # every problem has its words in both languages, a 5,000-digit value quoted short
            said = [said_line(p, lang) for p in problems]
            assert all("⟨" not in text and len(text) < 1000 for text in said), said
        if problems:
            with pytest.raises(ConfigError):
                load_settings(folder)
        return problems
    finally:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")


def _values(text: str) -> list[tuple[int, int]]:
    """(start, end) of every value after a 'key: ' on a line."""
    spans, at = [], 0
    for line in text.splitlines(keepends=True):
        body = line.split("#", 1)[0]
        colon = body.find(": ")
        if colon > 0 and body[colon + 2:].strip():
            spans.append((at + colon + 2, at + len(body.rstrip())))
        at += len(line)
    return spans


@FUZZ
@given(name=st.sampled_from(list(FILES)), data=st.data(), value=SCALARS)
def test_any_value_replaced_by_a_bad_one_is_a_problem_or_fine(folder, name, data, value):
    spans = _values(TEXTS[name])
    start, end = data.draw(st.sampled_from(spans))
    check(folder, name, TEXTS[name][:start] + value + TEXTS[name][end:])


@FUZZ
@given(name=st.sampled_from(list(FILES)), data=st.data(),
       insert=st.sampled_from(["\t", " ", "  ", "- ", ":", "\n", "#", "'", "{", "[", "&x ", "*x", "\x00", "\ufeff"]))
def test_a_character_inserted_or_lines_dropped_anywhere(folder, name, data, insert):
    text = TEXTS[name]
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    lines = text[:at].splitlines(keepends=True)
    drop = data.draw(st.integers(min_value=0, max_value=3))
    kept = "".join(lines[: max(0, len(lines) - drop)])
    check(folder, name, kept + insert + text[at:])


@FUZZ
@given(name=st.sampled_from(list(FILES)),
       tree=st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
                                   st.dates()),
                         lambda children: st.lists(children, max_size=4)
                         | st.dictionaries(st.sampled_from(["rules", "id", "name", "zh", "en", "terms", "calendar",
                                                            "language", "start", "end", "import", "max_rows",
                                                            "at_least", "period", "kinds", "sections", "items",
                                                            "room_kinds", "equipment", "count", "sessions"])
                                           | st.text(max_size=5), children, max_size=4),
                         max_leaves=20))
def test_any_yaml_document_gets_a_problem_list(folder, name, tree):
    check(folder, name, yaml.safe_dump(tree, allow_unicode=True))


@FUZZ
@given(name=st.sampled_from(list(FILES)), raw=st.binary(max_size=300))
def test_any_bytes_get_a_problem_list(folder, name, raw):
    path = folder / name
    path.write_bytes(raw)
    try:
        problems = check_config(folder)
        assert all(isinstance(p, ConfigProblem) for p in problems)
        assert all("⟨" not in said_line(p, lang) for p in problems for lang in LANGUAGES)
    finally:
        path.write_text(TEXTS[name], encoding="utf-8")
