"""create_app: the one place where settings, clock, storage, resources, middleware and routes are
wired together."""

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import inspect, text

from mock_pbx.admin import health as health_router
from mock_pbx.admin import router as admin_router
from mock_pbx.admin.tags import ADMIN_TAGS
from mock_pbx.api import api_routers, tokens
from mock_pbx.api.account import routes as account
from mock_pbx.api.inventory import availablenumbers
from mock_pbx.api.lean import FastPath
from mock_pbx.domain.lifecycles import LIFECYCLES
from mock_pbx.domain.logins import Users, load_users
from mock_pbx.http.frontdoor import FrontDoor
from mock_pbx.http.handlers import MethodTable, install_error_handlers, openapi_without_422
from mock_pbx.resources import RESOURCES, Resource
from mock_pbx.runtime.clock import Clock, clock_from
from mock_pbx.runtime.database import Database, copy_database
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.seeding import operations
from mock_pbx.seeding.fixtures import FIXTURES_DIR
from mock_pbx.settings import Settings
from mock_pbx.ui import docs as docs_pages
from mock_pbx.ui import router as ui_router
from mock_pbx.version import __version__
from mock_pbx.wire.errors import ERROR_RESPONSES
from mock_pbx.wire.uris import API_PREFIX

DESCRIPTION = """A local emulator of the Sipcentric hosted-PBX REST API v1.
Log in with HTTP Basic (default `demo` / `demo`), or with a Bearer token from
`POST /authenticate/`. `{customerId}` is a numeric id or `me`.
The `admin: ...` groups, under `/_admin` (listed by `GET /_admin`), are mock-pbx's own control
API, not part of the emulated API."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    runtime: Runtime = app.state.runtime
    runtime.start()
    yield
    runtime.stop()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    template: Database | None = None,
    resources: Sequence[Resource[Any]] = RESOURCES,
    fast_path: bool = True,
) -> FastAPI:
    """A fresh app; `template` (another app's database, SQLite only) is copied instead of seeding;
    `resources` are the collections it serves (and seeds); `fast_path` off sends every request
    through the documented routes (the tests compare the two)."""
    settings = settings or Settings()
    app = FastAPI(
        title="mock-pbx",
        version=__version__,
        description=DESCRIPTION,
        redirect_slashes=False,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN; ui/docs.py serves them offline
        redoc_url=None,
        openapi_tags=[*tokens.ACCESS_TAGS, *availablenumbers.TAGS, *account.TAGS, *ADMIN_TAGS],
    )
    runtime = Runtime(
        settings,
        clock or clock_from(settings.clock, settings.clock_start),
        Database(settings.database_url),
        LIFECYCLES,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.resources = tuple(resources)
    fixtures = Path(settings.fixtures) if settings.fixtures is not None else FIXTURES_DIR
    app.state.users = load_users(fixtures, settings.username, settings.password)
    if template is not None:
        copy_database(template.engine, runtime.db.engine)
        runtime.db.touch()
    else:
        prepare_database(runtime, app.state.resources, app.state.users)
    operations.keep_pristine(runtime)
    install_error_handlers(app)
    fast = FastPath(runtime, app.state.users, app.state.resources) if fast_path else None
    app.state.fast_path = fast
    add_middleware(app, runtime, fast)
    add_routes(app, app.state.resources)
    # FastAPI's documented way to customise the document: mypy forbids assigning to a method.
    app.openapi = lambda: openapi_without_422(app)  # type: ignore[method-assign]
    return app


def add_routes(app: FastAPI, resources: Sequence[Resource[Any]]) -> None:
    app.state.methods = MethodTable()
    for router in [*api_routers(resources), tokens.router]:
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
        app.state.methods.add_router(router, API_PREFIX)
    for router in (admin_router, health_router, ui_router, docs_pages.router):
        app.include_router(router, responses=ERROR_RESPONSES)
        app.state.methods.add_router(router, "")


def add_middleware(app: FastAPI, runtime: Runtime, fast: FastPath | None) -> None:
    """One layer in front of the routes: the Host check, browsers' origins, legacy quirks, and
    the control plane of the emulated API (http/frontdoor.py)."""
    app.add_middleware(FrontDoor, runtime=runtime, users=app.state.users, fast=fast)


def prepare_database(runtime: Runtime, resources: Sequence[Resource[Any]], users: Users) -> None:
    """Create and seed the schema, unless a persisted database already holds it; processes
    starting together on one PostgreSQL database take turns, so only the first one seeds."""
    with seeding_turn(runtime.db):
        if not inspect(runtime.db.engine).has_table("customer"):
            customers = sorted({c for user in users.values() for c in user.customers})
            operations.seed_fresh(runtime, resources, customers)
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
