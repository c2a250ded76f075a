"""How the registry's values read on screen: categories, statuses, relations, review flags, and refused values' reasons."""
from __future__ import annotations

from schoolcare.domain.registry import PupilRow
from schoolcare.domain.validation import InvalidField
from schoolcare.services.errors import ValidationError
from schoolcare.i18n import catalog, language, t
from schoolcare.ui.worker import explain, field_message


def gender_text(code: str) -> str:
    return t(f"pupils.gender.{code}") if code in ("m", "f") else code


def status_text(code: str) -> str:
    key = f"pupils.status.{code}"
    return t(key) if key in catalog() else code


def category_names(codes: tuple[str, ...]) -> str:
    return ("、" if language() != "en" else ", ").join(t(f"pupils.category.{c}") for c in codes)


def category_text(row: PupilRow) -> str:
    return category_names(row.categories)


def review_text(flags: tuple[str, ...]) -> str:
    return " ".join(t(f"pupils.review.{f}") for f in flags)


def relation_text(code: str) -> str:
    key = f"pupils.relation.{code}"
    return t(key) if key in catalog() else code


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return t("common.yes") if value else t("common.no")


def reason(code: str, params: dict | None = None, fallback: str = "") -> str:
    """A refused value's reason in the active language."""
    key = f"pupils.invalid.{code}"
    if key in catalog():
        try:
            return t(key, **(params or {}))
        except (KeyError, IndexError):  # a message without the values it names: say it plainly
            return catalog()[key][1 if language() == "en" else 0].split("{")[0].strip()
    return fallback or code


def error_text(error: BaseException) -> str:
    """What to show for a failed save: the field's reason when the service gave a code."""
    if isinstance(error, InvalidField):
        return reason(error.code, error.params, error.message)
    code = getattr(error, "code", None)
    if isinstance(error, ValidationError):
        return reason(code, getattr(error, "params", {}), field_message(error)) if code else field_message(error)
    return explain(error)


def field_name(field: str) -> str:
    key = f"pupils.field.{field}"
    return t(key) if key in catalog() else field
