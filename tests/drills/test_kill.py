"""A writer killed with SIGKILL at random points, restarted each time, over 200 writes: every acknowledged
write is there, the file is intact, and no call is without its audit row."""
from __future__ import annotations

import random
import subprocess

from schoolcare.store.database import open_database
from tests.drills.harness import FULL, integrity_ok, start_writer, tally

WRITES = 200


def test_kill_minus_nine_loses_no_acknowledged_write(sqlite_url):
    rng = random.Random(14)
    acks: dict[str, int] = {}
    kills = 0
    for run in range(200):
        if len(acks) >= WRITES and kills >= 3:
            break
        # Never fewer than 20 to go: a writer that finishes its last few before the kill comes (a fast or a busy
        # machine) starts another, so the drill always kills a writer mid-stream at least three times.
        writer = start_writer(sqlite_url, "coord", f"k{run}", "--count", str(max(WRITES - len(acks), 20)))
        assert writer.ready.wait(60), writer.wait(5)
        # Mostly early (startup, first commits), sometimes late: the kill lands before, inside and after commits.
        try:
            writer.proc.wait(timeout=rng.expovariate(1 / (0.3 if FULL else 0.15)))
        except subprocess.TimeoutExpired:  # still writing: kill it where it stands
            writer.proc.kill()
            kills += 1
        writer.wait(30)
        assert writer.errors == []
        acks.update(writer.acks)
    assert len(acks) >= WRITES and kills >= 3
    open_database(sqlite_url, upgrade=False)
    assert integrity_ok()
    result = tally(acks, "k")
    assert result.lost == [] and result.duplicated == [] and result.unpaired == [], result
