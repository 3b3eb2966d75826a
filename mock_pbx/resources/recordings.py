"""/customers/{c}/recordings: recorded calls, matched to their calls by callId and linkedId."""

from typing import Annotated, Any

from fastapi import Query
from sqlmodel import col

from mock_pbx.models.recording import Recording, RecordingPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import (
    BOOLEAN_QUERY,
    DIRECTION_QUERY,
    DateWindowDep,
    direction_clause,
    local_clause,
)
from mock_pbx.seeding.history import recording_rows
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import Uris


def recording_endpoint(row: Any, uris: Uris) -> dict[str, Any]:
    return {"endpoint": uris.item(row.customer_id, "endpoints", row.endpoint_id)}


async def recording_filters(
    dates: DateWindowDep,
    call_id: Annotated[str | None, Query(alias="callId")] = None,
    linked_id: Annotated[str | None, Query(alias="linkedId")] = None,
    direction: Annotated[str | None, DIRECTION_QUERY] = None,
    include_local: Annotated[str | None, BOOLEAN_QUERY] = None,
) -> list[Any]:
    clauses = [
        *dates.clauses(Recording.created, Recording.started),
        *direction_clause(Recording, direction),
    ]
    if call_id is None and linked_id is None:
        # A lookup by call (a call's links.recordings) finds its recordings, local or not.
        clauses.append(local_clause(Recording, include_local))
    if call_id is not None:
        clauses.append(col(Recording.call_id) == call_id)
    if linked_id is not None:
        clauses.append(col(Recording.linked_id) == linked_id)
    return clauses


RECORDINGS = Resource(
    name="recordings",
    table=Recording,
    public=RecordingPublic,
    links_key="recordings",
    extra_fields=recording_endpoint,
    order_by=(col(Recording.id).desc(),),
    filters=recording_filters,
    audio_size=lambda row: row.size,
    # One per answered call of an endpoint that records: the call generator makes them.
    seed=Seed(recording_rows, volume=0, needs=("calls",), history=True),
)
