"""Run the benchmarks: `python bench/run.py [--pupils N] [--only NAME] [--backend sqlite|postgresql]`.

Prints one line per figure: NAME  MEDIAN_MS  RATIO x BASELINE. Data sets are
generated on first use under bench/data/ (SQLite) or in a bench database on
the PostgreSQL server, and reused afterwards.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import dataset, measure  # noqa: E402


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
    ds = dataset(args.pupils, args.backend, args.weeks)
    print(f"# {args.pupils} pupils, {args.weeks} weeks, {args.backend} ({ds.url})")
    for module in selected:
        for figure in module.figures(ds):
            if args.only and args.only not in module.__name__ and args.only not in figure.name:
                continue
            print(measure(figure), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
