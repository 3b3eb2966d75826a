"""Serving: one process, or several sharing one database file or PostgreSQL server. The port is
taken first (listen.py), so a busy one is said before the banner and before any seeding."""

import gc
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel
from uvicorn.supervisors import Multiprocess

from mock_pbx.app import create_app
from mock_pbx.domain.logins import SET_PASSWORD
from mock_pbx.http.connections import connection_options
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.runtime.database import is_in_memory
from mock_pbx.settings import OptionError, Settings
from mock_pbx.version import __version__

STARTUP_FAILURE = 3  # uvicorn's status when the app does not start


def prepare(settings: Settings) -> datetime | None:
    """Create and seed the database once, before any worker starts (workers only open it); the
    manual clock's time, if the clock is manual."""
    with database_opened(settings.database_url):
        runtime = create_app(settings).state.runtime
    runtime.db.engine.dispose()
    return manual_time(runtime.clock)


def manual_time(clock: object) -> datetime | None:
    return clock.now() if isinstance(clock, ManualClock) else None


def environment_for(settings: Settings) -> None:
    """Workers are separate processes that build their Settings from the environment."""
    for name, value in settings.model_dump(exclude_none=True).items():
        os.environ[f"MOCK_PBX_{name.upper()}"] = str(value)


def banner(settings: Settings, port: int, manual_now: datetime | None, kept: bool = False) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    host = f"[{host}]" if ":" in host else host
    base = (settings.public_url or f"http://{host}:{port}").rstrip("/")
    workers = f", {settings.workers} workers" if settings.workers > 1 else ""
    clock = f"manual, at {manual_now:%Y-%m-%dT%H:%M:%SZ}" if manual_now else settings.clock
    data = describe_db(settings.database_url) + (
        " (kept from before: not reseeded)" if kept else ""
    )
    return (
        f"mock-pbx {__version__}: the Sipcentric PBX API v1 on {base}/api/v1{workers}\n"
        f"  login     {login_line(settings)}\n"
        f"  inbox     {base}/ (every SMS and call; reply and answer as the handset)\n"
        f"  docs      {base}/docs\n"
        f"  control   {base}/_admin (reset, clock, journal, faults, outbox)\n"
        f"  clock     {clock}; data {data}" + proxy_lines(settings)
    )


def login_line(settings: Settings) -> str:
    """The default login; a fixture set's own logins when it has no default (those `mock-pbx
    import` writes: the imported login's name, with the password a set's logins have)."""
    default = f"{settings.username} / {settings.password} (HTTP Basic)"
    users = Path(settings.fixtures) / "users.json" if settings.fixtures else None
    if users is None or not users.is_file():
        return default
    logins = json.loads(users.read_text())
    if any(login.get("default") for login in logins):
        return default
    names = ", ".join(login["username"] for login in logins)
    return f"{names} / {SET_PASSWORD} (HTTP Basic; the fixture set's logins)"


def proxy_lines(settings: Settings) -> str:
    """Said loudly: with a proxy, /api/v1 is a real account's, and a write may cost money."""
    if settings.proxy_to is None:
        return ""
    writes = (
        "FORWARDED: real SMS and calls cost real money"
        if settings.proxy_writes
        else "REFUSED (a 403; --proxy-writes forwards them)"
    )
    lines = [
        f"\n  PROXY     every /api/v1 request goes to {settings.proxy_to} with the caller's login",
        f"\n  writes    {writes}",
    ]
    if settings.record is not None:
        lines.append(
            f"\n  record    into {settings.record} (a fixture set: serve --fixtures {settings.record})"
        )
    return "".join(lines)


def describe_db(url: str) -> str:
    if is_in_memory(url):
        return "in memory (fresh every start)"
    return url.split("@")[-1] if "@" in url else url


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def holds_data(url: str) -> bool:
    """A database file already written (a server or `mock-pbx seed` made it): it is not reseeded."""
    path = sqlite_file(url)
    return path is not None and path.exists() and path.stat().st_size > 0


def is_seeded(url: str) -> bool:
    """The database holds mock-pbx's tables (a server or `mock-pbx seed` made them)."""
    path = sqlite_file(url)
    if path is not None and not holds_data(url):
        return False
    with database_opened(url):
        engine = create_engine(url)
        try:
            return inspect(engine).has_table("customer")
        finally:
            engine.dispose()


def unseed(url: str) -> None:
    """Remove what seeding made (the whole file, for SQLite), so that it seeds again."""
    path = sqlite_file(url)
    if path is not None:
        remove_database_file(path)
        return
    with database_opened(url):
        engine = create_engine(url)
        try:
            SQLModel.metadata.drop_all(engine)
        finally:
            engine.dispose()


@contextmanager
def database_opened(url: str) -> Iterator[None]:
    """The database is opened and, if new, seeded: a server that cannot be reached or a locked
    file is one line; a new file left half seeded (Ctrl-C) is removed, or the next start would
    find its tables and serve them empty."""
    path = sqlite_file(url)
    new = path is not None and not holds_data(url)
    try:
        yield
    except OperationalError as error:
        remove_database_file(path if new else None)
        first_line = str(error.orig).strip().splitlines()[0]
        problem = f"cannot open {describe_db(url)}: {first_line}"
        raise OptionError("--db / MOCK_PBX_DATABASE_URL", problem) from None
    except BaseException:
        remove_database_file(path if new else None)
        raise


def remove_database_file(path: Path | None) -> None:
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def settle() -> None:
    """What the start made lives as long as the process: out of the collector's way from now on
    (gc.freeze: its passes while serving skip it), and the collector on again (cli.main)."""
    gc.freeze()
    gc.enable()


def serve(settings: Settings, sockets: list[socket.socket]) -> None:
    """Seed (or open) the database, print the banner, serve on the sockets already listening
    (listen.py: the command takes them first)."""
    port = sockets[0].getsockname()[1]
    kept = holds_data(settings.database_url)
    if settings.workers == 1:
        with database_opened(settings.database_url):
            app: Any = create_app(settings)
        manual_now = manual_time(app.state.runtime.clock)
    else:
        manual_now = prepare(settings)
        environment_for(settings)
        app = "mock_pbx.app:create_app"
    print(banner(settings, port, manual_now, kept), flush=True)
    settle()
    run_server(app, sockets, settings)


def run_server(app: Any, sockets: list[socket.socket], settings: Settings) -> None:
    """uvicorn on the sockets already taken, as uvicorn.run would (which binds its own)."""
    config = uvicorn.Config(
        app,
        factory=isinstance(app, str),
        workers=settings.workers,
        log_level=settings.log_level,
        # Open event streams would hold a shutdown forever: they get two seconds, then are cut.
        timeout_graceful_shutdown=2,
        **connection_options(settings),
    )
    server = uvicorn.Server(config)
    try:
        if settings.workers > 1:
            Multiprocess(config, sockets=sockets).run()
            return
        server.run(sockets=sockets)
    except KeyboardInterrupt:  # Ctrl-C: uvicorn has shut down; nothing to add
        return
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)
