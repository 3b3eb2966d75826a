"""/customers/{c}/calls: the call history, with every documented filter (originating a call:
mock_pbx.api.calls)."""

from typing import Annotated, Any

from fastapi import Query
from sqlmodel import col

from mock_pbx.models.call import Call, CallPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import (
    BOOLEAN_QUERY,
    DIRECTION_QUERY,
    DateWindowDep,
    direction_clause,
    local_clause,
)
from mock_pbx.seeding.history import call_rows
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import MAX_ID, Uris


def call_links(row: Any, uris: Uris) -> dict[str, Any]:
    recordings = uris.collection(row.customer_id, "recordings") + f"?linkedId={row.linked_id}"
    return {"links": {"recordings": recordings}}


async def call_filters(
    dates: DateWindowDep,
    sender: Annotated[str | None, Query(alias="from", description="exact match")] = None,
    to: Annotated[str | None, Query(description="exact match")] = None,
    direction: Annotated[str | None, DIRECTION_QUERY] = None,
    include_local: Annotated[str | None, BOOLEAN_QUERY] = None,
    endpoint_id: Annotated[int | None, Query(alias="endpointId", ge=0, le=MAX_ID)] = None,
) -> list[Any]:
    clauses = [
        *dates.clauses(Call.created, Call.call_started),
        *direction_clause(Call, direction),
        local_clause(Call, include_local),
    ]
    if sender is not None:
        clauses.append(col(Call.sender) == sender)
    if to is not None:
        clauses.append(col(Call.to) == to)
    if endpoint_id is not None:
        clauses.append(col(Call.endpoint_id) == endpoint_id)
    return clauses


CALLS = Resource(
    name="calls",
    table=Call,
    public=CallPublic,
    links_key="calls",
    extra_fields=call_links,
    order_by=(col(Call.id).desc(),),
    filters=call_filters,
    # 400 for customer 25, around the spec's example call.
    seed=Seed(call_rows, volume=400, needs=("phonenumbers",), history=True),
)
