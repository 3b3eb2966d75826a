"""Sending an SMS: POST /customers/{c}/sms (its delivery then moves on the clock)."""

from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from pydantic import Field, StrictStr

from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.reading import item_row
from mock_pbx.api.responses import created
from mock_pbx.domain.messaging import send_sms
from mock_pbx.resources.sms import SMS
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["sms"])


class SmsSend(ApiModel):
    """POST body of a new SMS."""

    type: StrictStr = Field(description="smsmessage")
    to: StrictStr = Field(description="The recipient: a UK number, 07..., 44... or +44...")
    sender: StrictStr = Field(
        alias="from",
        description="One of the account's SMS-enabled numbers, or an approved name "
        "(an outgoing caller id with allowSms)",
    )
    body: StrictStr = Field(description="The text: up to 10 segments (160 GSM characters each)")


@router.post(
    "/customers/{customerId}/sms",
    name="sms:create",
    operation_id="sendSms",
    summary="Send an SMS",
    status_code=201,
    responses={201: {"model": SMS.public}},
)
async def send(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    message: Annotated[SmsSend, Body()],
) -> JSONResponse:
    """Send an SMS: 201 with the message, then its status moves on the clock."""
    sql = session_sql(session)
    sms_id = send_sms(sql, runtime, customer_id, message)
    row = item_row(sql, SMS, customer_id, sms_id)  # as stored, read in the transaction
    session.commit()
    return created(SMS.present(row, uris_for(request)))
