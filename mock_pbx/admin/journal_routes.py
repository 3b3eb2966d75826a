"""The request journal: what the client under test sent, and how it was answered."""

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse

from mock_pbx.admin import tags
from mock_pbx.api.dependencies import RuntimeDep
from mock_pbx.runtime.journal import Entry
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.query import parse_instant

router = APIRouter(tags=[tags.JOURNAL])


async def matching(
    runtime: RuntimeDep,
    method: Annotated[str | None, Query(description="GET, POST, ...")] = None,
    path: Annotated[
        str | None, Query(description="path prefix, e.g. /api/v1/customers/25/sms")
    ] = None,
    since: Annotated[
        str | None, Query(description="ISO 8601, on the emulator's clock; no offset means UTC")
    ] = None,
) -> list[Entry]:
    moment = None if since is None else parse_instant("since", since)
    return runtime.journal.find(method, path, moment)


Matching = Annotated[list[Entry], Depends(matching)]


@router.get(
    "/requests",
    name="admin:requests",
    operation_id="listJournal",
    summary="List the journalled requests",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/json": {}}, "description": '{"items": [...]}'}},
)
def list_requests(
    entries: Matching, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000
) -> StreamingResponse:
    """Journalled API requests, oldest first (the newest `limit`), credentials redacted."""
    # Written entry by entry: 10,000 entries would otherwise be built whole in memory first.
    return StreamingResponse(items_json(entries[-limit:]), media_type="application/json")


def items_json(entries: list[Entry]) -> Iterator[bytes]:
    """{"items": [...]} in pieces, spelt as FastAPI spells JSON."""
    yield b'{"items":['
    for index, entry in enumerate(entries):
        text = json.dumps(entry.view(), ensure_ascii=False, separators=(",", ":"))
        yield (b"," if index else b"") + text.encode()
    yield b"]}"


@router.get(
    "/requests/count",
    name="admin:requests-count",
    operation_id="countJournal",
    summary="Count the journalled requests",
)
def count_requests(entries: Matching) -> dict[str, int]:
    return {"count": len(entries)}


@router.get(
    "/requests/{entry_id}",
    name="admin:request",
    operation_id="getJournalEntry",
    summary="Get one journalled request",
)
def get_request(runtime: RuntimeDep, entry_id: int) -> dict[str, Any]:
    """One entry by its id, as the list shows it (with `fault`: the rule that fired, if any);
    a 404 once the journal has dropped it."""
    entry = runtime.journal.get(entry_id)
    if entry is None:
        raise NotFound("No such journal entry (cleared, or dropped as the journal filled)")
    return entry.view()


@router.delete(
    "/requests",
    name="admin:requests-clear",
    operation_id="clearJournal",
    summary="Clear the journal",
    status_code=204,
)
def clear_requests(runtime: RuntimeDep) -> Response:
    runtime.journal.clear()
    return Response(status_code=204)
