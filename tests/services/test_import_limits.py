"""Import size limits (school.yaml import:): a zip bomb, a 300,000-row sheet, an oversized or over-wide file
are refused before they are read, in bounded memory and time, with words naming the file."""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from schoolcare.domain.settings import ImportLimits
from schoolcare.i18n import reason
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry import roster_import
from schoolcare.services.tabular_read import read_rows
from schoolcare.store.models import AuditEntry, Pupil
from tests.services.sheet_files import pupil_rows, xlsx_with_sheet, zip_bomb

TODAY = dt.date(2026, 11, 28)
ROOT = Path(__file__).resolve().parents[2]
# The child reads the file under hard limits: 300 MB of address space and 5 s of CPU. Past either the
# kernel stops it (MemoryError or SIGXCPU), so the refusal must come from the checks, not from luck.
CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (5, 5))
    from schoolcare.domain.settings import ImportLimits
    from schoolcare.services.errors import ValidationError
    from schoolcare.services.tabular_read import read_rows
    try:
        read_rows(sys.argv[1], ImportLimits())
    except ValidationError as error:
        print(error.code)
    else:
        print("read")
""")


def read_in_bounded_child(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "bomb": zip_bomb(folder / "bomb.xlsx"),  # ~3 MB that unpacks to 1 GiB
        "liar": zip_bomb(folder / "liar.xlsx", declared=1_000_000),  # its headers claim 1 MB
        "rows": xlsx_with_sheet(folder / "rows.xlsx", pupil_rows(300_000), "A1:B300001"),
        "rows_no_dimension": xlsx_with_sheet(folder / "rows-nodim.xlsx", pupil_rows(300_000)),
        "roster": xlsx_with_sheet(folder / "roster.xlsx", pupil_rows(12_000), "A1:B12001"),
    }


def test_a_zip_bomb_is_refused_from_the_archive_directory(hostile):
    assert os.path.getsize(hostile["bomb"]) < 5_000_000
    assert read_in_bounded_child(hostile["bomb"]) == "registry.unpacked_too_big"


def test_a_bomb_whose_headers_lie_stops_at_the_row_limit(hostile):
    assert read_in_bounded_child(hostile["liar"]) == "registry.too_many_rows"


@pytest.mark.parametrize("name", ["rows", "rows_no_dimension"])
def test_a_300000_row_sheet_is_refused_before_it_is_read(hostile, name):
    assert read_in_bounded_child(hostile[name]) == "registry.too_many_rows"


def test_a_12000_row_roster_is_within_the_default_limits(hostile):
    assert read_in_bounded_child(hostile["roster"]) == "read"


def test_the_refusal_names_the_file_and_the_limit_in_both_languages(school, hostile):
    before = (Pupil.select().count(), AuditEntry.select().count())
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, hostile["rows"], today=TODAY)
    with pytest.raises(ValidationError) as bomb:
        roster_import.import_roster(school.coordinator, hostile["bomb"], today=TODAY)
    assert (caught.value.code, caught.value.field) == ("registry.too_many_rows", "file")
    assert reason(caught.value.code, caught.value.params, "en") == (
        "rows.xlsx: too many rows (at least 300001); at most 20000 rows per import, split the file")
    assert "rows.xlsx" in reason(caught.value.code, caught.value.params, "zh-CN")
    assert reason(bomb.value.code, bomb.value.params, "en").startswith("bomb.xlsx: too big once unpacked (1.1 GB")
    assert (Pupil.select().count(), AuditEntry.select().count()) == before


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_file_bytes_are_checked_first(tmp_path):
    path = _csv(tmp_path / "r.csv", [["学号", "姓名"]] + [[f"S{n}", "张三"] for n in range(200)])
    with pytest.raises(ValidationError) as caught:
        read_rows(path, ImportLimits(max_file_bytes=1000))
    assert caught.value.code == "registry.file_too_big"
    assert reason(caught.value.code, caught.value.params, "en").startswith("r.csv: the file is too big (")


def test_rows_and_columns_of_a_csv_are_limited(tmp_path):
    rows = _csv(tmp_path / "rows.csv", [["学号", "姓名"]] + [[f"S{n}", "张三"] for n in range(100)])
    wide = _csv(tmp_path / "wide.csv", [["学号", "姓名"] + [f"c{n}" for n in range(300)]])
    with pytest.raises(ValidationError) as caught:
        read_rows(rows, ImportLimits(max_rows=10))
    assert caught.value.code == "registry.too_many_rows"
    with pytest.raises(ValidationError) as caught:
        read_rows(wide, ImportLimits())
    assert caught.value.params["columns"] == 302
    assert len(read_rows(rows, ImportLimits(max_rows=100))) == 101


def test_the_limits_come_from_the_config_in_use(school, tmp_path, monkeypatch):
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    school_yaml = config / "school.yaml"
    school_yaml.write_text(school_yaml.read_text(encoding="utf-8").replace("max_rows: 20000", "max_rows: 5"),
                           encoding="utf-8")
    monkeypatch.setenv("SCHOOLCARE_CONFIG", str(config))
    path = _csv(tmp_path / "r.csv", [["学号", "姓名", "性别", "出生日期"]]
                + [[f"S9{n}", "张三", "男", "2015-03-05"] for n in range(60)])
    with pytest.raises(ValidationError) as caught:
        roster_import.preview_roster(school.coordinator, path, today=TODAY)
    assert caught.value.params["limit"] == 5
