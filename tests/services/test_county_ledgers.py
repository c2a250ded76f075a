"""The county ledgers as a county office opens them: every child once with its school, each school's quarterly
changes since its own last submission, each school's term figures beside the county's total; scoped to the
account's reach, exported as xlsx and csv, audited in each school's log."""
from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook

from schoolcare.services.county import county_ledgers
from schoolcare.services.errors import PermissionDenied
from schoolcare.services.reports import quarterly, term_report
from schoolcare.store.models import AuditEntry, FamilyCall, Guardian, Pupil
from tests.county_factories import build_county

TODAY = dt.date(2026, 11, 28)
DECEMBER, LATER = dt.date(2026, 12, 3), dt.date(2026, 12, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", TODAY.isoformat())


@pytest.fixture
def county(db_url):
    return build_county()


def table(path, sheet):
    """The table of an exported sheet (below its title block): header, then rows, up to the signature block."""
    ws = load_workbook(path)[sheet]
    first, last = ws.auto_filter.ref.split(":")
    top = int("".join(c for c in first if c.isdigit()))
    bottom = int("".join(c for c in last if c.isdigit()))
    return [list(r) for r in ws.iter_rows(min_row=top, max_row=bottom, values_only=True)]


def test_every_child_appears_once_with_its_school(county, settings, tmp_path):
    a, b, c = county.schools
    Pupil.update(status="transferred").where(Pupil.id == b.pupil_ids[4]).execute()  # moved away: not listed
    files = county_ledgers.export(county.bureau, settings, "county-ledger", tmp_path / "county.xlsx", "xlsx",
                                  term_id="2026-autumn", today=TODAY)
    rows = table(files[0], "全县总账")
    header, body = rows[0], rows[1:]
    assert header[:3] == ["序号", "学校", "学号"] and {"姓名", "关爱责任人"} <= set(header)
    schools = {row[2]: row[1] for row in body}
    assert len(body) == len(schools) == 6 + 6 + 5  # every cared child once; student numbers differ by school
    assert schools["S001"] == "青石镇中心小学" and schools["bS001"] == "白水村小学" and schools["cS099"] == "红岩镇中学"
    assert "bS005" not in schools
    assert [row[0] for row in body] == list(range(1, len(body) + 1))
    # Each school's rows are its own ledger's rows, with the school after 序号 and numbered through the county.
    from schoolcare.services.county import reach
    from schoolcare.services.registry import ledgers

    term = settings.calendar.term("2026-autumn")
    own = ledgers.master_ledger(reach.at_school(county.bureau, a.school_id), term, "zh-CN", TODAY)[0].rows
    county_rows = county_ledgers.master_ledger(county.bureau, term, "zh-CN", TODAY)[0].rows
    assert [r[2:] for r in county_rows if r[1] == "青石镇中心小学"] == [r[1:] for r in own]
    summary = table(files[0], "分校汇总")
    assert summary[1:] == [["BS02", "白水村小学", 5, 5, 4, 80], ["HY03", "红岩镇中学", 6, 6, 5, 83.3],
                           ["QS01", "青石镇中心小学", 6, 6, 5, 83.3], [None, "合计", 17, 17, 14, 82.4]]


def test_the_ledger_reads_only_the_schools_in_reach_and_only_a_county_account(county, settings, tmp_path):
    a, b, _ = county.schools
    term = settings.calendar.term("2026-autumn")
    sheets = county_ledgers.master_ledger(county.township, term, "zh-CN", TODAY)
    assert {row[1] for row in sheets[0].rows} == {"青石镇中心小学", "白水村小学"}
    with pytest.raises(PermissionDenied):
        county_ledgers.master_ledger(a.coordinator, term, "zh-CN", TODAY)
    with pytest.raises(PermissionDenied):
        county_ledgers.export(a.principal, settings, "county-ledger", tmp_path / "x.csv", "csv")


def test_the_quarterly_rollup_shows_a_change_made_after_a_school_submitted(county, settings, tmp_path):
    a, b, c = county.schools
    quarterly.record_submission(a.coordinator, "2026Q4", today=DECEMBER)
    quarterly.record_submission(b.coordinator, "2026Q4", today=DECEMBER)
    Guardian.update(away=False).where((Guardian.pupil == a.pupil_ids[2]) & (Guardian.relation == "father")).execute()
    Pupil.update(status="dropped_out").where(Pupil.id == b.pupil_ids[0]).execute()
    rollup = county_ledgers.quarterly_rollup(county.civil_affairs, "2026Q4", today=LATER)
    by_code = {line.school.code: line for line in rollup}
    assert by_code["QS01"].submitted and by_code["BS02"].submitted and not by_code["HY03"].submitted
    assert [row.pupil_id for row in by_code["QS01"].ledger.changed] == [a.pupil_ids[2]]
    assert by_code["HY03"].ledger.changed == ()  # no submission to compare with: nothing marked

    files = county_ledgers.export(county.civil_affairs, settings, "county-quarterly", tmp_path / "q.xlsx", "xlsx",
                                  quarter="2026Q4", today=LATER)
    summary = table(files[0], "分校汇总")
    assert summary[0][:7] == ["学校代码", "学校", "在册人数", "新增", "离开", "状态变化", "监护人变化"]
    lines = {row[0]: row for row in summary[1:-1]}
    assert lines["QS01"][2:7] == [6, 0, 0, 0, 1] and lines["BS02"][2:7] == [6, 0, 0, 1, 0]
    assert lines["HY03"][-1] == "否" and lines["QS01"][-1] == "是"
    assert summary[-1][1] == "合计" and summary[-1][2:7] == [18, 0, 0, 1, 1] and summary[-1][-1] == "2/3 所已报送"
    changes = table(files[0], "变动明细")
    assert [(row[1], row[2]) for row in changes[1:]] == [("白水村小学", "状态变化"), ("青石镇中心小学", "监护人变化")]
    assert "在读→辍学" in changes[1][3]


def test_the_term_report_gives_each_school_its_own_figures_and_the_total(county, settings, tmp_path):
    a, b, c = county.schools
    for pid in a.pupil_ids[:3]:
        FamilyCall.create(school=a.school_id, pupil=pid, date=dt.date(2026, 11, 23))
    files = county_ledgers.export(county.bureau, settings, "county-term-report", tmp_path / "t.csv", "csv",
                                  term_id="2026-autumn", today=TODAY)
    with open(files[0], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["学校代码", "学校", "留守儿童人数", "已落实关爱责任人", "关爱责任人覆盖率（%）"]
    assert [row[0].strip() for row in body] == ["BS02", "HY03", "QS01", ""] and body[-1][1].strip() == "合计"
    own = term_report.term_progress(a.coordinator, settings, "2026-autumn", today=TODAY)
    qs = dict(zip(header, body[2], strict=True))
    rule = own.rules[0]
    name = rule.rule.name.get("zh-CN")
    assert qs[f"{name} 已完成/应完成"].strip() == f"{rule.figures.done}/{rule.figures.due}"
    total = dict(zip(header, body[-1], strict=True))
    assert int(total["留守儿童人数"]) == 18 and int(total["已落实关爱责任人"]) == 15
    dues = [int(dict(zip(header, row, strict=True))[f"{name} 已完成/应完成"].split("/")[1]) for row in body[:-1]]
    assert total[f"{name} 已完成/应完成"].strip().endswith(f"/{sum(dues)}")


def test_an_export_is_audited_in_every_school_it_reads(county, settings, tmp_path):
    county_ledgers.export(county.township, settings, "county-ledger", tmp_path / "c.csv", "csv",
                          term_id="2026-autumn", today=TODAY)
    rows = list(AuditEntry.select().where((AuditEntry.action == "export") & (AuditEntry.entity == "county_ledger")))
    assert sorted(r.school_id for r in rows) == sorted(s.school_id for s in county.schools[:2])
    assert all(r.actor_id == county.township.staff_id for r in rows)


def test_the_command_line_writes_each_county_ledger_as_a_county_account(county, db_url, tmp_path, capsys,
                                                                       monkeypatch):
    from schoolcare.cli import main
    from schoolcare.services.tabular_read import read_rows
    from tests.factories import PASSWORD

    monkeypatch.setenv("SCHOOLCARE_PASSWORD", PASSWORD)
    for kind, name in (("county-ledger", "l.xlsx"), ("county-quarterly", "q.xlsx"), ("county-term-report", "t.csv")):
        args = ["export", kind, "-o", str(tmp_path / name), "--db", db_url, "--user", "xz", "--lang", "en"]
        if kind != "county-quarterly":
            args += ["--term", "2026-autumn"]
        if name.endswith(".csv"):
            args += ["--format", "csv"]
        assert main(args) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert str(tmp_path) in out and "2 schools" in out
    assert len(read_rows(tmp_path / "t.csv")) == 1 + 2 + 1  # header, the township's two schools, the total
    assert main(["export", "county-ledger", "-o", str(tmp_path / "x.csv"), "--format", "csv", "--db", db_url,
                 "--user", "coord", "--lang", "en"]) == 1
    assert "county" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)")
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed (Debian: apt-get install poppler-utils)")
def test_each_county_workbook_prints_every_column_on_its_first_page(county, settings, tmp_path, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("how a workbook prints does not depend on the database behind it")
    from tests.services.sheet_files import table as sheet_table
    from tests.services.test_print import pages_of, squeezed, to_pdf

    files = [county_ledgers.export(county.bureau, settings, kind, tmp_path / f"{kind}.xlsx", "xlsx",
                                   term_id="2026-autumn" if kind != "county-quarterly" else None,
                                   quarter="2026Q4" if kind == "county-quarterly" else None, today=TODAY)[0]
             for kind in county_ledgers.KINDS]
    to_pdf(files, tmp_path / "pdf")
    for path in files:
        pages = pages_of(tmp_path / "pdf" / f"{path.stem}.pdf")
        for ws in load_workbook(path).worksheets:
            first = next(n for n, page in enumerate(pages) if squeezed(ws["A1"].value) in page)
            missing = [h for h in sheet_table(ws)[0] if squeezed(h) not in pages[first]]
            assert not missing, f"{path.name} / {ws.title}: page {first + 1} lacks {missing}"
            assert "单位（盖章）：" in "".join(pages[first:])


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_each_sheet_title_names_the_ledger_once_and_the_unit_is_the_account(county, settings, tmp_path, lang):
    """The title block's unit is the account's office with its name (the data names no county or office
    otherwise), or the account's name alone when it names the office; no sheet title repeats the sheet's name."""
    from schoolcare.i18n import text
    from tests.county_factories import county_account

    named = county_account("县教育局关爱办", "jyj-office", "education_bureau")
    expected = {county.bureau: text(lang, "county_ledger.unit_of", office=text(lang, "office.education_bureau"),
                                    name="钱科长"),
                county.township: text(lang, "county_ledger.unit_of", office=text(lang, "office.township"),
                                      name="李乡长"),
                named: "县教育局关爱办"}
    for actor, unit in expected.items():
        assert county_ledgers.county_unit(actor, lang) == unit
        for kind in county_ledgers.KINDS:
            files = county_ledgers.export(actor, settings, kind, tmp_path / f"{kind}-{actor.staff_id}.xlsx", "xlsx",
                                          lang=lang, term_id="2026-autumn", today=TODAY)
            for ws in load_workbook(files[0]).worksheets:
                title, units = ws.cell(1, 1).value, ws.cell(2, 1).value
                assert units == text(lang, "print.unit", unit=unit)
                assert title.casefold().count(ws.title.casefold()) <= 1, title
