"""Start-up to the first screen against a bare Textual app, and the generator's rate."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import PASSWORD, Figure

ROOT = Path(__file__).resolve().parent.parent

# Both scripts stop once the first screen has been composed and painted headless.
BARE = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Input, Label
class Bare(App):
    def compose(self):
        yield Header(); yield Label("login"); yield Input(); yield Input(password=True); yield Footer()
async def main():
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

SCHOOLCARE = """
import asyncio, sys
from schoolcare.cli import skip_unused_drivers
skip_unused_drivers(sys.argv[1])  # as `schoolcare --db URL` does
from schoolcare.config import load_settings
from schoolcare.store.database import open_database
from schoolcare.ui.app import make_app
async def main():
    app = make_app(load_settings(), open_database(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""


def _python(code: str, *args: str):
    def run():
        subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT)
    return run


def _generate_once(pupils: int, weeks: int):
    from schoolcare.config import load_settings
    from schoolcare.demo.generate import generate
    from schoolcare.store.database import db, open_database

    def run():
        with tempfile.TemporaryDirectory() as tmp:
            saved = db.obj
            open_database(f"sqlite:///{tmp}/gen.db")
            generate(pupils, 1, weeks, settings=load_settings(), password=PASSWORD)
            db.close()
            db.initialize(saved)
    return run


def figures(ds) -> list[Figure]:
    from schoolcare.store.models import FamilyCall

    calls = FamilyCall.select().count()
    return [
        Figure(f"startup to login screen ({ds.pupils} pupils)", _python(SCHOOLCARE, ds.url),
               _python(BARE), "bare Textual app", repeat=5),
        Figure("generate 2000 pupils x 52 weeks", _generate_once(2000, 52), repeat=1,
               note=f"data set in use holds {calls} family calls"),
    ]
