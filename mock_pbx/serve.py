"""Serving: one process, or several sharing one database file or PostgreSQL server."""

import gc
import os
import sys
from typing import Any

import uvicorn

from mock_pbx.app import create_app
from mock_pbx.http.connections import connection_options
from mock_pbx.runtime.database import is_in_memory
from mock_pbx.settings import Settings
from mock_pbx.version import __version__


def prepare(settings: Settings) -> None:
    """Create and seed the database once, before any worker starts (workers only open it)."""
    create_app(settings).state.runtime.db.engine.dispose()


def environment_for(settings: Settings) -> None:
    """Workers are separate processes that build their Settings from the environment."""
    for name, value in settings.model_dump(exclude_none=True).items():
        os.environ[f"MOCK_PBX_{name.upper()}"] = str(value)


def banner(settings: Settings) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    base = settings.public_url or f"http://{host}:{settings.port}"
    workers = f", {settings.workers} workers" if settings.workers > 1 else ""
    return (
        f"mock-pbx {__version__}: the Sipcentric PBX API v1 on {base}/api/v1{workers}\n"
        f"  login     {settings.username} / {settings.password} (HTTP Basic)\n"
        f"  inbox     {base}/ (every SMS and call; reply and answer as the handset)\n"
        f"  docs      {base}/docs\n"
        f"  control   {base}/_admin (reset, clock, journal, faults, outbox)\n"
        f"  clock     {settings.clock}; data {describe_db(settings.database_url)}"
    )


def describe_db(url: str) -> str:
    if is_in_memory(url):
        return "in memory (fresh every start)"
    return url.split("@")[-1] if "@" in url else url


def settle() -> None:
    """What the start made lives as long as the process: out of the collector's way from now on
    (gc.freeze: its passes while serving skip it), and the collector on again (cli.main)."""
    gc.freeze()
    gc.enable()


def serve(settings: Settings) -> None:
    if settings.workers > 1 and is_in_memory(settings.database_url):
        sys.exit("mock-pbx: --workers needs a shared database: --db FILE or a PostgreSQL URL")
    print(banner(settings), flush=True)
    # Open event streams would hold a shutdown forever: they get two seconds, then are cut.
    common: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "timeout_graceful_shutdown": 2,
        **connection_options(settings),
    }
    if settings.workers == 1:
        app = create_app(settings)
        settle()
        uvicorn.run(app, **common)
        return
    prepare(settings)
    environment_for(settings)
    settle()
    uvicorn.run("mock_pbx.app:create_app", factory=True, workers=settings.workers, **common)
