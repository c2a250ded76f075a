"""What a teacher may type (or a roster may hold) for phones, dates, ages and choices, and what is refused with the field named."""
from __future__ import annotations

import datetime as dt

import pytest

from schoolcare.domain import validation as v
from schoolcare.domain.validation import InvalidField
from schoolcare.i18n import reason

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize("typed, stored", [
    ("13812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),  # full-width digits from a Chinese IME
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    (13812345678.0, "13812345678"),  # a spreadsheet cell holding a number
    ("0755-1234567", "0755-1234567"),
    ("(0755)12345678", "0755-12345678"),
    ("（０７５５）１２３４５６７", "0755-1234567"),
    ("010 87654321", "010-87654321"),
    ("02188889999", "021-88889999"),
    ("  ", ""),
])
def test_phone_numbers_are_normalised(typed, stored):
    assert v.phone(typed) == stored


@pytest.mark.parametrize("typed, code", [
    ("1381234567", "phone_mobile"),  # one digit short
    ("12812345678", "phone_mobile"),  # 12x is no mobile prefix
    ("138123456789", "phone_mobile"),
    ("0755-123", "phone_format"),
    ("12345", "phone_mobile"),
    ("98765432", "phone_format"),
    ("138-abcd-5678", "phone_chars"),
])
def test_wrong_phone_numbers_name_the_field_and_why(typed, code):
    with pytest.raises(InvalidField) as caught:
        v.phone(typed, "father_phone")
    assert caught.value.field == "father_phone"
    assert caught.value.code == code


def test_a_needed_phone_cannot_be_blank():
    with pytest.raises(InvalidField) as caught:
        v.phone("", "phone", needed=True)
    assert caught.value.code == "required"


@pytest.mark.parametrize("typed", [
    "2012-03-05", "2012-3-5", "2012年3月5日", "２０１２年３月５日", "2012.3.5", "2012/3/5", "2012/03/05",
    "20120305", " 2012.03.05 ", "2012-03-05 00:00:00", 40973, 40973.0, "40973",
    dt.date(2012, 3, 5), dt.datetime(2012, 3, 5, 0, 0),
])
def test_dates_in_every_usual_spelling(typed):
    assert v.date(typed) == dt.date(2012, 3, 5)


@pytest.mark.parametrize("typed, code", [
    ("2012-02-30", "date_invalid"),
    ("2012年13月1日", "date_invalid"),
    ("3/5/2012", "date_format"),
    ("last spring", "date_format"),
    ("1850-01-01", "date_range"),
])
def test_impossible_dates_are_refused(typed, code):
    with pytest.raises(InvalidField) as caught:
        v.date(typed, "birth_date")
    assert (caught.value.field, caught.value.code) == ("birth_date", code)


def test_blank_date_is_none_unless_needed():
    assert v.date("") is None and v.date(None) is None
    with pytest.raises(InvalidField):
        v.date(" ", "noted_on", needed=True)


def test_birth_date_must_be_a_plausible_pupil():
    assert v.birth_date("2015年5月1日", TODAY) == dt.date(2015, 5, 1)
    with pytest.raises(InvalidField) as caught:
        v.birth_date("2027-01-01", TODAY)
    assert caught.value.code == "birth_future"
    with pytest.raises(InvalidField) as caught:
        v.birth_date("1970-01-01", TODAY)
    assert caught.value.code == "birth_age"


def test_required_trims_and_refuses_blank():
    assert v.required("  张小三\u3000", "name") == "张小三"
    with pytest.raises(InvalidField) as caught:
        v.required("\u3000 ", "name")
    assert (caught.value.field, caught.value.code) == ("name", "required")


def test_choices_accept_chinese_and_english_words():
    assert v.GENDER.parse("女", "gender") == "f"
    assert v.GENDER.parse("M", "gender") == "m"
    assert v.RELATION.parse("奶奶", "relation") == "grandmother"
    assert v.CAPACITY.parse("无", "capacity") == "none"
    assert v.CAPACITY.parse("", "capacity", default="full") == "full"
    assert v.STATUS.parse("在读", "status") == "enrolled"
    assert v.yes_no("是", "away") is True and v.yes_no("", "away") is False and v.yes_no(0, "away") is False
    with pytest.raises(InvalidField) as caught:
        v.GENDER.parse("unknown", "gender")
    assert caught.value.code == "choice"


def test_ages_and_student_numbers():
    assert v.age("45岁") == 45 and v.age("４５") == 45 and v.age(45.0) == 45 and v.age("") is None
    with pytest.raises(InvalidField):
        v.age("forty")
    assert v.student_no(" ２０２６ ０１ ") == "202601"
    assert v.student_no(20260101.0) == "20260101"
    assert v.student_no("S" * 40) == "S" * 40


def test_a_student_number_over_40_characters_names_the_limit():
    with pytest.raises(InvalidField) as caught:
        v.student_no("S" * 41)
    assert (caught.value.field, caught.value.code, caught.value.params["limit"]) == ("student_no", "too_long", 40)
    assert reason(caught.value.code, caught.value.params, "zh-CN") == "最多 40 个字"
    assert reason(caught.value.code, caught.value.params, "en") == "at most 40 characters"


# -- characters nobody types on purpose (issue 14, D3) -----------------------------------------------


@pytest.mark.parametrize("typed, char", [
    ("张\x00三", "U+0000"),  # NUL
    ("张\x1b[31m三", "U+001B"),  # a terminal escape
    ("张\x7f三", "U+007F"),
    ("\u202e三张", "U+202E"),  # right-to-left override: shows the name backwards
    ("张\u2066三", "U+2066"),  # left-to-right isolate
    ("张\u200b三", "U+200B"),  # zero-width space: two names that look the same
    ("张\u200d三", "U+200D"),
    ("\ufeff张三", "U+FEFF"),
    ("张\u2060三", "U+2060"),
    ("张\ud800三", "U+D800"),  # a lone surrogate: not even storable as UTF-8
])
def test_hidden_characters_are_refused_naming_the_field_and_the_character(typed, char):
    with pytest.raises(InvalidField) as caught:
        v.visible_text(typed, "name")
    assert (caught.value.code, caught.value.field, caught.value.params) == ("text_char", "name", {"char": char})
    assert char in reason("text_char", caught.value.params, "zh-CN")
    assert char in reason("text_char", caught.value.params, "en")


@pytest.mark.parametrize("typed", ["张三", "Zhāng Sān", "第一行\n第二行\t缩进\r\n", "😀 好", "全角　空格", ""])
def test_ordinary_text_line_breaks_and_tabs_pass_unchanged(typed):
    assert v.visible_text(typed, "notes") == typed


def test_required_and_student_number_refuse_hidden_characters_too():
    with pytest.raises(InvalidField) as caught:
        v.required("张\u200b三", "name")
    assert caught.value.code == "text_char"
    with pytest.raises(InvalidField) as caught:
        v.student_no("2026\x00001")
    assert (caught.value.code, caught.value.field) == ("text_char", "student_no")


def test_a_student_number_over_40_characters_names_its_limit():
    with pytest.raises(InvalidField) as caught:
        v.student_no("1" * 41)
    assert caught.value.params["limit"] == 40
    assert reason(caught.value.code, caught.value.params, "en") == "at most 40 characters"


@pytest.mark.parametrize("check, value", [
    (v.age, "᧚"), (v.age, "9" * 5000), (v.age, "①"), (v.phone, "١٣٨٠٠٠٠١١١١"), (v.date, "᧚᧚᧚"),
    (v.date, float("inf")), (v.date, float("nan")), (v.date, "9" * 5000),
])
def test_odd_digits_and_huge_numbers_are_refused_not_crashes(check, value):
    try:
        check(value, "f")
    except InvalidField:
        pass


@pytest.mark.parametrize("typed, char", [("张\u2028三", "U+2028"), ("张三\u2029", "U+2029")])
def test_line_and_paragraph_separators_are_refused_not_made_spaces(typed, char):
    for check in (v.visible_text, v.required):
        with pytest.raises(InvalidField) as caught:
            check(typed, "name")
        assert (caught.value.code, caught.value.field, caught.value.params) == ("text_char", "name", {"char": char})
    assert "\u2028" not in v.normalise_text("张\u2028三")  # never passed on, even unchecked


@pytest.mark.parametrize("check, value", [
    (v.student_no, "S" * 5000), (v.phone, "1" * 5000), (v.date, "x" * 5000), (v.age, "9" * 5000),
    (v.GENDER.parse, "x" * 5000), (v.national_id, "G" * 5000),
])
def test_a_refused_value_is_echoed_cut_short(check, value):
    with pytest.raises(InvalidField) as caught:
        check(value, "f")
    echoed = caught.value.params["value"]
    assert echoed == value[:40] + "…"
    for lang in ("zh-CN", "en"):
        assert len(reason(caught.value.code, caught.value.params, lang)) < 200


def test_a_short_refused_value_is_echoed_whole():
    with pytest.raises(InvalidField) as caught:
        v.phone("12345", "phone")
    assert caught.value.params["value"] == "12345"


def test_every_refusal_quotes_a_long_value_cut_short():
    from schoolcare.domain.errors import Refusal

    refused = Refusal("too_long", "name", value="张" * 5000, limit=40)
    assert refused.params["value"] == "张" * 40 + "…" and refused.params["limit"] == 40
