"""/customers/{c}/calls: the call history, with every documented filter."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Body, Query, Request
from fastapi.responses import Response
from pydantic import Field as PydanticField
from pydantic import StrictInt, StrictStr
from sqlalchemy import and_, not_
from sqlmodel import Field

from mock_pbx.auth import CustomerIdDep
from mock_pbx.db import SessionDep
from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.filters import BOOLEAN_QUERY, DIRECTION_QUERY, DateWindowDep, parse_bool, parse_choice
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    base_fields,
    collection_router,
    list_index,
    row_fields,
)
from mock_pbx.urls import MAX_ID, Uris

DIRECTIONS = ("IN", "OUT")


class Call(CustomerOwned, table=True):
    __table_args__ = (list_index("call"), {"sqlite_autoincrement": True})
    call_type: str  # "local" (endpoint to endpoint), "domain" (on the platform) or "external"
    direction: str  # IN or OUT, as the spec's call example spells it
    sender: str
    to: str
    call_started: datetime = Field(index=True)
    outcome: str  # answered, no-answer, busy or failed
    duration: int
    cost: float
    call_id: str
    linked_id: str = Field(index=True)
    endpoint_id: int | None = Field(default=None, foreign_key="endpoint.id")


class CallLinks(ApiModel):
    recordings: str


class CallPublic(OwnedPublic):
    type: Literal["call"] = "call"
    call_type: str
    direction: str
    sender: str = PydanticField(alias="from")
    to: str
    call_started: ApiDateTime
    outcome: str
    duration: int
    cost: float
    call_id: str
    linked_id: str
    links: CallLinks


def present_call(row: Call, uris: Uris) -> CallPublic:
    recordings = uris.collection(row.customer_id, "recordings") + f"?linkedId={row.linked_id}"
    data = {
        **row_fields(row),
        **base_fields(row, uris, "calls"),
        "links": {"recordings": recordings},
    }
    return CallPublic.model_validate(data)


def local_clause(table: Any, include_local: str | None) -> Any:
    """Local calls appear only with includeLocal=true, and then only their outbound record."""
    if include_local is not None and parse_bool("includeLocal", include_local):
        return not_(and_(table.call_type == "local", table.direction == "IN"))
    return table.call_type != "local"


def direction_clause(table: Any, direction: str | None) -> list[Any]:
    if direction is None:
        return []
    return [table.direction == parse_choice("direction", direction, DIRECTIONS)]


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
        clauses.append(Call.sender == sender)
    if to is not None:
        clauses.append(Call.to == to)
    if endpoint_id is not None:
        clauses.append(Call.endpoint_id == endpoint_id)
    return clauses


CALLS = Collection(
    name="calls",
    table=Call,
    public=CallPublic,
    present=present_call,
    order_by=(Call.id.desc(),),  # type: ignore[union-attr]
    filters=call_filters,
)

router = collection_router(CALLS)


class CallOriginate(ApiModel):
    """POST body: ring `endpoint`, then dial `to` from it."""

    type: StrictStr = PydanticField(description="call")
    endpoint: StrictStr | StrictInt = PydanticField(description="the endpoint's URI (or id)")
    to: StrictStr = PydanticField(description="the number to call")
    caller_id: StrictStr | StrictInt | None = PydanticField(
        None, description="URI of an outgoing caller id approved for calls"
    )


@router.post(
    "/customers/{customerId}/calls",
    name="calls:create",
    status_code=200,
    response_class=Response,
    responses={200: {"description": "Empty: the call is placed"}},
)
async def place_call(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    call: Annotated[CallOriginate, Body()],
) -> Response:
    """Originate a call: 200 with an empty body, as the real API; it then rings on the clock."""
    from mock_pbx.telephony import originate

    originate(session, request.app.state.runtime, customer_id, call.model_dump(by_alias=True))
    session.commit()
    return Response(status_code=200)
