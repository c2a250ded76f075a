"""The benchmark harness: generated data sets, figures with baselines, medians and ratios."""
from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = Path(os.environ.get("SCHOOLCARE_BENCH_DATA", ROOT / "data"))  # where the SQLite data sets live
PASSWORD = "bench-password"
sys.path.insert(0, str(ROOT.parent))


@dataclass(frozen=True)
class Figure:
    name: str
    run: Callable[[], object]
    baseline: Callable[[], object] | None = None
    baseline_name: str = ""
    repeat: int = 9  # pairs (figure, baseline) or runs
    note: str = ""  # extra context printed after the ratio (rows/s, row counts …)


@dataclass
class Dataset:
    url: str
    pupils: int
    backend: str
    settings: object
    coordinator: object = None
    principal: object = None
    teacher: object = None
    accounts: list = field(default_factory=list)


def _once_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches and connections: the figure is the steady state a user sees
    return statistics.median(_once_ms(fn) for _ in range(repeat))


@dataclass(frozen=True)
class Paired:
    """A figure timed against its baseline pair by pair: each pair is one run of each, back to back, so a
    neighbour's load on the shared machine falls on both sides of a ratio rather than on one of them."""

    ms: float  # the figure's median
    base_ms: float  # the baseline's median
    ratio: float  # the median of the per-pair ratios
    low: float  # the smallest and largest per-pair ratio
    high: float


def paired(run: Callable[[], object], baseline: Callable[[], object], repeat: int) -> Paired:
    run()
    baseline()  # both warmed before the first pair
    ours, theirs, ratios = [], [], []
    for i in range(repeat):
        # Alternate which side goes first, so neither always runs on the other's warm cache.
        if i % 2:
            b = _once_ms(baseline)
            a = _once_ms(run)
        else:
            a = _once_ms(run)
            b = _once_ms(baseline)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b if b else float("inf"))
    return Paired(statistics.median(ours), statistics.median(theirs), statistics.median(ratios),
                  min(ratios), max(ratios))


def measure(figure: Figure) -> str:
    """`NAME  MEDIAN_MS  RATIO x BASELINE (its median, the per-pair range)`, or `NAME  MEDIAN_MS` alone."""
    if figure.baseline is None:
        line = f"{figure.name:<44} {median_ms(figure.run, figure.repeat):10.2f}"
    else:
        p = paired(figure.run, figure.baseline, figure.repeat)
        line = (f"{figure.name:<44} {p.ms:10.2f}  {p.ratio:6.2f} x {figure.baseline_name or 'baseline'} "
                f"({p.base_ms:.2f} ms; pairs {p.low:.2f}–{p.high:.2f}, n={figure.repeat})")
    return line + (f"  [{figure.note}]" if figure.note else "")


_closing: list[Callable[[], object]] = []


def when_module_done(close: Callable[[], object]) -> None:
    """Run `close` once the module's figures are measured (run.py): a headless app a module started in a thread
    keeps its timers running (a blinking cursor, idle refreshes) and would take the GIL from later figures."""
    _closing.append(close)


def close_module() -> None:
    while _closing:
        _closing.pop()()


def tidy(ds: Dataset) -> None:
    """Clear what figures rolled back (the roster import's runs leave 2,000 dead pupils, 6,000 guardians and
    2,000 audit rows on PostgreSQL each time) and refresh the planner's statistics. A server's autovacuum would
    do it in time; where it is off (as on this project's machine) the next figures would scan dead rows."""
    if ds.backend == "postgresql":
        from schoolcare.store.database import db

        db.execute_sql("VACUUM ANALYZE")


def dataset(pupils: int, backend: str = "sqlite", weeks: int = 52) -> Dataset:
    """Open (generating on first use) a school of `pupils` pupils with `weeks` of records."""
    from schoolcare.config import load_settings
    from schoolcare.demo.generate import generate
    from schoolcare.services.accounts import auth
    from schoolcare.store.database import open_database

    settings = load_settings()
    schools = max(1, pupils // 2000) if pupils > 2000 else 1
    for folder in {DATA, ROOT / "data"}:
        folder.mkdir(exist_ok=True)
    # A data set counts only once its generation finished (an interrupted run leaves no marker).
    name = f"school-{pupils}-{weeks}w"
    # A PostgreSQL data set's marker stays beside the code whatever SCHOOLCARE_BENCH_DATA says: a marker
    # missing from another folder would drop and regenerate a database others are reading.
    done = (DATA if backend == "sqlite" else ROOT / "data") / f"{name}.{backend}.done"
    if backend == "sqlite":
        path = DATA / f"{name}.db"
        url = f"sqlite:///{path}"
        if not done.exists():
            for leftover in DATA.glob(f"{name}.db*"):
                leftover.unlink()
    else:
        url = os.environ.get("SCHOOLCARE_BENCH_PG", f"postgresql://postgres@127.0.0.1:5432/schoolcare_bench_{pupils}")
        _ensure_pg_database(url, fresh=not done.exists())
    open_database(url)
    if not done.exists():
        print(f"# generating {pupils} pupils in {schools} school(s), {weeks} weeks → {url}", file=sys.stderr)
        started = time.perf_counter()
        generate(pupils, schools, weeks, settings=settings, password=PASSWORD,
                 progress=lambda m: print(f"#   {m}", file=sys.stderr))
        print(f"# generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        done.write_text(url + "\n")
    ds = Dataset(url=url, pupils=pupils, backend=backend, settings=settings)
    logins = _first_logins()
    ds.coordinator = auth.authenticate(logins["coordinator"], PASSWORD)
    ds.principal = auth.authenticate(logins["principal"], PASSWORD)
    ds.teacher = auth.authenticate(logins["teacher"], PASSWORD)
    return ds


def _first_logins() -> dict[str, str]:
    """The first school's accounts: its coordinator, principal, and the teacher with the largest caseload."""
    import peewee as pw

    from schoolcare.store.models import CareAssignment, Staff

    first_school = Staff.select(pw.fn.MIN(Staff.school)).scalar()
    staff = Staff.select().where(Staff.school == first_school)
    by_role = {}
    for member in staff.order_by(Staff.id):
        by_role.setdefault(member.role, member.login)
    busiest = (
        CareAssignment.select(CareAssignment.teacher, pw.fn.COUNT(CareAssignment.id).alias("n"))
        .where(CareAssignment.end_on.is_null() & (CareAssignment.school == first_school))
        .group_by(CareAssignment.teacher).order_by(pw.SQL("n").desc()).first()
    )
    return {"coordinator": by_role["coordinator"], "principal": by_role["principal"],
            "teacher": Staff.get_by_id(busiest.teacher_id).login if busiest else by_role["teacher"]}


def _ensure_pg_database(url: str, fresh: bool) -> None:
    """Create the bench database; `fresh` drops a half-generated one first."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
