"""The request journal: what the client under test sent, and how it was answered."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from mock_pbx.api.dependencies import RuntimeDep
from mock_pbx.runtime.journal import Entry

router = APIRouter()


async def matching(
    runtime: RuntimeDep,
    method: Annotated[str | None, Query(description="GET, POST, ...")] = None,
    path: Annotated[
        str | None, Query(description="path prefix, e.g. /api/v1/customers/25/sms")
    ] = None,
    since: Annotated[
        datetime | None, Query(description="ISO 8601, on the emulator's clock")
    ] = None,
) -> list[Entry]:
    return runtime.journal.find(method, path, since)


Matching = Annotated[list[Entry], Depends(matching)]


@router.get("/requests", name="admin:requests")
def list_requests(
    entries: Matching, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000
) -> dict[str, Any]:
    """Journalled API requests, oldest first (the newest `limit`), credentials redacted."""
    return {"items": [e.view() for e in entries[-limit:]]}


@router.get("/requests/count", name="admin:requests-count")
def count_requests(entries: Matching) -> dict[str, int]:
    return {"count": len(entries)}


@router.delete("/requests", name="admin:requests-clear", status_code=204)
def clear_requests(runtime: RuntimeDep) -> Response:
    runtime.journal.clear()
    return Response(status_code=204)
