"""How the registry's values read on screen: genders, statuses, categories, relations, review flags, yes / no."""
from __future__ import annotations

from schoolcare.domain.registry import PupilRow
from schoolcare.i18n import catalog, language, t


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
