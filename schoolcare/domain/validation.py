"""Checking what people type or import: phone numbers, dates, required fields, choices; each returns the clean value or raises InvalidField."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from schoolcare.domain.errors import Refusal
from schoolcare.domain.shorten import shorten

# Excel counts days from 1899-12-30 (its 1900 leap-year bug is folded into that epoch).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010 and 02x are three digits, every other is four; local numbers 7 or 8 digits.
LANDLINE_RE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$")
DATE_RE = re.compile(r"^(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?$")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
TIME_SUFFIX_RE = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$")


class InvalidField(Refusal, ValueError):
    """A value the user can correct: `code` picks the words (i18n), `field` names what is wrong, `params` fill them."""

    def __init__(self, code: str, /, field: str = "", **params) -> None:
        # The refused value is echoed cut short: a 5,000-character cell must not make a 5,000-character message.
        if isinstance(params.get("value"), str):
            params["value"] = shorten(params["value"])
        super().__init__(code, field, **params)


def normalise_text(value: object) -> str:
    """Full-width letters and digits to half-width, every kind of space trimmed, hidden characters (see
    hidden_char) as U+FFFD; None is ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13812345678.0 from a spreadsheet cell is the number, not a float
    text = unicodedata.normalize("NFKC", str(value))
    if hidden_char(text):  # never pass one on (the checks refuse them first): shown as U+FFFD, in place
        text = "".join("\ufffd" if hidden_char(ch) else ch for ch in text)
    return " ".join(text.split())


def required(value: object, field: str) -> str:
    text = normalise_text(visible_text(value, field) if isinstance(value, str) else value)
    if not text:
        raise InvalidField("required", field)
    return text


def phone(value: object, field: str = "phone", *, needed: bool = False) -> str:
    """A Chinese mobile (13812345678) or landline (0755-1234567); '' when blank and not needed.

    Accepts full-width digits, spaces, dashes, brackets and a +86 prefix; returns the mobile as 11
    digits and a landline as AREA-LOCAL.
    """
    text = normalise_text(value)
    if not text:
        if needed:
            raise InvalidField("required", field)
        return ""
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not (digits.isascii() and digits.isdigit()):  # ０-９ are half-width by now; ᧚ or ٣ are no phone digits
        raise InvalidField("phone_chars", field, value=text)
    if MOBILE_RE.match(digits):
        return digits
    landline = LANDLINE_RE.match(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    if digits.startswith("1"):
        raise InvalidField("phone_mobile", field, value=text)
    raise InvalidField("phone_format", field, value=text)


def excel_serial(number: float) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def date(value: object, field: str = "date", *, needed: bool = False) -> dt.date | None:
    """A date from a date, an Excel serial, or text: 2012-03-05, 2012年3月5日, 2012.3.5, 2012/3/5, 20120305."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < (LATEST - EXCEL_EPOCH).days:
            return excel_serial(value)
        raise InvalidField("date_format", field, value=str(value))
    text = normalise_text(value)
    if not text:
        if needed:
            raise InvalidField("required", field)
        return None
    text = TIME_SUFFIX_RE.sub("", text)  # "2012-03-05 00:00:00" from a spreadsheet's date-time
    match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
    if match is None:
        # A serial number that arrived as text (a CSV saved from a General-formatted column).
        if text.isascii() and text.isdigit() and 3 <= len(text) <= 5:
            return excel_serial(int(text))
        raise InvalidField("date_format", field, value=text)
    year, month, day = (int(part) for part in match.groups())
    try:
        result = dt.date(year, month, day)
    except ValueError:
        raise InvalidField("date_invalid", field, value=text) from None
    if not EARLIEST <= result <= LATEST:
        raise InvalidField("date_range", field, value=text)
    return result


def birth_date(value: object, today: dt.date, field: str = "birth_date") -> dt.date:
    """A pupil's date of birth: required, in the past, and a plausible school age (2–25)."""
    born = date(value, field, needed=True)
    assert born is not None
    if born >= today:
        raise InvalidField("birth_future", field, value=born.isoformat())
    years = (today - born).days // 365
    if not 2 <= years <= 25:
        raise InvalidField("birth_age", field, value=born.isoformat())
    return born


def age(value: object, field: str = "age") -> int | None:
    """An adult's age in years ('45', '45岁', '４５'); None when blank."""
    text = normalise_text(value).removesuffix("岁").strip()
    if not text:
        return None
    # isascii: int() refuses some digits isdigit() accepts (①, ᧚) and more than 4,300 of them.
    if not (text.isascii() and text.isdigit() and len(text) <= 3) or not 0 < int(text) < 120:
        raise InvalidField("age", field, value=text)
    return int(text)


@dataclass(frozen=True)
class Choice:
    """A closed set of values, each with the words people write for it in either language."""

    name: str
    words: dict[str, tuple[str, ...]]

    def parse(self, value: object, field: str, *, default: str | None = None) -> str:
        text = normalise_text(value).lower()
        if not text:
            if default is not None:
                return default
            raise InvalidField("required", field)
        for canonical, words in self.words.items():
            if text == canonical or text in words:
                return canonical
        allowed = " / ".join(words[0] for words in self.words.values())
        raise InvalidField("choice", field, value=text, allowed=allowed)


GENDER = Choice("gender", {"m": ("男", "male", "男生"), "f": ("女", "female", "女生")})
YES_NO = Choice("yes_no", {
    "yes": ("是", "y", "yes", "true", "1", "√", "✓", "有"),
    "no": ("否", "n", "no", "false", "0", "×", "无", "不是"),
})
CAPACITY = Choice("capacity", {
    "full": ("有", "有监护能力", "完全", "yes"),
    "limited": ("部分", "较弱", "弱", "有限", "limited"),
    "none": ("无", "无监护能力", "没有", "no"),
})
STATUS = Choice("status", {
    "enrolled": ("在读", "在校"),
    "transferred": ("转出",),
    "dropped_out": ("辍学",),
    "graduated": ("毕业",),
})
RELATION = Choice("relation", {
    "father": ("父亲", "父", "爸爸"),
    "mother": ("母亲", "母", "妈妈"),
    "grandfather": ("祖父", "爷爷", "外祖父", "外公"),
    "grandmother": ("祖母", "奶奶", "外祖母", "外婆"),
    "other": ("其他", "其它", "亲属", "叔叔", "阿姨", "伯伯", "姑姑", "舅舅", "哥哥", "姐姐"),
})
ASPECTS = ("family", "guardianship", "schooling", "psychological")


def yes_no(value: object, field: str, *, default: bool = False) -> bool:
    return YES_NO.parse(value, field, default="yes" if default else "no") == "yes"


def student_no(value: object, field: str = "student_no") -> str:
    """A student number: required, spaces removed (they are never part of one)."""
    text = required(value, field).replace(" ", "")
    if len(text) > 40:
        raise InvalidField("too_long", field, value=text, limit=40)
    return text


# Characters no one types on purpose: they hide or reorder text on screen (a right-to-left override makes
# "exe.txt" read "txt.exe"), break the xlsx export (XML has no control characters) or a later search.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
LINE_BREAKS = frozenset("\t\n\r")  # kept in notes; a one-line field turns them into spaces


def hidden_char(text: str) -> str | None:
    """The first character `text` must not hold, as U+XXXX: a control (tab and line breaks aside),
    a bidi override, a zero-width or other format character, the line and paragraph separators U+2028/U+2029,
    a lone surrogate or a non-character."""
    if text.isprintable():  # nearly every text: one C-speed pass (every character refused here is unprintable)
        return None
    for ch in text:
        if ch in LINE_BREAKS or ch.isprintable() and ch not in BIDI_CONTROLS and ch not in ZERO_WIDTH:
            continue
        category = unicodedata.category(ch)
        # Zl/Zp: U+2028/U+2029 end a line for some programs and not for others (a one-line field would hide them).
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") or ch in ("\ufffe", "\uffff"):
            return f"U+{ord(ch):04X}"
    return None


def visible_text(value: object, field: str) -> str:
    """`value` as text (None is ''), or InvalidField('text_char', field, char='U+202E') when it holds a
    control, bidi or zero-width character. Every text a person types or imports goes through here."""
    text = "" if value is None else str(value)
    char = hidden_char(text)
    if char is not None:
        raise InvalidField("text_char", field, char=char)
    return text


# ---------------------------------------------------------------- 全国学籍号 (the national student number)

# G or J and a resident ID number (GB 11643: 17 digits and a check digit or X), or L and 18 digits for a
# pupil without one. The check digit is ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, (12 - sum mod 11) mod 11.
NATIONAL_ID_RE = re.compile(r"^(?:[GJ][0-9]{17}[0-9X]|L[0-9]{18})$")  # [0-9]: \d takes any script\'s digits
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"  # indexed by the weighted sum mod 11
NATIONAL_ID_EXAMPLE = "G43052420150305123X"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit (0-9 or X) of a resident ID number's first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def national_id(value: object, field: str = "national_id") -> str:
    """A 全国学籍号 as stored (upper-case, no spaces), '' when blank; refused with words showing a valid one.

    Full-width letters and digits, spaces and dashes are taken as typed by an IME or copied from a document."""
    text = re.sub(r"[\s\-]", "", normalise_text(value)).upper()
    if not text:
        return ""
    example = NATIONAL_ID_EXAMPLE
    if len(text) != 19:
        raise InvalidField("national_id.length", field, value=text, length=len(text), example=example)
    if not NATIONAL_ID_RE.match(text):
        raise InvalidField("national_id.format", field, value=text, example=example)
    if text[0] in "GJ" and id_check_digit(text[1:18]) != text[18]:
        raise InvalidField("national_id.check", field, value=text, example=example)
    return text
