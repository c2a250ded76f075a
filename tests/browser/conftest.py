"""A real browser on a real `schoolcare serve`: headless Chromium (Debian's chromium + chromium-driver) through
selenium; the tests skip, saying why, where either is missing."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def browser_missing_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return f"{path} is missing (apt-get install {package} fonts-noto-cjk)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A `schoolcare serve` process on a free port of this machine."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.data_dir = data_dir
        env = {**os.environ, "SCHOOLCARE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        self.log = data_dir / "serve.log"
        self.process = subprocess.Popen([sys.executable, "-m", "schoolcare.cli", "serve", "--port", str(self.port),
                                         *args], env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240  # the first --demo builds the demo school
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"schoolcare serve stopped: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"schoolcare serve did not listen: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory):
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    served = Served(tmp_path_factory.mktemp("serve-demo"), "--demo")
    yield served
    served.stop()


@pytest.fixture
def chromium(tmp_path):
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()
