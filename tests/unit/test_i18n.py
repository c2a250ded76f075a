"""The i18n catalog is complete: every key the code uses exists, and both languages say something real."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from schoolcare.domain.roles import Role
from schoolcare.domain.settings import PERIODS, SUBJECTS
from schoolcare.i18n import catalog

PACKAGE = Path(__file__).resolve().parents[2] / "schoolcare"
# t("key", …) looks a key up now; N_("key") marks one looked up later (binding descriptions, tables of keys).
LOOKUPS = {"t", "N_"}
CJK = re.compile(r"[\u3400-\u9fff]")
LETTERS = re.compile(r"[A-Za-z]")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# zh texts that may rightly be written without Chinese characters.
SAME_IN_BOTH = {"ID", "OK"}


def keys_in(source: str) -> list[tuple[str, int]]:
    """Literal keys passed to t() / N_() (or obj.t()), parsed, so docstrings and comments don't count."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        first = node.args[0]
        if name in LOOKUPS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value, node.lineno))
    return found


def used_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for key, line in keys_in(path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return found


def test_the_scan_sees_lookups_and_marked_keys_but_not_prose():
    source = 'x = t("a.one", n=1)\ny = N_(\n  "a.two")\n"""t("a.doc")"""\nz = i18n.t("a.three")\n# t("a.comment")\n'
    assert [key for key, _ in keys_in(source)] == ["a.one", "a.two", "a.three"]
    assert "nav.home" in used_keys()  # declared with N_ in the area registry


def test_every_key_used_in_code_is_in_the_catalog():
    known = catalog()
    missing = {key: places for key, places in used_keys().items() if key not in known}
    assert not missing, "keys missing from schoolcare/ui/i18n: " + "; ".join(
        f"{key} ({', '.join(places[:3])})" for key, places in sorted(missing.items()))


def test_keys_built_from_vocabularies_exist():
    # Screens say t(f"role.{role}") and the like; every value of those vocabularies needs its entry.
    wanted = [f"role.{role.value}" for role in Role] + [f"period.{p}" for p in PERIODS]
    wanted += [f"subject.{s}" for s in SUBJECTS]
    assert [key for key in wanted if key not in catalog()] == []


def test_every_entry_has_both_languages():
    empty = [key for key, (zh, en) in catalog().items() if not zh.strip() or not en.strip()]
    assert not empty, f"entries with an empty zh or en text: {empty}"


def test_chinese_texts_are_chinese():
    untranslated = [
        key for key, (zh, en) in catalog().items()
        if LETTERS.search(PLACEHOLDER.sub("", en)) and not CJK.search(zh) and zh not in SAME_IN_BOTH
    ]
    assert not untranslated, f"zh texts without a Chinese character: {untranslated}"


def test_both_languages_take_the_same_values():
    field = re.compile(r"\{(\w+)")
    differ = [key for key, (zh, en) in catalog().items() if set(field.findall(zh)) != set(field.findall(en))]
    assert not differ, f"entries whose zh and en texts take different values: {differ}"
