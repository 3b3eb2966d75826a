"""/customers/{c}/sms: the message log (sending arrives with the behaviour issue)."""

from typing import Annotated, Literal

from fastapi import Body, Request
from fastapi.responses import JSONResponse
from pydantic import Field as PydanticField
from pydantic import StrictStr

from mock_pbx.auth import CustomerIdDep
from mock_pbx.db import SessionDep
from mock_pbx.envelope import ApiModel
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    collection_router,
    dump,
    json_response,
    present_plain,
)
from mock_pbx.urls import uris_for


class SmsMessage(CustomerOwned, table=True):
    direction: str  # "out" or "in", as the spec's examples spell it
    sender: str
    to: str
    body: str
    send_status: str | None = None  # outbound only: pending, sent or failed
    delivery_status: int | None = None  # outbound only: 0, 8, 1, 2, 4 or 16
    cost: float = 0.0
    credits_used: int | None = None  # outbound only: segments charged


class SmsMessagePublic(OwnedPublic):
    type: Literal["smsmessage"] = "smsmessage"
    direction: str
    sender: str = PydanticField(alias="from")
    to: str
    body: str
    send_status: str | None = None
    delivery_status: int | None = None
    cost: float
    credits_used: int | None = None


SMS = Collection(
    name="sms",
    table=SmsMessage,
    public=SmsMessagePublic,
    present=present_plain("sms", SmsMessagePublic),
    # Newest first; ids grow with time, and the spec's example message sits on top.
    order_by=(SmsMessage.id.desc(),),  # type: ignore[union-attr]
)

router = collection_router(SMS)


class SmsSend(ApiModel):
    """POST body of a new SMS."""

    type: StrictStr = PydanticField(description="smsmessage")
    to: StrictStr = PydanticField(description="UK number: 07..., 44... or +44...")
    sender: StrictStr = PydanticField(alias="from", description="an SMS-enabled number or name")
    body: StrictStr


@router.post(
    "/customers/{customerId}/sms",
    name="sms:create",
    status_code=201,
    responses={201: {"model": SmsMessagePublic}},
)
async def send(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    message: Annotated[SmsSend, Body()],
) -> JSONResponse:
    """Send an SMS: 201 with the message, then its status moves on the clock."""
    from mock_pbx.messaging import send_sms

    runtime = request.app.state.runtime
    sms = send_sms(session, runtime, customer_id, message.model_dump(by_alias=True))
    session.commit()
    public = dump(SMS.present(sms, uris_for(request)))
    return json_response(public, 201, {"Location": public["uri"]})
