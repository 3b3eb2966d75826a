"""Originating a call: POST /customers/{c}/calls (click-to-dial; it then rings on the clock)."""

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response
from pydantic import Field, StrictInt, StrictStr

from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.domain.telephony import originate
from mock_pbx.wire.models import ApiModel

router = APIRouter(tags=["calls"])


class CallOriginate(ApiModel):
    """POST body: ring `endpoint`, then dial `to` from it."""

    type: StrictStr = Field(description="call")
    endpoint: StrictStr | StrictInt = Field(
        description="The URL (or id) of the phone or virtual endpoint that rings first"
    )
    to: StrictStr = Field(description="The number to dial once the endpoint answers")
    caller_id: StrictStr | StrictInt | None = Field(
        None, description="The URL (or id) of an outgoing caller id approved for calls"
    )


@router.post(
    "/customers/{customerId}/calls",
    name="calls:create",
    operation_id="originateCall",
    summary="Originate a call",
    status_code=200,
    response_class=Response,
    responses={200: {"description": "Empty: the call is placed"}},
)
async def place_call(
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    call: Annotated[CallOriginate, Body()],
) -> Response:
    """Originate a call: 200 with an empty body, as the real API; it then rings on the clock."""
    originate(session, runtime, customer_id, call.model_dump(by_alias=True))
    session.commit()
    return Response(status_code=200)
