"""The national student number (全国学籍号): G or J and a resident ID number with a right check digit, or L and 18
digits; stored upper-case; a refusal says what a valid one looks like, in either language."""
from __future__ import annotations

import pytest

from schoolcare.domain import pupil_forms
from schoolcare.domain.validation import NATIONAL_ID_EXAMPLE, InvalidField, id_check_digit, national_id
from schoolcare.i18n import reason


@pytest.mark.parametrize("typed, stored", [
    ("G43052420150305123X", "G43052420150305123X"),
    ("J11010519491231002X", "J11010519491231002X"),  # the GB 11643 standard's own example number
    ("L110101201505010001", "L110101201505010001"),  # L: 18 digits, no check digit
    ("g43052420150305123x", "G43052420150305123X"),  # lower case is stored upper
    (" Ｇ４３０５２４ 2015 0305 123x ", "G43052420150305123X"),  # full-width, spaces as typed or copied
    ("", ""),  # optional
])
def test_valid_numbers_are_stored_upper_case(typed, stored):
    assert national_id(typed) == stored


def test_the_check_digit_is_iso_7064_mod_11_2():
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("43052420150305123") == "X"
    assert id_check_digit("11010120150305123") == "9"
    assert national_id(NATIONAL_ID_EXAMPLE) == NATIONAL_ID_EXAMPLE


@pytest.mark.parametrize("typed, code", [
    ("G430524201503051230", "national_id.check"),  # one digit off: the check digit catches it
    ("G430524201503051X3X", "national_id.format"),  # X only as the last character
    ("J11010519491231002X1", "national_id.length"),
    ("G43052420150305123", "national_id.length"),
    ("L11010120150501000X", "national_id.format"),  # L takes digits only
    ("K43052420150305123X", "national_id.format"),
    ("G٤3052420150305123X", "national_id.format"),  # an Arabic-Indic digit is no digit here
])
def test_wrong_numbers_are_refused_naming_the_field(typed, code):
    with pytest.raises(InvalidField) as caught:
        national_id(typed, "national_id")
    assert (caught.value.code, caught.value.field) == (code, "national_id")


@pytest.mark.parametrize("code", ["national_id.check", "national_id.format", "national_id.length"])
def test_each_refusal_shows_a_valid_number_in_both_languages(code):
    with pytest.raises(InvalidField) as caught:
        national_id({"national_id.check": "G430524201503051230", "national_id.format": "K43052420150305123X",
                     "national_id.length": "G1"}[code])
    for lang in ("zh-CN", "en"):
        assert NATIONAL_ID_EXAMPLE in reason(caught.value.code, caught.value.params, lang)
    assert "全国学籍号" in reason(caught.value.code, caught.value.params, "zh-CN")


def test_the_pupil_form_checks_it_as_typed():
    assert pupil_forms.check_pupil_field("national_id", "l110101201505010001", None) == "L110101201505010001"
    with pytest.raises(InvalidField):
        pupil_forms.check_pupil_field("national_id", "G1234", None)
