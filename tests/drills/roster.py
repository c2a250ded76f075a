"""A large roster file as a school office would send it (fictional names), for the import drill."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from schoolcare.demo.fictional import GIVEN_CHARS, SURNAMES, WORK_PLACES
from schoolcare.services.registry.search_keys import class_name

HEADERS = ["学号", "姓名", "性别", "出生日期", "班级", "家庭住址",
           "父亲姓名", "父亲电话", "父亲务工地点", "母亲姓名", "母亲电话", "母亲务工地点",
           "监护人姓名", "与学生关系", "监护人电话"]


def roster_rows(count: int, seed: int = 14) -> list[list[object]]:
    rng = random.Random(seed)
    given = [c for chars in GIVEN_CHARS.values() for c in chars]
    rows = []
    for i in range(count):
        surname = rng.choice(SURNAMES)
        grade = 1 + i % 6
        born = dt.date(2020 - grade, 1 + rng.randrange(12), 1 + rng.randrange(28))
        away = rng.random() < 0.6
        rows.append([
            f"D{i:06d}", surname + rng.choice(given) + rng.choice(given), rng.choice("男女"), born.isoformat(),
            class_name(grade, 1 + (i // 6) % 40), "青石镇石桥村3组",
            surname + rng.choice(given), f"138{i:08d}", rng.choice(WORK_PLACES) if away else "在家务农",
            rng.choice(SURNAMES) + rng.choice(given), f"139{i:08d}", rng.choice(WORK_PLACES),
            rng.choice(SURNAMES) + rng.choice(given), "奶奶", f"137{i:08d}",
        ])
    return rows


def write_roster(path: Path, count: int) -> Path:
    """`count` pupils in 240 classes, as .xlsx or .csv by the file's suffix."""
    rows = roster_rows(count)
    if path.suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            writer.writerows(rows)
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
