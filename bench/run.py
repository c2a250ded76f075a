"""Run the benchmarks: `python bench/run.py [--pupils N] [--only NAME] [--backend sqlite|postgresql]`.

Prints one line per figure: NAME  MEDIAN_MS  RATIO x BASELINE, the ratio being the median of the per-pair
ratios (figure and baseline run alternately, one of each per pair) followed by their range. Data sets are
generated on first use under bench/data/ (SQLite) or in a bench database on
the PostgreSQL server, and reused afterwards.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import close_module, dataset, measure, tidy  # noqa: E402


def modules() -> list:
    return [importlib.import_module(f"bench.{path.stem}")
            for path in sorted(Path(__file__).parent.glob("bench_*.py"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--only", help="run the modules (bench_NAME.py) or figures whose name contains this")
    args = parser.parse_args(argv)
    selected = modules()
    if args.only and any(args.only in m.__name__ for m in selected):
        # A module named: only its figures are set up (the others' set-up can take long at 50,000 pupils).
        selected = [m for m in selected if args.only in m.__name__]
    ds = dataset(args.pupils, args.backend, args.weeks)
    print(f"# {args.pupils} pupils, {args.weeks} weeks, {args.backend} ({ds.url})")
    tidy(ds)  # what earlier runs left
    for module in selected:
        # What earlier modules left (a workbook read, a closed app's widgets) is no longer the cycle collector's
        # to walk: each module is timed on a heap as small as in a process of its own.
        gc.collect()
        gc.freeze()
        try:
            figures = module.figures(ds)
        except Exception as error:  # one module's broken set-up must not hide the other figures
            print(f"# {module.__name__}: set-up failed: {error!r}", file=sys.stderr, flush=True)
            continue
        for figure in figures:
            if args.only and args.only not in module.__name__ and args.only not in figure.name:
                continue
            print(measure(figure), flush=True)
        close_module()
        tidy(ds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
