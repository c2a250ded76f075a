"""One language at a time, over every export, report, db and config command: no English words of ours in what
they print for a person in Chinese (the default), and no Chinese of ours in English, only the school's data. The
CSV a command writes to stdout is data for a script and is not scanned; each command's text output is."""
from __future__ import annotations

import re

import peewee as pw
import pytest

from schoolcare.cli import main
from schoolcare.config import default_config_dir
from schoolcare.store import database as store_db
from schoolcare.store import models
from tests.county_factories import build_county, reported_dropout, reported_incident
from tests.databases import open_sqlite
from tests.factories import PASSWORD

CJK = "\u3400-\u9fff"
FULL_WIDTH = "：（），；。“”、！？【】《》"
OURS_IN_ENGLISH = re.compile(rf"[{CJK}{FULL_WIDTH}]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# What the Chinese output rightly shows in Latin letters: the fixture's logins, school codes and receipt numbers,
# the database's own name, and the inbox's item IDs (KIND:ID, the argument `inbox mark` takes).
DATA_WORDS = {"coord", "head", "zheng", "wang", "jyj", "mzj", "xz", "qs", "bs", "hy", "jy", "sqlite"}
ITEM_ID = re.compile(r"\b[a-z]+_report:\d+")

# (command, the account it runs as or None); {out} is a file under the test's folder.
COMMANDS = (
    (["config", "check"], None),
    (["db", "upgrade"], None),
    (["db", "backup", "{out}/备份.db"], "coord"),
    (["export", "ledger", "-o", "{out}/台账.xlsx"], "coord"),
    (["export", "roster-template", "-o", "{out}/模板.xlsx"], "coord"),
    (["export", "readiness", "-o", "{out}/达标.xlsx"], "head"),
    (["export", "hazards", "--format", "csv", "-o", "{out}/隐患.csv"], "coord"),
    (["export", "term-report", "--term", "2026-autumn", "-o", "{out}/学期.xlsx"], "head"),
    (["export", "quarterly", "--record-submission", "-o", "{out}/季度.xlsx"], "coord"),
    (["export", "quarterly", "-o", "{out}/季度2.xlsx"], "coord"),  # now with a submission to compare with
    (["export", "incidents", "-o", "{out}/事件.xlsx"], "coord"),
    (["export", "dropout-report", "--case", "{case}", "-o", "{out}/报告.docx"], "coord"),
    (["export", "county-ledger", "--term", "2026-autumn", "-o", "{out}/总账.xlsx"], "xz"),
    (["export", "county-quarterly", "-o", "{out}/县季度.xlsx"], "xz"),
    (["export", "county-term-report", "--term", "2026-autumn", "-o", "{out}/县学期.xlsx"], "xz"),
    (["report", "overdue"], "coord"),
    (["report", "week"], "zheng"),
    (["report", "term"], "head"),
    (["report", "incidents"], "coord"),
    (["report", "dropouts"], "coord"),
    (["report", "county"], "jyj"),
    (["report", "inbox"], "xz"),
    (["db", "restore", "{out}/备份.db", "--yes"], "coord"),
)


@pytest.fixture
def county_db(tmp_path, monkeypatch, settings):
    """Three schools and their county on a SQLite file, with an incident reported to the education bureau and a
    dropout case (one persuasion tried) reported to the township; returns (url, the case's id)."""
    from schoolcare.services.protection import dropouts

    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-30")
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    url = open_sqlite(tmp_path)
    county = build_county()
    school = county.schools[0]
    reported_incident(settings, school, "education_bureau")
    case = reported_dropout(school, "township")
    dropouts.register(school.teacher, case, "外出打工")
    dropouts.add_attempt(school.teacher, case, date="2026-11-25", by_whom="郑老师", with_whom="祖母",
                         method="home_visit", outcome="祖母答应周一送回，仍未到校")
    store_db.close_database()
    yield url, case
    store_db.close_database()


def stored_text(url: str) -> list[str]:
    """Every text the database holds with a Chinese character in it (names, classes, notes …): the school's data,
    longest first so a name inside a longer value goes with it."""
    store_db.open_database(url)
    found: set[str] = set()
    for model in models.__dict__.values():
        if not (isinstance(model, type) and issubclass(model, pw.Model) and model._meta.table_name):
            continue
        fields = [f for f in model._meta.sorted_fields if isinstance(f, pw.CharField | pw.TextField)]
        if not model.table_exists():
            continue
        for row in model.select(*fields).tuples() if fields else ():
            found.update(v for v in row if isinstance(v, str) and re.search(f"[{CJK}]", v))
    store_db.close_database()
    return sorted(found, key=len, reverse=True)


def human_lines(text: str, folders: list[str]) -> list[str]:
    """The output's lines without the paths in them (the user's folders and file names are theirs)."""
    for folder in folders:
        text = re.sub(re.escape(folder) + r"[^\s：，；（）()]*", "", text)
    return [line for line in text.splitlines() if line.strip()]


def problems(lines: list[str], lang: str, data: list[str]) -> list[str]:
    found = []
    for line in lines:
        if lang == "en":
            rest = line
            for value in data:
                rest = rest.replace(value, "")
            if OURS_IN_ENGLISH.search(rest):
                found.append(line)
        else:
            words = [w for w in LATIN_WORD.findall(ITEM_ID.sub("", line)) if w.lower().rstrip("-") not in DATA_WORDS]
            if words:
                found.append(f"{words}: {line}")
    return found


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_export_report_db_and_config_command_speaks_one_language(county_db, tmp_path, lang, capsys):
    url, case = county_db
    out = tmp_path / "out"
    out.mkdir()
    data = stored_text(url)
    folders = [str(tmp_path), str(default_config_dir())]
    seen: dict[str, list[str]] = {}
    for command, user in COMMANDS:
        args = [arg.format(out=out, case=case) for arg in command] + ["--db", url]
        args += ["--user", user] if user else []
        args += ["--lang", "en"] if lang == "en" else []  # Chinese is the default
        code = main(args)
        printed = capsys.readouterr()
        name = " ".join(command[:2])
        assert code == 0, (name, printed.err)
        lines = human_lines(printed.out + printed.err, folders)
        assert lines, name
        seen.setdefault(name, []).extend(problems(lines, lang, data))
    assert not {name: found for name, found in seen.items() if found}
