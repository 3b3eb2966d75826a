"""/customers/{c}/phonenumbers: the customer's public numbers (DIDs) and where they route."""

from typing import Any

from sqlmodel import Field

from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    base_fields,
    collection_router,
)
from mock_pbx.urls import Uris


class PhoneNumber(CustomerOwned, table=True):
    number: str = Field(index=True)
    identifier: str = ""
    destination_id: int | None = Field(default=None, foreign_key="endpoint.id")
    sms_enabled: bool = True


class PhoneNumberPublic(OwnedPublic):
    type: str = "did"
    number: str
    identifier: str
    destination: str | None = None
    sms_enabled: bool


def present_number(row: PhoneNumber, uris: Uris) -> PhoneNumberPublic:
    data: dict[str, Any] = {**row.model_dump(), **base_fields(row, uris, "phonenumbers")}
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
