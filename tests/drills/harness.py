"""What the drills share: how long they run, a school to write to, writer processes, and the after-the-fact checks."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
# CI runs each drill for a few seconds; SCHOOLCARE_DRILL_SECONDS=30 gives the full drill of issue 14.
SECONDS = float(os.environ.get("SCHOOLCARE_DRILL_SECONDS", "4"))
FULL = SECONDS >= 30


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


@dataclass
class Writer:
    """One writer process and what it printed, read by a thread so its pipe never fills."""

    proc: subprocess.Popen
    stderr: IO[bytes]
    acks: dict[str, int] = field(default_factory=dict)  # note → call id
    errors: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    reader: threading.Thread = field(init=False)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "ack":
                note, call_id = rest.split()
                self.acks[note] = int(call_id)
            elif kind == "error":
                self.errors.append(rest)
            elif kind == "ready":
                self.ready.set()
            elif kind == "done":
                self.done = True
        self.ready.set()  # a writer that died before it was ready must not hang the drill

    def wait(self, timeout: float) -> str:
        """Its exit; returns what it wrote to stderr (a traceback, if it crashed)."""
        self.proc.wait(timeout=timeout)
        self.reader.join(timeout)
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")


def start_writer(url: str, login: str, tag: str, *limit: str, start: int = 0) -> Writer:
    stderr = tempfile.TemporaryFile()
    proc = subprocess.Popen(python_module("tests.drills.writer", url, login, tag, *limit, "--start", str(start)),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True)
    writer = Writer(proc, stderr)
    writer.reader = threading.Thread(target=writer._read, daemon=True)
    writer.reader.start()
    return writer


@dataclass
class Tally:
    acked: int
    present: int  # drill calls in the database
    lost: list[str]  # acknowledged, not in the database
    duplicated: list[str]  # one note stored twice
    unpaired: list[int]  # drill calls without exactly one audit row, or audit rows of no call

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.unpaired)


def tally(acks: dict[str, int], prefix: str) -> Tally:
    """Compare what the writers acknowledged with what the database holds (the database must be open)."""
    from schoolcare.store.models import AuditEntry, FamilyCall

    stored = list(FamilyCall.select(FamilyCall.id, FamilyCall.notes).where(FamilyCall.notes.startswith(prefix)).tuples())
    notes = Counter(note for _id, note in stored)
    ids = {call_id for call_id, _note in stored}
    audited = Counter(entity_id for (entity_id,) in AuditEntry.select(AuditEntry.entity_id).where(
        (AuditEntry.entity == "family_call") & (AuditEntry.action == "create")).tuples())
    all_calls = {call_id for (call_id,) in FamilyCall.select(FamilyCall.id).tuples()}
    unpaired = sorted({i for i in ids if audited[i] != 1} | {i for i in audited if i not in all_calls})
    by_id = {call_id: note for call_id, note in stored}
    lost = sorted(note for note, call_id in acks.items() if by_id.get(call_id) != note)
    return Tally(len(acks), len(stored), lost, sorted(n for n, c in notes.items() if c > 1), unpaired)


def integrity_ok() -> bool:
    from schoolcare.store.database import db

    return [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()] == ["ok"]


def build_school(url: str) -> None:
    """The small fictional school of tests/factories.py, in the database at `url`, then closed."""
    from schoolcare.store.database import close_database, open_database
    from tests.factories import build_small_school

    open_database(url)
    build_small_school()
    close_database()
