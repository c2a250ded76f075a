"""Search keys of the registry: a name's pinyin and initials (张子涵 → zhangzihan, zzh), and class names as schools write them.

The roster import, the pupil registry and the demo generator all use these,
so search finds imported and generated pupils alike.
"""
from __future__ import annotations

from functools import lru_cache

COMPOUND_SURNAMES = ("欧阳", "上官", "司马", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "西门")
# Surnames whose reading differs from the character's everyday reading (曾 is zēng, not céng).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "种": "chong", "重": "chong",
    "员": "yun", "折": "she", "尉": "yu", "秘": "bi", "召": "shao", "长": "chang", "万": "wan",
}
GRADE_NUMERALS = "一二三四五六七八九"


def class_name(grade: int, number: int) -> str:
    """A class's name as schools write it: class_name(3, 2) == "三年级(2)班"."""
    numeral = GRADE_NUMERALS[grade - 1] if 1 <= grade <= len(GRADE_NUMERALS) else str(grade)
    return f"{numeral}年级({number})班"


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name); compound surnames such as 欧阳 are kept whole."""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    out: list[str] = []
    for token in lazy_pinyin(text):  # lazy style: no tones, ü written as v (lv, nv)
        cleaned = "".join(ch for ch in token.lower() if ch.isascii() and ch.isalnum())
        if cleaned:
            out.append(cleaned)
    return tuple(out)


def pinyin_of(name: str) -> tuple[str, str]:
    """The search keys of a name: pinyin_of("张子涵") == ("zhangzihan", "zzh"); pinyin_of("曾晓") == ("zengxiao", "zx").

    Lower-case, without tones or separators (ü is written v: 吕 → lv), the
    surname read as a surname (曾 zeng, 单 shan). Latin letters and digits in a
    name are kept, lower-cased; spaces and punctuation such as · are dropped.
    The generator and the roster import both use this, so search finds
    generated and imported pupils alike.
    """
    name = name.strip()
    if not name:
        return "", ""
    surname, given = split_surname(name)
    first = (SURNAME_READINGS[surname],) if surname in SURNAME_READINGS else _syllables(surname)
    parts = first + _syllables(given)
    return "".join(parts), "".join(p[0] for p in parts)
