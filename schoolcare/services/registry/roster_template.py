"""The roster template (`schoolcare export roster-template`): the headers the import reads, and how to fill each column."""
from __future__ import annotations

from pathlib import Path

from schoolcare.i18n import text
from schoolcare.services.registry.roster_columns import (
    GROUP_FIELDS,
    GROUPS,
    PUPIL_COLUMNS,
    column_key,
    template_headers,
)
from schoolcare.services.tabular import Sheet, write_tables

HINTED = ("name", "relation", "phone", "away", "work_place", "capacity", "age")  # guardian fields with a filling hint


def _hints(lang: str) -> list[list[object]]:
    en = lang == "en"
    # A Chinese template leaves an optional column's cell blank; the English one says "no".
    yes, no = text(lang, "registry.template.required"), (text(lang, "registry.template.optional") if en else "")
    rows: list[list[object]] = []
    by_key = {column_key(h): h for h in template_headers(lang)}
    for column in PUPIL_COLUMNS:
        rows.append([by_key[column.key], yes if column.required else no, column.hint_en if en else column.hint_zh])
    for group, _relation, _zh, _en in GROUPS:
        for field, *_ in GROUP_FIELDS:
            header = by_key.get(f"{group}.{field}")
            if header is None:
                continue
            who = text(lang, f"registry.template.who.{group}")
            if field not in HINTED:
                rows.append([header, "", who])
                continue
            hint = text(lang, f"registry.template.hint.{field}")
            rows.append([header, "", f"{who}: {hint}" if en else f"{who}：{hint}"])
    return rows


def write_template(path: Path, fmt: str, lang: str) -> list[Path]:
    """An empty roster in `lang`'s headers; the .xlsx also carries a sheet of filling hints."""
    roster = Sheet(text(lang, "registry.template.sheet_roster"), template_headers(lang), [])
    if fmt == "csv":
        return write_tables(path, "csv", [roster])
    headings = [text(lang, f"registry.template.col_{key}") for key in ("column", "required", "how")]
    hints = Sheet(text(lang, "registry.template.sheet_hints"), headings, _hints(lang))
    return write_tables(path, fmt, [roster, hints])
