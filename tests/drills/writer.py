"""A drill's writer process: logs family calls through the service layer and prints one `ack` line per commit.

    python -m tests.drills.writer URL LOGIN TAG (--seconds S | --count N | --until FILE)

Each call's notes are `TAG-i`, so the drill can find every acknowledged write afterwards. A failed write
prints one `error` line (what a person would have seen) and the writer goes on.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("login")
    parser.add_argument("tag")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--count", type=int)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--until", type=Path, help="stop once this file exists")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between two writes (a person's pace)")
    args = parser.parse_args(argv)

    from schoolcare.domain import clock
    from schoolcare.domain.care import CallDraft
    from schoolcare.services.access import pupil_scope
    from schoolcare.services.accounts.auth import actor_for
    from schoolcare.services.care.calls_talks import log_call
    from schoolcare.store.database import open_database
    from schoolcare.store.models import Pupil, Staff

    open_database(args.url, upgrade=False)
    actor = actor_for(Staff.get(Staff.login == args.login))
    pupils = [p.id for p in Pupil.select(Pupil.id).where(pupil_scope(actor)).order_by(Pupil.id).limit(50)]
    today = clock.today()
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    i, ok, failed = args.start, 0, 0
    while ((deadline is None or time.monotonic() < deadline) and (args.count is None or i < args.start + args.count)
           and not (args.until and args.until.exists())):
        note = f"{args.tag}-{i}"
        try:
            row = log_call(actor, CallDraft(pupils[i % len(pupils)], today, notes=note))
        except Exception as error:  # the drill counts what would have reached a person
            failed += 1
            print(f"error {type(error).__module__}.{type(error).__name__}: {' '.join(str(error).split())}", flush=True)
        else:
            ok += 1
            print(f"ack {note} {row.id}", flush=True)
        i += 1
        if args.pause:
            time.sleep(args.pause)
    print(f"done {ok} {failed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
