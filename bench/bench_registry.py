"""The registry: a filter keystroke on the pupil list (service and screen), and importing a 2,000-row roster vs openpyxl alone."""
from __future__ import annotations

import asyncio
import datetime as dt
import random
import tempfile
import threading
from itertools import cycle
from pathlib import Path

from bench.harness import Figure, when_module_done

ROSTER_ROWS = 2000
HEADERS = ["学号", "姓名", "性别", "出生日期", "班级", "家庭住址", "父亲姓名", "父亲电话", "父亲是否外出务工", "父亲务工地点",
           "母亲姓名", "母亲电话", "母亲是否外出务工", "母亲务工地点", "监护人姓名", "与学生关系", "监护人电话"]
# What a user types into the search box, one keystroke at a time (initials, pinyin, a name, a number).
TYPED = ("z", "zh", "zha", "zhan", "zhang", "w", "wx", "wxy", "l", "li", "liu", "陈", "2", "20")


def roster_workbook(path: Path, rows: int = ROSTER_ROWS) -> Path:
    """A roster as a school office makes it: a merged title row, Chinese headers, text dates and full-width digits."""
    from openpyxl import Workbook

    from schoolcare.demo.fictional import Namer
    from schoolcare.services.registry.search_keys import class_name

    rng = random.Random(11)
    people = Namer(rng)
    wb = Workbook()
    ws = wb.active
    ws.append(["云溪县 石桥乡中心小学 留守儿童花名册"])
    ws.merge_cells("A1:Q1")
    ws.append(HEADERS)
    for n in range(rows):
        surname = people.surname()
        born = dt.date(2013 + n % 6, 1 + n % 12, 1 + n % 28)
        both_away = n % 3 != 0
        ws.append([
            f"R{20260000 + n}", people.name(rng.choice(("boy", "girl")), surname), rng.choice("男女"),
            f"{born.year}年{born.month}月{born.day}日" if n % 2 else born, class_name(1 + n % 6, 1 + n % 4),
            f"石桥乡{1 + n % 9}组", people.name("man", surname), f"１３{rng.randrange(10**9):09d}", "是",
            "广东东莞", people.name("woman"), "", "是" if both_away else "否", "浙江宁波",
            people.name("old_woman"), "奶奶", f"0851-{rng.randrange(10**7):07d}",
        ])
    wb.save(path)
    return path


def _openpyxl_only(path: Path):
    """openpyxl reading the workbook as the import has it read (services.tabular_read._read_xlsx): read-only and
    values only, the sheet's stated size set aside, every row as a list — and nothing else."""
    def run():
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        sheet.reset_dimensions()
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        wb.close()
        return rows
    return run


def _calamine_only(path: Path):
    """calamine reading the workbook as the import has it read (services.tabular_read._calamine_rows): the first
    sheet from A1, every row as a list — the reader the import uses, so the figure beside it shows what the
    import adds to reading."""
    def run():
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    return run


def _import_and_roll_back(path: Path):
    """Import into a new, empty school, then roll it all back, so every run creates the 2,000 pupils again."""
    from schoolcare.services.accounts.auth import actor_for
    from schoolcare.services.registry import roster_import
    from schoolcare.store.database import db
    from schoolcare.store.models import School, Staff

    def run():
        with db.atomic() as transaction:
            school = School.create(name="导入测试学校")
            staff = Staff.create(school=school, name="导入员", login=f"importer{school.id}", role="coordinator")
            _preview, result = roster_import.import_roster(actor_for(staff), path)
            assert result.created == ROSTER_ROWS, result
            transaction.rollback()
    return run


class HeadlessList:
    """The pupil list running headless in its own thread, so a figure can time one keystroke until the table shows it."""

    def __init__(self, ds) -> None:
        self.ds = ds
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._main(),), daemon=True)
        self.thread.start()
        if not self.ready.wait(60):
            raise RuntimeError("the headless app did not start")

    async def _main(self) -> None:
        from schoolcare.store.database import describe
        from schoolcare.ui.app import make_app

        self.stop = asyncio.Event()
        self.app = make_app(self.ds.settings, describe(self.ds.url), self.ds.coordinator)
        async with self.app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await self.app.switch_mode("pupils")
            while getattr(self.app.screen, "shown", None) is None:
                await asyncio.sleep(0.01)
            self.ready.set()
            await self.stop.wait()

    async def _type(self, text: str) -> int:
        from textual.widgets import Input

        screen = self.app.screen
        search = screen.query_one("#pupil-search", Input)
        search.value = text  # what a keystroke does: Input.Changed → a query → the table refilled
        while True:
            await asyncio.sleep(0)
            if screen.shown_generation == screen.generation and screen.query_state.search == text:
                return screen.query_one("#pupil-list").row_count

    def keystroke(self, texts):
        def run():
            return asyncio.run_coroutine_threadsafe(self._type(next(texts)), self.loop).result(30)
        return run

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


def figures(ds) -> list[Figure]:
    from schoolcare.domain.registry import PupilQuery
    from schoolcare.services.registry import pupil_list, roster_import

    actor = ds.coordinator
    typed = cycle(TYPED)

    def service_keystroke():
        return pupil_list.list_pupils(actor, PupilQuery(search=next(typed), limit=200))

    def whole_first_page():
        return pupil_list.list_pupils(actor, PupilQuery(limit=200))

    folder = Path(tempfile.mkdtemp(prefix="schoolcare-bench-"))
    path = roster_workbook(folder / "roster-2000.xlsx")
    screen = HeadlessList(ds)
    when_module_done(screen.close)
    total = pupil_list.list_pupils(actor, PupilQuery(limit=1)).total
    return [
        Figure("registry: filter keystroke, service (1 page)", service_keystroke, whole_first_page,
               "the unfiltered first page", repeat=len(TYPED), note=f"{total} enrolled pupils in reach"),
        Figure("registry: filter keystroke, screen updated", screen.keystroke(cycle(TYPED)), repeat=len(TYPED),
               note="Input.Changed → in-memory index → 60-row page in the DataTable, headless; "
                    "most of it is Textual painting the table"),
        Figure("registry: roster import, 2000 rows (create)", _import_and_roll_back(path), _openpyxl_only(path),
               "openpyxl reading the same workbook", repeat=7,
               note="read by calamine, checked and planned outside the write lock; pupils, families and audit "
                    "rows in bulk"),
        Figure("registry: roster import, 2000 rows, against its own reader", _import_and_roll_back(path),
               _calamine_only(path), "calamine reading the same workbook", repeat=5,
               note="what checking, planning and writing add to reading the file"),
        Figure("registry: roster preview, 2000 rows", lambda: roster_import.preview_roster(actor, path),
               _openpyxl_only(path), "openpyxl reading the same workbook", repeat=5),
    ]
