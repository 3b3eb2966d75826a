"""The numbers an account owns: its public numbers (DIDs) and its approved outgoing caller ids."""

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic


class PhoneNumberFields(BaseModel):
    number: str = Field(index=True)
    identifier: str = ""


# Where calls to the number go: a column in the table, the endpoint's URI in the public model.
# Classes of their own only to keep the spec's order of fields (number, identifier, destination,
# smsEnabled, ...): fields follow the order of the bases.
class PhoneNumberRoute(SQLModel):
    destination_id: int | None = Field(default=None, foreign_key="endpoint.id")


class PhoneNumberDestination(BaseModel):
    destination: str | None = None


class PhoneNumberSmsFields(BaseModel):
    sms_enabled: bool = True
    sms_notification_url: str | None = None  # where inbound SMS are POSTed (webhooks)


class PhoneNumber(
    PhoneNumberSmsFields, PhoneNumberRoute, PhoneNumberFields, CustomerOwned, table=True
):
    pass


class PhoneNumberPublic(
    PhoneNumberSmsFields, PhoneNumberDestination, PhoneNumberFields, OwnedPublic
):
    type: str = "did"


class OutgoingCallerIdFields(BaseModel):
    number: str  # a verified number, or a name (up to 11 characters) for SMS
    allow_calls: bool
    allow_sms: bool


class OutgoingCallerId(OutgoingCallerIdFields, CustomerOwned, table=True):
    pass


class OutgoingCallerIdPublic(OutgoingCallerIdFields, OwnedPublic):
    type: str = "outgoingcallerid"
