"""create_app: the one place where settings, clock, storage, auth and routes are wired together."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import inspect, text

from mock_pbx import __version__, calllog, control, messaging, telephony, webhooks  # noqa: F401 - step handlers
from mock_pbx.admin import health as health_router
from mock_pbx.admin import router as admin_router
from mock_pbx.auth import load_users
from mock_pbx.clock import Clock, clock_from
from mock_pbx.conditional import ConditionalGet
from mock_pbx.db import Database, copy_database
from mock_pbx.errors import (
    ERROR_RESPONSES,
    MethodTable,
    install_error_handlers,
    openapi_without_422,
)
from mock_pbx.faults import FaultMiddleware
from mock_pbx.journal import JournalMiddleware
from mock_pbx.middleware import LegacyRequests
from mock_pbx.ratelimit import RateLimitMiddleware
from mock_pbx.resources import ROUTERS
from mock_pbx.runtime import Runtime
from mock_pbx.seed import FIXTURES_DIR
from mock_pbx.settings import Settings
from mock_pbx.ui import router as ui_router
from mock_pbx.urls import API_PREFIX

EXPOSED_HEADERS = [
    "Location",
    "ETag",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]
DESCRIPTION = """A local emulator of the Sipcentric hosted-PBX REST API v1.
Log in with HTTP Basic (default `demo` / `demo`). `{customerId}` is a numeric id or `me`.
The `admin` routes under `/_admin` are mock-pbx's own control API, not part of the emulated API."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.runtime.start()
    yield
    app.state.runtime.stop()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    template: Database | None = None,
) -> FastAPI:
    """A fresh app; `template` (another app's database, SQLite only) is copied instead of seeding."""
    settings = settings or Settings()
    app = FastAPI(
        title="mock-pbx",
        version=__version__,
        description=DESCRIPTION,
        redirect_slashes=False,
        lifespan=lifespan,
    )
    runtime = Runtime(
        settings,
        clock or clock_from(settings.clock, settings.clock_start),
        Database(settings.database_url),
    )
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.users = load_users(FIXTURES_DIR, settings.username, settings.password)
    if template is not None:
        copy_database(template.engine, runtime.db.engine)
    else:
        prepare_database(app)
    control.keep_pristine(runtime)
    install_error_handlers(app)
    add_middleware(app, runtime)
    app.state.methods = MethodTable()
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
        app.state.methods.add_router(router, API_PREFIX)
    for router in (admin_router, health_router, ui_router):
        app.include_router(router, responses=ERROR_RESPONSES)
        app.state.methods.add_router(router, "")
    app.openapi = lambda: openapi_without_422(app)  # type: ignore[method-assign]
    return app


def add_middleware(app: FastAPI, runtime: Runtime) -> None:
    """Outermost last: legacy quirks, then the journal (which sees every final status), the rate
    limit, faults and latency, and conditional GET next to the routes."""
    for middleware in (ConditionalGet, FaultMiddleware, RateLimitMiddleware, JournalMiddleware):
        app.add_middleware(middleware, runtime=runtime)
    app.add_middleware(LegacyRequests)
    origins = [o.strip() for o in runtime.settings.cors_origins.split(",") if o.strip()]
    if origins:
        # Outermost, so a browser's preflight is answered before auth or the journal see it.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["*"],
            allow_headers=["*"],
            allow_credentials="*" not in origins,
            expose_headers=EXPOSED_HEADERS,
        )


def prepare_database(app: FastAPI) -> None:
    """Create and seed the schema, unless a persisted database already holds it; processes
    starting together on one PostgreSQL database take turns, so only the first one seeds."""
    runtime: Runtime = app.state.runtime
    with seeding_turn(runtime.db):
        if not inspect(runtime.db.engine).has_table("customer"):
            customers = sorted({c for user in app.state.users.values() for c in user.customers})
            control.seed_fresh(runtime, customers)
            runtime.publish_clock()
    with runtime.db.session() as session:
        runtime.sync(session)  # a shared database's clock wins over this process's setting


@contextmanager
def seeding_turn(db: Database) -> Iterator[None]:
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(7277)"))  # any fixed number: "PBX"
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(7277)"))
            connection.commit()
