"""The demo school: fictional 青山镇中心小学 in its own SQLite file, created on first use and reused after."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from schoolcare.demo.fictional import school_name
from schoolcare.demo.generate import generate
from schoolcare.demo.generate_counselling import add_counselling
from schoolcare.demo.generate_passwords import GENERATED_N
from schoolcare.domain.roles import Office, Role
from schoolcare.domain.settings import Settings
from schoolcare.services.accounts.auth import hash_password
from schoolcare.services.errors import ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.database import close_database, data_dir, open_database
from schoolcare.store.models import School, Staff

DEMO_PASSWORD = "demo1234"
DEMO_PUPILS = 600  # 18 classes, 40 staff
DEMO_FILE = "demo.db"
SHOWN_TEACHERS = 3
DEMO_COUNTY_LOGIN = "county"


def demo_database_url() -> str:
    """The demo's SQLite file in the user's data directory, apart from any real school's database."""
    return f"sqlite:///{data_dir() / DEMO_FILE}"


def ensure_demo(
    settings: Settings, *, url: str | None = None, progress: Callable[[str], None] | None = None
) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """Open the demo database (building it the first time) and return (url, accounts to show on the login screen).

    Accounts are (role, login, password): the coordinator, the principal and
    the first teachers. The demo is built in a side file and moved into place
    when complete, so an interrupted first run never leaves a half-made demo.

    `url` (demo --db): the demo in that database instead, built there if it is empty, reused if it holds the
    demo; one that holds another school is refused (demo.not_the_demo), never filled or shown as the demo.
    """
    if url is not None and url != demo_database_url():
        return _demo_at(url, settings, progress)
    path = data_dir() / DEMO_FILE
    url = demo_database_url()
    if not path.exists():
        _build(path, settings, progress)
    open_database(url)
    if not School.select().exists():  # an empty file someone opened as the demo: fill it in place
        generate(DEMO_PUPILS, settings=settings, password=DEMO_PASSWORD, progress=progress)
        add_counselling(settings)
    ensure_county_account()
    return url, demo_accounts()


def _demo_at(url: str, settings: Settings,
             progress: Callable[[str], None] | None) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    open_database(url)
    schools = list(School.select(School.name).order_by(School.id).limit(2))
    if not schools:
        generate(DEMO_PUPILS, settings=settings, password=DEMO_PASSWORD, progress=progress)
        add_counselling(settings)
    elif len(schools) > 1 or schools[0].name != school_name(0):
        close_database()
        raise ValidationError("demo.not_the_demo", "--db", url=url, school=schools[0].name)
    ensure_county_account()
    return url, demo_accounts()


def ensure_county_account() -> None:
    """The demo's county account (教育局, reading every school), so a person can log in as the county; a demo
    database built before county accounts existed gets it on its next opening."""
    if Staff.select().where(Staff.role == Role.COUNTY.value).exists():
        return
    with writing():
        Staff.create(school=None, name="县教育局关爱办", login=DEMO_COUNTY_LOGIN, role=Role.COUNTY.value,
                     office=Office.EDUCATION_BUREAU.value, password_hash=hash_password(DEMO_PASSWORD, n=GENERATED_N))


def demo_accounts() -> tuple[tuple[str, str, str], ...]:
    """The open demo's coordinator, principal, first teachers (by login) and county account, with the demo
    password."""
    shown: list[Staff] = []
    for role, limit in ((Role.COORDINATOR, 1), (Role.PRINCIPAL, 1), (Role.TEACHER, SHOWN_TEACHERS), (Role.COUNTY, 1)):
        shown.extend(Staff.select().where((Staff.role == role.value) & (Staff.active == True))  # noqa: E712
                  .order_by(Staff.login).limit(limit))
    return tuple((s.role, s.login, DEMO_PASSWORD) for s in shown)


def _build(path: Path, settings: Settings, progress: Callable[[str], None] | None) -> None:
    partial = path.with_name(path.name + ".building")
    _remove(partial)
    open_database(f"sqlite:///{partial}")
    try:
        generate(DEMO_PUPILS, settings=settings, password=DEMO_PASSWORD, progress=progress)
        add_counselling(settings)
    finally:
        close_database()
    _remove(partial, only_sidecars=True)
    os.replace(partial, path)


def _remove(path: Path, *, only_sidecars: bool = False) -> None:
    names = ("-wal", "-shm") if only_sidecars else ("", "-wal", "-shm")
    for suffix in names:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
