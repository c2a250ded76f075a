"""Start-up to the login screen against a bare Textual app showing a login-like screen, and the generator's rate."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import DATA, PASSWORD, Figure

ROOT = Path(__file__).resolve().parent.parent

# Both scripts stop once the login form is on screen, its login field focused and painted headless, and (schoolcare)
# keys typed go to it, no longer held while the app asks the database whether it holds a school yet. The bare app
# shows the same kind of screen (a header line, a bordered form of two labelled fields and a button, a footer,
# styled by a few rules) with Textual alone, so the ratio is what schoolcare adds: its imports, its settings (kept
# by config/cache.py while the YAML is unchanged), its stylesheet, its catalog, a glance at the database (does it
# hold a school yet? store/probe.py; peewee and the models load with the first login) and its own login screen.
READY = """
async def login_painted(app, pilot):
    while app.focused is None or app.focused.id != "login" or not getattr(app, "typing_ready", True):
        await pilot.pause()
    future = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: future.done() or future.set_result(None))
    await future
"""

BARE = """
import asyncio
from textual.app import App
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Static
""" + READY + """
class Bare(App):
    CSS = '''
    #where { height: 1; background: $panel; }
    #box { height: 1fr; align: center middle; }
    .form { width: 72; height: auto; border: round $primary; padding: 1 2; }
    .title { text-style: bold; margin-bottom: 1; }
    .field, .row { height: auto; }
    .row Label { width: 16; padding: 1 1 0 0; }
    .row Input { width: 1fr; }
    .error { display: none; }
    .buttons { height: auto; margin-top: 1; }
    '''

    def compose(self):
        yield Static("Bare school  ·  login", id="where")
        with Center(id="box"):
            with Vertical(classes="form"):
                yield Label("Log in", classes="title")
                for name in ("login", "password"):
                    with Vertical(classes="field"):
                        with Horizontal(classes="row"):
                            yield Label(name)
                            yield Input(id=name, password=name == "password")
                        yield Static("", classes="error")
                with Horizontal(classes="buttons"):
                    yield Button("Log in", variant="primary")
                yield Static("", classes="error")
        yield Footer()

    def on_mount(self):
        self.query_one("#login").focus()

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await login_painted(app, pilot)
asyncio.run(main())
"""

SCHOOLCARE = """
import asyncio, sys
from schoolcare.cli import skip_unused_drivers
skip_unused_drivers(sys.argv[1])  # as `schoolcare --db URL` does
from schoolcare.commands.app import prepare_app
from schoolcare.commands.context import CommandContext
""" + READY + """
async def main():
    # The path `schoolcare --db URL` takes after parsing its arguments (commands/app.py open_app).
    app = prepare_app(CommandContext(db_url=sys.argv[1], config_dir=None, lang=None, user=None))
    async with app.run_test(size=(120, 40)) as pilot:
        await login_painted(app, pilot)
asyncio.run(main())
"""


def _python(code: str, *args: str):
    # Bytecode as an installed copy has it: compiled once (by the warm-up run) into a cache of the bench's own, so
    # neither side compiles sources on every start, even where PYTHONDONTWRITEBYTECODE is set for the tests.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")

    def run():
        subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT, env=env)
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
               _python(BARE), "bare Textual app, a login-like screen", repeat=9),
        Figure("generate 2000 pupils x 52 weeks", _generate_once(2000, 52), repeat=1,
               note=f"data set in use holds {calls} family calls"),
    ]
