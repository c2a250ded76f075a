"""The README's pictures: the main screens as PNGs taken in headless Chromium from `schoolcare serve --demo`, in
both languages (Rich's SVGs overlap Chinese text in a browser: Textualize/rich#2742).

    python tools/screenshots.py [--out docs/screens] [--size 1280x800]

Needs Debian's chromium, chromium-driver and fonts-noto-cjk, and selenium (the test extra). Each shot is a list
of keys typed as a person would, from the login screen; the demo's "today" is fixed so the pictures repeat.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, Served, browser_missing_reason  # noqa: E402

TAB, ENTER, F2 = "\ue004", "\ue007", "\ue032"  # selenium's Keys.TAB, Keys.ENTER, Keys.F2
# (file name, login, keys after login, seconds to let the screen settle)
SHOTS = (
    ("login", None, "", 1.5),
    ("coordinator-home", "coord", "", 3.0),
    ("teacher-week", "t001", "", 3.0),
    ("pupils", "coord", "2", 3.0),
    ("care-log", "coord", "3", 3.0),
    ("care-centre", "coord", "5", 3.0),
    ("term-progress", "head", "", 4.0),
    ("child-protection", "coord", "8", 3.0),
    ("county-home", "county", "", 4.0),
)


def browser(size: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={size.replace('x', ',')}", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def shoot(url: str, out: Path, lang: str, size: str) -> list[Path]:
    from selenium.webdriver.common.by import By

    written = []
    for name, login, keys, settle in SHOTS:
        driver = browser(size)
        try:
            driver.get(url)
            deadline = time.monotonic() + 60
            while "-first-byte" not in driver.find_element(By.TAG_NAME, "body").get_attribute("class"):
                if time.monotonic() > deadline:
                    raise RuntimeError("the session did not start")
                time.sleep(0.2)
            time.sleep(1.5)
            typing = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
            if lang == "en":
                typing.send_keys(F2)
                time.sleep(1.0)
            if login:
                typing.send_keys(login + TAB + "demo1234" + ENTER)
                time.sleep(3.0)
            if keys:
                typing.send_keys(keys)
            time.sleep(settle)
            path = out / f"{name}.{lang}.png"
            driver.save_screenshot(str(path))
            written.append(path)
        finally:
            driver.quit()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--today", default="2026-11-27", help="the demo's today (SCHOOLCARE_TODAY)")
    args = parser.parse_args()
    reason = browser_missing_reason()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ["SCHOOLCARE_TODAY"] = args.today
    with tempfile.TemporaryDirectory() as data:
        served = Served(Path(data), "--demo")
        try:
            for lang in ("zh-CN", "en"):
                for path in shoot(served.url, out, "zh" if lang == "zh-CN" else "en", args.size):
                    print(path)
        finally:
            served.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
