"""/customers/{c}/phonenumbers: the customer's public numbers (DIDs), where they route, and the
webhook their inbound SMS are POSTed to."""

from typing import Annotated, Any, Literal

from fastapi import Body, Request
from fastapi.responses import JSONResponse
from pydantic import StrictStr, field_validator
from sqlmodel import Field, Session

from mock_pbx.auth import CustomerIdDep
from mock_pbx.db import SessionDep
from mock_pbx.envelope import ApiModel
from mock_pbx.errors import invalid
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    base_fields,
    collection_router,
    dump,
    json_response,
    row_fields,
    save,
)
from mock_pbx.resources.endpoints import Endpoint
from mock_pbx.urls import Uris, reference_id, uris_for


class PhoneNumber(CustomerOwned, table=True):
    number: str = Field(index=True)
    identifier: str = ""
    destination_id: int | None = Field(default=None, foreign_key="endpoint.id")
    sms_enabled: bool = True
    sms_notification_url: str | None = None


class PhoneNumberPublic(OwnedPublic):
    type: str = "did"
    number: str
    identifier: str
    destination: str | None = None
    sms_enabled: bool
    sms_notification_url: str | None = None


class PhoneNumberWrite(ApiModel):
    """PUT body: the number itself and smsEnabled are read-only; a left-out destination unlinks."""

    type: Literal["did"]
    identifier: StrictStr = ""
    destination: StrictStr | int | None = None
    sms_notification_url: StrictStr | None = None

    @field_validator("sms_notification_url")
    @classmethod
    def http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value or None


def present_number(row: PhoneNumber, uris: Uris) -> PhoneNumberPublic:
    data: dict[str, Any] = {**row_fields(row), **base_fields(row, uris, "phonenumbers")}
    if row.destination_id is not None:
        data["destination"] = uris.item(row.customer_id, "endpoints", row.destination_id)
    return PhoneNumberPublic.model_validate(data)


PHONENUMBERS = Collection(
    name="phonenumbers",
    table=PhoneNumber,
    public=PhoneNumberPublic,
    present=present_number,
    order_by=(PhoneNumber.id,),
)

router = collection_router(PHONENUMBERS)


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
    responses={200: {"model": PhoneNumberPublic}},
)
async def update_number(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    itemId: str,
    number: Annotated[PhoneNumberWrite, Body()],
) -> JSONResponse:
    """Relabel, route (or unroute) a number and set its inbound-SMS webhook."""
    row = PHONENUMBERS.find(session, customer_id, itemId)
    row.destination_id = destination_id(session, customer_id, number.destination)
    row.identifier, row.sms_notification_url = number.identifier, number.sms_notification_url
    return json_response(dump(PHONENUMBERS.present(save(session, row), uris_for(request))))
