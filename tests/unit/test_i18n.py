"""The one catalog is complete and lean: every key and error code the code uses exists in both languages,
and every entry is used by something."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from schoolcare.domain.roles import Permission, Role
from schoolcare.i18n import catalog

PACKAGE = Path(__file__).resolve().parents[2] / "schoolcare"
# t("key", …) looks a key up now; N_("key") marks one looked up later (binding descriptions, tables of keys);
# text(lang, "key") and word(lang, "key", fallback) look one up in a given language (exported files).
LOOKUPS = {"t": 0, "N_": 0, "say": 0, "text": 1, "word": 1}
# A refusal's first argument is its code, rendered as the catalog's error.<code>; so is reason()'s.
REFUSALS = {"Refusal", "InvalidField", "ServiceError", "PermissionDenied", "NotFound", "ValidationError",
            "AuthError", "CommandError", "reason"}
CJK = re.compile(r"[\u3400-\u9fff]")
LETTERS = re.compile(r"[A-Za-z]")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# zh texts that may rightly be written without Chinese characters.
SAME_IN_BOTH = {"ID", "OK"}


def _name(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keys_in(source: str) -> list[tuple[str, int]]:
    """Literal keys looked up (t, N_, text, word) and error codes raised (as error.<code>), parsed, so
    docstrings and comments don't count."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in LOOKUPS and len(node.args) > LOOKUPS[name]:
            key = _literal(node.args[LOOKUPS[name]])
            if key is not None:
                found.append((key, node.lineno))
        elif name in REFUSALS and node.args:
            code = _literal(node.args[0])
            if code is not None:
                found.append((f"error.{code}", node.lineno))
    return found


def _sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))]


def used_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path, source in _sources():
        for key, line in keys_in(source):
            found.setdefault(key, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return found


def raised_codes() -> set[str]:
    """The literal codes every Refusal constructor and reason() call in the code names."""
    codes = set()
    for _, source in _sources():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and _name(node) in REFUSALS and node.args:
                code = _literal(node.args[0])
                if code is not None:
                    codes.add(code)
    return codes


def mentioned(source: str) -> tuple[set[str], set[str]]:
    """Every string constant (a key in a table, a code kept in a row) and every f-string's constant head
    (t(f"care.channel.{c}") uses every care.channel.* key)."""
    constants, prefixes = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and node.values and _literal(node.values[0]):
            prefixes.add(node.values[0].value)
        elif (value := _literal(node)) is not None:
            constants.add(value)
    return constants, prefixes


def test_the_scan_sees_lookups_marked_keys_and_codes_but_not_prose():
    source = ('x = t("a.one", n=1)\ny = N_(\n  "a.two")\n"""t("a.doc")"""\nz = i18n.t("a.three")\n# t("a.comment")\n'
              'raise ValidationError("care.future", "date")\nw = text(lang, "a.four")\n')
    assert [key for key, _ in keys_in(source)] == ["a.one", "a.two", "a.three", "error.care.future", "a.four"]
    assert "nav.home" in used_keys()  # declared with N_ in the area registry


def test_every_key_used_in_code_is_in_the_catalog():
    known = catalog()
    missing = {key: places for key, places in used_keys().items() if key not in known}
    assert not missing, "keys missing from schoolcare/i18n: " + "; ".join(
        f"{key} ({', '.join(places[:3])})" for key, places in sorted(missing.items()))


def test_every_key_in_the_catalog_is_used():
    constants, prefixes = set(), set()
    for path, source in _sources():
        if path.parent.name == "i18n" and path.name != "__init__.py":  # the STRINGS are what is checked
            continue
        found, heads = mentioned(source)
        constants |= found
        prefixes |= heads
    used = set(used_keys())

    def is_used(key: str) -> bool:
        code = key.removeprefix("error.")
        return (key in used or key in constants or code in constants
                or any(key.startswith(head) or code.startswith(head) for head in prefixes if "." in head))

    unused = sorted(key for key in catalog() if not is_used(key))
    assert not unused, f"catalog entries nothing uses: {unused}"


def test_keys_built_from_vocabularies_exist():
    # Screens say t(f"role.{role}") and the like; every value of those vocabularies needs its entry.
    wanted = [f"role.{role.value}" for role in Role]
    wanted += [f"error.permission.{p.value}" for p in Permission]  # services.access.require
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
