"""Eight writer processes log family calls at once: nothing lost, nothing doubled, no error, every call audited."""
from __future__ import annotations

from schoolcare.store.database import is_sqlite, open_database
from tests.drills.harness import SECONDS, integrity_ok, start_writer, tally

WRITERS = 8


def test_eight_writers_lose_nothing(drill_url):
    writers = [start_writer(drill_url, ("coord", "zheng", "wang")[i % 3], f"w{i}", "--seconds", str(SECONDS))
               for i in range(WRITERS)]
    crashed = [err for w in writers if (err := w.wait(SECONDS + 120)).strip()]
    assert crashed == []
    assert all(w.done for w in writers)
    errors = [e for w in writers for e in w.errors]
    assert errors == [], f"{len(errors)} writes failed, e.g. {errors[:3]}"
    open_database(drill_url, upgrade=False)
    result = tally({note: cid for w in writers for note, cid in w.acks.items()}, "w")
    assert result.acked >= WRITERS  # every writer got through at least once
    assert result.present == result.acked  # each acknowledged call stored once, none stored unacknowledged
    assert result.clean, result
    if is_sqlite():
        assert integrity_ok()
