"""Opening the TUI on the chosen database: the one path the CLI, `demo` and every test take to make_app."""
from __future__ import annotations

import argparse

from schoolcare.commands.context import CommandContext


def open_app(args: argparse.Namespace, ctx: CommandContext, demo_accounts=()) -> int:
    prepare_app(ctx, demo_accounts).run()
    return 0


def prepare_app(ctx: CommandContext, demo_accounts=()):
    """The app on the context's database. On a cold start on a SQLite file whose schema is current, the database
    is only glanced at (login or set-up?): peewee and the models load with the first login (ctx.open then)."""
    import gc

    # Nothing imported or composed while starting is garbage yet, so the collector's passes over it (~5% of the
    # start) are waste: it resumes once the first form takes keys.
    collecting = gc.isenabled()
    gc.disable()
    try:
        app = _make_app(ctx, demo_accounts)
    except BaseException:
        if collecting:
            gc.enable()
        raise
    if collecting:
        app.when_started.append(gc.enable)
    return app


def _make_app(ctx: CommandContext, demo_accounts):
    import sys

    from schoolcare.store.probe import is_postgresql
    from schoolcare.ui.app import make_app

    url = ctx.url()
    glanced, recalled = None, False
    if "peewee" not in sys.modules:  # else a command (demo) has opened it already: nothing to save
        from schoolcare.store.probe import glance

        if is_postgresql(url):
            glanced = _recall(url)  # the server is asked when the first login opens it (SchoolcareApp)
            recalled = glanced is not None
        if glanced is None:
            glanced = glance(url)
            if glanced is not None and is_postgresql(url):
                _remember(url, *glanced)
    if glanced is None:  # opened (a new file, a schema to upgrade, a server not glanced at): asked at once
        from schoolcare.services.accounts import auth

        info = ctx.open()
        empty = auth.is_empty()
        if is_postgresql(url):
            _remember(url, info, empty)
        return make_app(ctx.settings, info, lang=ctx.language, demo_accounts=demo_accounts, empty=empty)
    info, empty = glanced
    opener = (lambda: _open_and_remember(ctx, url)) if is_postgresql(url) else ctx.open
    return make_app(ctx.settings, info, lang=ctx.language, demo_accounts=demo_accounts, empty=empty,
                    open_database=opener, recalled=recalled)


# What the last start learnt of a PostgreSQL server (its version; that it holds a school under this schoolcare's
# migrations), kept in the user's cache: importing psycopg and asking the server cost a start ~100 ms before the
# login could show, for an answer that hardly ever changes. SQLite files are glanced at each time (~2 ms).

MEMORY = "databases.json"


def _memory() -> dict:
    """What earlier starts learnt, by URL key ({} when nothing readable is kept)."""
    import json

    from schoolcare.domain.kept import cache_dir

    try:
        known = json.loads((cache_dir() / MEMORY).read_text())
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _url_key(url: str) -> str:
    import hashlib

    return hashlib.sha256(url.encode()).hexdigest()  # the URL may hold a password: never kept as text


def _recall(url: str):
    from schoolcare.domain.records import DatabaseInfo
    from schoolcare.store.probe import migration_names

    known = _memory().get(_url_key(url))
    if not isinstance(known, dict) or known.get("migrations") != migration_names():
        return None
    return DatabaseInfo(url, "postgresql", str(known.get("version", ""))), False


def _remember(url: str, info, empty: bool) -> None:
    """Keep (or, for a server holding no school, forget) what this start learnt; a cache not written is no cache."""
    import json

    from schoolcare.domain import kept
    from schoolcare.store.probe import migration_names

    known = _memory()
    if empty:
        known.pop(_url_key(url), None)
    else:
        known[_url_key(url)] = {"version": info.version, "migrations": migration_names()}
    kept.write(MEMORY, json.dumps(known).encode())


def _open_and_remember(ctx: CommandContext, url: str) -> None:
    from schoolcare.services.accounts import auth

    _remember(url, ctx.open(), auth.is_empty())


def serve(args: argparse.Namespace, ctx: CommandContext) -> int:
    """`schoolcare serve`: the app for every browser on the school network, one session per person."""
    import json
    import shlex
    import sys
    from dataclasses import asdict

    from schoolcare.commands.context import CommandError, say
    from schoolcare.commands.serve_forks import ForkServerClient
    from schoolcare.ui.serve import SchoolcareServer, SessionSpec, is_local

    settings = ctx.settings  # config errors now, not in every session
    if not 0 < args.port < 65536:
        raise CommandError("cli.bad_port", "--port", exit_code=2, port=args.port)
    if args.demo:
        from schoolcare.demo.school import ensure_demo

        print(say("cli.demo_opening"), file=sys.stderr)
        url, accounts = ensure_demo(settings, url=ctx.db_url)  # --db: the demo in that database
    else:
        url, accounts = ctx.url(), ()
        ctx.open()  # upgrades the schema once, before any session opens it
    ctx.close()  # the sessions open their own connections; this process keeps none
    spec = SessionSpec(url, ctx.config_dir, ctx.lang, tuple(accounts))
    forks = ForkServerClient(json.dumps(asdict(spec)))
    try:
        if not forks.wait_ready():
            raise CommandError("cli.serve_start_failed")
        session_command = shlex.join([sys.executable, "-m", "schoolcare.cli", *spec.argv()])  # if forks fail
        server = SchoolcareServer(session_command, host=args.host, port=args.port, title=say("app.title"),
                                  lang=ctx.language, max_sessions=settings.sessions.max_browser_sessions,
                                  forks=forks)
        where = f"http://{args.host}:{args.port}"
        print(say("cli.serving", url=where), file=sys.stderr)
        if not is_local(args.host):
            print(say("cli.serve_open_network", host=args.host), file=sys.stderr)
        server.serve()
    finally:
        forks.stop()
    return 0
