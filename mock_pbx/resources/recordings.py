"""/customers/{c}/recordings: recorded calls, matched to their calls by callId and linkedId."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from sqlmodel import Field, SQLModel

from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.filters import date_range
from mock_pbx.resources.base import Collection, base_fields, collection_router
from mock_pbx.resources.calls import DATE_HELP, direction_clause, local_clause
from mock_pbx.urls import Uris


class Recording(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    direction: str  # IN or OUT
    party_id: str
    started: datetime
    size: int
    call_id: str = Field(index=True)
    linked_id: str = Field(index=True)
    endpoint_id: int = Field(foreign_key="endpoint.id")
    call_type: str = "external"  # of the recorded call: decides includeLocal, not sent


class RecordingPublic(ApiModel):
    type: Literal["recording"] = "recording"
    id: str
    uri: str
    parent: str
    created: ApiDateTime
    direction: str
    party_id: str
    started: ApiDateTime
    size: int
    call_id: str
    linked_id: str
    endpoint: str


def present_recording(row: Recording, uris: Uris) -> RecordingPublic:
    endpoint = uris.item(row.customer_id, "endpoints", row.endpoint_id)
    data = {**row.model_dump(), **base_fields(row, uris, "recordings"), "endpoint": endpoint}
    return RecordingPublic.model_validate(data)


def recording_filters(
    created_after: Annotated[str | None, Query(alias="createdAfter", description=DATE_HELP)] = None,
    created_before: Annotated[
        str | None, Query(alias="createdBefore", description=DATE_HELP)
    ] = None,
    started_after: Annotated[str | None, Query(alias="startedAfter", description=DATE_HELP)] = None,
    started_before: Annotated[
        str | None, Query(alias="startedBefore", description=DATE_HELP)
    ] = None,
    call_id: Annotated[str | None, Query(alias="callId")] = None,
    linked_id: Annotated[str | None, Query(alias="linkedId")] = None,
    direction: Annotated[str | None, Query(description="in or out")] = None,
    include_local: Annotated[
        str | None, Query(alias="includeLocal", description="true/false")
    ] = None,
) -> list[Any]:
    clauses = [
        *date_range(
            Recording.created, "createdAfter", created_after, "createdBefore", created_before
        ),
        *date_range(
            Recording.started, "startedAfter", started_after, "startedBefore", started_before
        ),
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
)

router = collection_router(RECORDINGS)
