"""The pupil, guardian and situation-note forms as pure checks: one per field (for validate-as-you-type) and whole-form cleaning."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from schoolcare.domain import validation as v
from schoolcare.domain.registry import ASPECTS, STATUSES
from schoolcare.domain.validation import InvalidField


def _text(limit: int) -> Callable[[object, str], str]:
    def check(value: object, field: str) -> str:
        if isinstance(value, str):
            v.visible_text(value, field)
        text = v.normalise_text(value) if limit <= 200 else str(value or "").strip()
        if len(text) > limit:
            raise InvalidField("too_long", field, limit=limit)
        return text
    return check


def _required_text(limit: int) -> Callable[[object, str], str]:
    def check(value: object, field: str) -> str:
        return _text(limit)(v.required(value, field), field)
    return check


def _flag(value: object, field: str) -> bool:
    return v.yes_no(value, field)


def _class_id(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InvalidField("choice", field, allowed="") from None


def _status(value: object, field: str) -> str:
    status = v.STATUS.parse(value, field, default="enrolled")
    assert status in STATUSES
    return status


# field -> check(value, field) for fields that need no "today".
PUPIL_CHECKS: dict[str, Callable[[object, str], object]] = {
    "student_no": lambda value, field: v.student_no(value, field),
    "name": _required_text(40),
    "gender": lambda value, field: v.GENDER.parse(value, field),
    "status": _status,
    "boarding": _flag,
    "address": _text(200),
    "in_difficulty": _flag,
    "migrant": _flag,
    "poverty": _flag,
    "special_needs": _text(2000),
    "health_notes": _text(2000),
    "peer_helper": _text(40),
    "caring_parent": _text(40),
    "enrolled_on": lambda value, field: v.date(value, field),
    "left_on": lambda value, field: v.date(value, field),
    "class_id": lambda value, field: _class_id(value, field),
    "national_id": lambda value, field: v.national_id(value, field),  # 全国学籍号, optional
}

GUARDIAN_CHECKS: dict[str, Callable[[object, str], object]] = {
    "relation": lambda value, field: v.RELATION.parse(value, field),
    "name": _required_text(40),
    "age": lambda value, field: v.age(value, field),
    "phone": lambda value, field: v.phone(value, field),
    "address": _text(200),
    "work_place": _text(100),
    "occupation": _text(60),
    "away": _flag,
    "capacity": lambda value, field: v.CAPACITY.parse(value, field, default="full"),
    "day_to_day": _flag,
    "entrusted": _flag,
}


def check_pupil_field(name: str, value: object, today: dt.date) -> object:
    """The clean value of one pupil field, or InvalidField naming it (the edit form calls this per keystroke)."""
    if name == "birth_date":
        return v.birth_date(value, today, name)
    return PUPIL_CHECKS[name](value, name)


def check_guardian_field(name: str, value: object) -> object:
    return GUARDIAN_CHECKS[name](value, name)


def clean_pupil(data: Mapping[str, object], today: dt.date, *, partial: bool = False) -> dict[str, object]:
    """Every given field cleaned; without `partial`, the required ones must be there.

    Raises the first InvalidField in form order, so the message names the field the user meets first.
    """
    if not partial:
        for name in ("student_no", "name", "gender", "birth_date"):
            if name not in data:
                raise InvalidField("required", name)
    clean: dict[str, object] = {}
    for name in ("student_no", "name", "gender", "birth_date", *PUPIL_CHECKS):
        if name in data and name not in clean:
            clean[name] = check_pupil_field(name, data[name], today)
    unknown = set(data) - set(clean)
    if unknown:
        raise InvalidField("unknown_field", sorted(unknown)[0])
    left_on, enrolled_on = clean.get("left_on"), clean.get("enrolled_on")
    if left_on and enrolled_on and left_on < enrolled_on:
        raise InvalidField("registry.left_before_enrolled", "left_on")
    return clean


def settle_dates(clean: dict[str, object], today: dt.date,
                 stored: Mapping[str, object] | None = None) -> dict[str, object]:
    """The enrolment and leaving dates of a new pupil (`stored` None) or of a change to one.

    A pupil owes care from the day they join: a new pupil without an enrolment date joins the day they are
    entered (else the rules engine counts them as owing every week since the term began), and a date once
    known is never emptied. Leaving (转出 / 辍学 / 毕业) without a date leaves today; they owe nothing after.
    Leaving comes after joining, checked against the stored date too.
    """
    was = stored or {}
    if stored is None and clean.get("enrolled_on") is None:
        clean["enrolled_on"] = today
    if "enrolled_on" in clean and clean["enrolled_on"] is None and was.get("enrolled_on") is not None:
        raise InvalidField("required", "enrolled_on")
    leaving = stored is not None and clean.get("status", "enrolled") != "enrolled" and was.get("status") == "enrolled"
    if leaving and clean.get("left_on", was.get("left_on")) is None:
        clean["left_on"] = today
    enrolled_on, left_on = clean.get("enrolled_on", was.get("enrolled_on")), clean.get("left_on", was.get("left_on"))
    if isinstance(enrolled_on, dt.date) and isinstance(left_on, dt.date) and left_on < enrolled_on:
        raise InvalidField("registry.left_before_enrolled", "left_on")
    return clean


def clean_guardian(data: Mapping[str, object], *, partial: bool = False) -> dict[str, object]:
    if not partial:
        for name in ("relation", "name"):
            if name not in data:
                raise InvalidField("required", name)
    unknown = set(data) - set(GUARDIAN_CHECKS)
    if unknown:
        raise InvalidField("unknown_field", sorted(unknown)[0])
    return {name: check_guardian_field(name, data[name]) for name in GUARDIAN_CHECKS if name in data}


def clean_note(aspect: object, text: object, noted_on: object, today: dt.date) -> tuple[str, str, dt.date]:
    aspect = v.normalise_text(aspect)
    if aspect not in ASPECTS:
        raise InvalidField("choice", "aspect", allowed=" / ".join(ASPECTS))
    body = v.visible_text(text or "", "text").strip()
    if not body:
        raise InvalidField("required", "text")
    day = v.date(noted_on, "noted_on") or today
    if day > today:
        raise InvalidField("date_future", "noted_on", value=day.isoformat())
    return aspect, body, day
