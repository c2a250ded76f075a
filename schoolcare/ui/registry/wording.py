"""How the registry's values read on screen: genders, statuses, categories, care teachers, relations, review flags, yes / no."""
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


def teacher_text(row: PupilRow) -> str:
    """The care teacher, or ⚠ 未落实 for an enrolled left-behind pupil with none; a pupil who has left (转出, 辍学,
    毕业) needs none, so nothing is missing there."""
    if row.care_teacher or row.status != "enrolled" or not row.left_behind:
        return row.care_teacher or ""
    return t("pupils.no_teacher")


def review_text(flags: tuple[str, ...]) -> str:
    return " ".join(t(f"pupils.review.{f}") for f in flags)


def relation_text(code: str) -> str:
    key = f"pupils.relation.{code}"
    return t(key) if key in catalog() else code


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return t("common.yes") if value else t("common.no")
