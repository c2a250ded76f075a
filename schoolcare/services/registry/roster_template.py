"""The roster template (`schoolcare export roster-template`): the headers the import reads, and how to fill each column."""
from __future__ import annotations

from pathlib import Path

from schoolcare.services.registry.roster_columns import (
    GROUP_FIELDS,
    GROUPS,
    PUPIL_COLUMNS,
    column_key,
    template_headers,
)
from schoolcare.services.tabular import Sheet, write_tables

GROUP_HINTS = {
    "name": ("留空表示没有此人的信息", "leave blank when unknown"),
    "relation": ("如 奶奶、爷爷、外婆、舅舅", "e.g. grandmother, grandfather, other"),
    "phone": ("手机 11 位或座机 0851-1234567", "11-digit mobile or landline 0851-1234567"),
    "away": ("是 / 否（外出务工）", "yes / no (working away from home)"),
    "capacity": ("有 / 部分 / 无", "full / limited / none"),
    "age": ("周岁", "years"),
}
GROUP_NOTE = {
    "father": ("父亲", "father"), "mother": ("母亲", "mother"),
    "guardian": ("日常照料孩子的委托监护人（父母都外出时必填）", "the entrusted day-to-day guardian (needed when both parents are away)"),
}


def _hints(lang: str) -> list[list[object]]:
    en = lang == "en"
    yes, no = ("yes", "no") if en else ("是", "")
    rows: list[list[object]] = []
    by_key = {column_key(h): h for h in template_headers(lang)}
    for column in PUPIL_COLUMNS:
        rows.append([by_key[column.key], yes if column.required else no, column.hint_en if en else column.hint_zh])
    for group, _relation, _zh, _en in GROUPS:
        for field, *_ in GROUP_FIELDS:
            header = by_key.get(f"{group}.{field}")
            if header is None:
                continue
            hint = GROUP_HINTS.get(field, ("", ""))
            who = GROUP_NOTE[group][1 if en else 0]
            rows.append([header, "", f"{who}: {hint[1]}" if en and hint[1] else (f"{who}：{hint[0]}" if hint[0] else who)])
    return rows


def write_template(path: Path, fmt: str, lang: str) -> list[Path]:
    """An empty roster in `lang`'s headers; the .xlsx also carries a sheet of filling hints."""
    en = lang == "en"
    roster = Sheet("Roster" if en else "花名册", template_headers(lang), [])
    if fmt == "csv":
        return write_tables(path, "csv", [roster])
    hints = Sheet("How to fill" if en else "填写说明",
                  ["Column", "Required", "How to write it"] if en else ["列名", "必填", "填写说明"], _hints(lang))
    return write_tables(path, fmt, [roster, hints])
