"""/customers/{c}/recordings: recorded calls, matched to their calls by callId and linkedId."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from sqlmodel import Field

from mock_pbx.envelope import ApiDateTime
from mock_pbx.filters import BOOLEAN_QUERY, DIRECTION_QUERY, DateWindowDep
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    base_fields,
    collection_router,
    list_index,
    row_fields,
)
from mock_pbx.resources.calls import direction_clause, local_clause
from mock_pbx.urls import Uris


class Recording(CustomerOwned, table=True):
    __table_args__ = (list_index("recording"), {"sqlite_autoincrement": True})
    direction: str  # IN or OUT
    party_id: str
    started: datetime
    size: int
    call_id: str = Field(index=True)
    linked_id: str = Field(index=True)
    endpoint_id: int = Field(foreign_key="endpoint.id")
    call_type: str = "external"  # of the recorded call: decides includeLocal, not sent


class RecordingPublic(OwnedPublic):
    type: Literal["recording"] = "recording"
    direction: str
    party_id: str
    started: ApiDateTime
    size: int
    call_id: str
    linked_id: str
    endpoint: str


def present_recording(row: Recording, uris: Uris) -> RecordingPublic:
    endpoint = uris.item(row.customer_id, "endpoints", row.endpoint_id)
    data = {**row_fields(row), **base_fields(row, uris, "recordings"), "endpoint": endpoint}
    return RecordingPublic.model_validate(data)


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
        clauses.append(Recording.call_id == call_id)
    if linked_id is not None:
        clauses.append(Recording.linked_id == linked_id)
    return clauses


RECORDINGS = Collection(
    name="recordings",
    table=Recording,
    public=RecordingPublic,
    present=present_recording,
    order_by=(Recording.id.desc(),),  # type: ignore[union-attr]
    filters=recording_filters,
    audio_size=lambda row: row.size,
)

router = collection_router(RECORDINGS)
