"""/_admin: mock-pbx's own control API, not part of the emulated API: reset, seed, scenarios,
snapshots, the clock, inbound traffic, the request journal, the outbox, faults, latency and the
rate limit, grouped by purpose in the OpenAPI (tags.py) and listed by GET /_admin (index_routes).
With MOCK_PBX_ADMIN_TOKEN set, every route but the health checks needs the token.
Field names are camelCase, as in the emulated API (bodies.py: the 0.1.x snake_case ones)."""

import os
import secrets
from typing import Any

from fastapi import APIRouter, Depends, Request

from mock_pbx.admin import (
    chaos_routes,
    clock_routes,
    data_routes,
    index_routes,
    journal_routes,
    outbox_routes,
    tags,
    traffic_routes,
)
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import Unauthorized


async def require_token(request: Request) -> None:
    runtime: Runtime = request.app.state.runtime
    token = runtime.settings.admin_token
    if not token:
        return
    supplied = request.headers.get("x-admin-token", "")
    bearer = request.headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        supplied = supplied or bearer[7:]
    if not secrets.compare_digest(supplied.encode(), token.encode()):
        raise Unauthorized(
            "The control API needs its token",
            headers={"WWW-Authenticate": 'Bearer realm="mock-pbx admin"'},
        )


def health_body() -> dict[str, Any]:
    return {"status": "ok", "pid": os.getpid()}  # the pid tells workers apart


health = APIRouter(tags=[tags.SERVICE])


@health.get(
    "/_admin/health",
    name="admin:health",
    operation_id="checkHealth",
    summary="Check that the server is ready",
)
def admin_health() -> dict[str, Any]:
    """200 once the app is ready to serve (no token needed)."""
    return health_body()


@health.get(
    "/healthz",
    name="healthz",
    operation_id="checkHealthz",
    summary="Check that the server is ready, where orchestrators look",
)
def healthz() -> dict[str, Any]:
    """The same, where orchestrators look for it."""
    return health_body()


router = APIRouter(prefix="/_admin", dependencies=[Depends(require_token)])
index_routes.add_index(router)
for module in (
    clock_routes,
    data_routes,
    traffic_routes,
    journal_routes,
    outbox_routes,
    chaos_routes,
):
    router.include_router(module.router)
