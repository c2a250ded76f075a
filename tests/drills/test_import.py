"""A 12,000-row roster import while four writers log calls and `report week` runs: no error reaches anyone."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from schoolcare.store.database import open_database
from tests.drills.harness import FULL, ROOT, integrity_ok, start_writer, tally
from tests.drills.roster import write_roster
from tests.factories import PASSWORD

ROWS = 12_000


def schoolcare(*args: str) -> list[str]:
    return [sys.executable, "-m", "schoolcare.cli", *args]


def test_a_large_import_keeps_everyone_else_working(sqlite_url, tmp_path):
    # The full drill imports the spreadsheet schools send; CI the same rows as CSV (faster to read).
    roster = write_roster(tmp_path / ("roster.xlsx" if FULL else "roster.csv"), ROWS)
    stop = tmp_path / "stop"
    writers = [start_writer(sqlite_url, ("coord", "zheng")[i % 2], f"w{i}", "--until", str(stop), "--pause", "0.01")
               for i in range(4)]
    for w in writers:
        assert w.ready.wait(60)
    env = {**os.environ, "SCHOOLCARE_PASSWORD": PASSWORD}
    with open(tmp_path / "import.out", "w+") as out, open(tmp_path / "import.err", "w+") as err:
        started = time.monotonic()
        importing = subprocess.Popen(schoolcare("--db", sqlite_url, "--lang", "en", "import", "roster", str(roster),
                                                "--yes", "--user", "coord"), cwd=ROOT, env=env, stdout=out, stderr=err)
        reports = []
        while importing.poll() is None:
            report = subprocess.run(schoolcare("--db", sqlite_url, "report", "week", "--user", "coord"), cwd=ROOT,
                                    env=env, capture_output=True, text=True, timeout=120)
            reports.append(report)
            time.sleep(1)  # a person looking again, not a loop competing with the import for the CPU
        took = time.monotonic() - started
        time.sleep(0.5)  # writers go on a moment after the import's commit
        stop.touch()
        crashed = [e for w in writers if (e := w.wait(60)).strip()]
        out.seek(0)
        err.seek(0)
        said, complaint = out.read(), err.read()
    assert importing.returncode == 0, complaint
    assert f"{ROWS}" in said.splitlines()[-1]
    assert reports, "the import finished before a report could run"
    for report in reports:
        assert report.returncode == 0 and "Traceback" not in report.stderr, report.stderr
    assert crashed == []
    errors = [e for w in writers for e in w.errors]
    assert errors == [], f"{len(errors)} writes failed during a {took:.0f} s import, e.g. {errors[:3]}"
    open_database(sqlite_url, upgrade=False)
    result = tally({note: cid for w in writers for note, cid in w.acks.items()}, "w")
    assert result.acked > 0 and result.present == result.acked and result.clean, result
    from schoolcare.store.models import AuditEntry, Pupil

    assert Pupil.select().where(Pupil.student_no.startswith("D")).count() == ROWS
    assert AuditEntry.select().where((AuditEntry.action == "import") & (AuditEntry.entity == "pupil")).count() == ROWS
    assert integrity_ok()
