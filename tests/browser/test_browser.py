"""A teacher in Chromium: logs in by typing, logs the week's calls, exports a ledger that arrives as a download.

What the browser shows is a canvas, so each step is checked where it lands: the audit log and the records in the
served database, and the file in the browser's download folder."""
from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def wait_for(what: str, check: Callable[[], object], timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def count_by(db: Path, login: str, action: str, entity: str = "") -> int:
    return query(db, "SELECT count(*) FROM audit_entry a JOIN staff s ON s.id = a.actor_id "
                     "WHERE s.login = ? AND a.action = ? AND (? = '' OR a.entity = ?)",
                 login, action, entity, entity)[0][0]


def open_terminal(driver, url: str):
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait_for("the terminal's first byte", lambda: "-first-byte" in driver.find_element(By.TAG_NAME, "body")
             .get_attribute("class"))
    return driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")


def test_the_page_links_nothing_outside_the_server(served_demo):
    import urllib.request

    html = urllib.request.urlopen(served_demo.url, timeout=10).read().decode()
    hosts = set(re.findall(r"(?:https?|wss?)://([^/\"']+)", html))
    assert hosts == {f"127.0.0.1:{served_demo.port}"}


def test_a_teacher_logs_calls_and_downloads_a_ledger(served_demo, chromium):
    from selenium.webdriver.common.keys import Keys

    db = served_demo.data_dir / "demo.db"
    logins_before = count_by(db, "t001", "login")
    calls_before = count_by(db, "t001", "create", "family_call")
    exports_before = count_by(db, "t001", "export")

    keys = open_terminal(chromium, served_demo.url)
    time.sleep(1.0)  # the login screen's first paint
    keys.send_keys("t001" + Keys.TAB + "demo1234" + Keys.ENTER)  # one burst, as a fast typist or a password manager
    wait_for("t001's login", lambda: count_by(db, "t001", "login") > logins_before)

    time.sleep(2.0)  # home: the teacher's week
    keys.send_keys("b")  # log this week's calls: the pupils still owing one are ticked
    time.sleep(2.0)
    keys.send_keys(Keys.CONTROL + "s")
    wait_for("the week's calls", lambda: count_by(db, "t001", "create", "family_call") > calls_before)

    time.sleep(1.0)
    keys.send_keys("2")
    time.sleep(2.0)
    keys.send_keys("x")
    time.sleep(2.0)
    keys.send_keys(Keys.ENTER)  # the file name field is focused; Enter saves
    wait_for("the export's audit row", lambda: count_by(db, "t001", "export") > exports_before)
    downloaded = wait_for("the download", lambda: [p for p in chromium.downloads.iterdir()
                                                   if p.suffix == ".xlsx"], timeout=30)
    from openpyxl import load_workbook

    workbook = load_workbook(downloaded[0], read_only=True)
    assert workbook.sheetnames
    assert not list(Path("/tmp").glob("schoolcare-export-*/*.xlsx")), "the server keeps no copy"
