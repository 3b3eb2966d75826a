"""Updating a phone number: PUT /customers/{c}/phonenumbers/{id} relabels it, routes (or
unroutes) it and sets the webhook its inbound SMS are POSTed to."""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from pydantic import Field, StrictStr, field_validator
from sqlmodel import Session

from mock_pbx.api.auth import CustomerIdDep, UserDep, require_admin
from mock_pbx.api.dependencies import SessionDep
from mock_pbx.api.responses import json_response
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.resources.phonenumbers import PHONENUMBERS
from mock_pbx.runtime.database import save
from mock_pbx.wire.errors import invalid
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import reference_id, uris_for

router = APIRouter(tags=["phonenumbers"])


class PhoneNumberWrite(ApiModel):
    """PUT body: the number itself and smsEnabled are read-only; a left-out destination unlinks."""

    type: Literal["did"] = Field(description="did")
    identifier: StrictStr = Field("", description="A label put before inbound callers' names")
    destination: StrictStr | int | None = Field(
        None, description="The URL (or id) of the endpoint its calls go to; left out: unrouted"
    )
    sms_notification_url: StrictStr | None = Field(
        None, description="The http(s) webhook its inbound SMS are POSTed to; left out: none"
    )

    @field_validator("sms_notification_url")
    @classmethod
    def http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value or None


def destination_id(session: Session, customer_id: int, value: str | int | None) -> int | None:
    """An endpoint of this customer, given as its URI or its id; None unlinks the number."""
    if value is None:
        return None
    endpoint_id = reference_id(value, "endpoints")
    endpoint = session.get(Endpoint, endpoint_id) if endpoint_id is not None else None
    if endpoint is None or endpoint.customer_id != customer_id:
        raise invalid("destination", "must be one of the account's endpoints")
    return endpoint_id


@router.put(
    "/customers/{customerId}/phonenumbers/{itemId}",
    name="phonenumbers:update",
    operation_id="updatePhoneNumber",
    summary="Update a phone number",
    responses={200: {"model": PHONENUMBERS.public}},
)
async def update_number(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    itemId: str,
    number: Annotated[PhoneNumberWrite, Body()],
) -> JSONResponse:
    """Relabel, route (or unroute) a number and set its inbound-SMS webhook (admins only)."""
    require_admin(user, "change a phone number's routing or webhook")
    row = PHONENUMBERS.find(session, customer_id, itemId)
    row.destination_id = destination_id(session, customer_id, number.destination)
    row.identifier, row.sms_notification_url = number.identifier, number.sms_notification_url
    return json_response(PHONENUMBERS.present(save(session, row), uris_for(request)))
