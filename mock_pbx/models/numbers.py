"""The numbers an account owns: its public numbers (DIDs) and its approved outgoing caller ids."""

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic


class PhoneNumberFields(BaseModel):
    number: str = Field(index=True, description="The public number, e.g. 01212854747")
    identifier: str = Field(
        "", description="A label put before the caller's name on inbound calls; empty if unset"
    )


# Where calls to the number go: a column in the table, the endpoint's URI in the public model.
# Classes of their own only to keep the spec's order of fields (number, identifier, destination,
# smsEnabled, ...): fields follow the order of the bases.
class PhoneNumberRoute(SQLModel):
    destination_id: int | None = Field(default=None, foreign_key="endpoint.id")


class PhoneNumberDestination(BaseModel):
    destination: str | None = Field(
        None, description="The URL of the endpoint its calls go to; left out when unrouted"
    )


class PhoneNumberSmsFields(BaseModel):
    sms_enabled: bool = Field(True, description="Whether the number can receive SMS")
    sms_notification_url: str | None = Field(
        None,
        description="The webhook its inbound SMS are POSTed to (form-encoded to, from, body, udh)",
    )


class PhoneNumber(
    PhoneNumberSmsFields, PhoneNumberRoute, PhoneNumberFields, CustomerOwned, table=True
):
    pass


class PhoneNumberPublic(
    PhoneNumberSmsFields, PhoneNumberDestination, PhoneNumberFields, OwnedPublic
):
    type: str = Field("did", description="did")


class OutgoingCallerIdFields(BaseModel):
    number: str = Field(
        description="A verified number, or a name (up to 11 characters) SMS may be sent from"
    )
    allow_calls: bool = Field(description="Whether calls may present it (originateCall callerId)")
    allow_sms: bool = Field(description="Whether SMS may be sent from it (sendSms from)")


class OutgoingCallerId(OutgoingCallerIdFields, CustomerOwned, table=True):
    pass


class OutgoingCallerIdPublic(OutgoingCallerIdFields, OwnedPublic):
    type: str = Field("outgoingcallerid", description="outgoingcallerid")


class ReleasedNumber(SQLModel, table=True):
    """A number an account gave back that the generated stock does not hold (a seeded or spec
    number): it is offered again in /availablenumbers. Generated numbers need no row: they are
    offered whenever no account owns them."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, description="The national number, e.g. 01212854400")


class AvailableNumberPublic(BaseModel):
    """An availablenumber: one the carrier can give an account (POST phonenumbers createFrom)."""

    type: str = Field("availablenumber", description="availablenumber")
    id: str = Field(description="Supplier-country-area code-number, e.g. 4-44-113-4037921")
    uri: str = Field(description="Its absolute URL under /availablenumbers")
    country: str = Field(description="The country calling code, e.g. 44")
    area_code: str = Field(
        alias="areaCode", description="The area code without the trunk 0, e.g. 113"
    )
    number: str = Field(description="The subscriber number after the area code, e.g. 4037921")
    formatted: str = Field(description="As dialled in the UK, spaced, e.g. 0113 403 7921")


class RoutingRulePublic(BaseModel):
    """A routingrule: an exception to a number's default routing during a time interval."""

    type: str = Field("routingrule", description="routingrule")
    time_interval: str = Field(
        alias="timeInterval", description="The URL of the time interval the rule applies in"
    )
    destination: str = Field(description="The URL of the endpoint calls go to in that interval")


class AreaCodePublic(BaseModel):
    """An areacode: one the stock of available numbers covers (the Node client's typings)."""

    type: str = Field("areacode", description="areacode")
    id: str = Field(description="Country-area code, e.g. 44-113")
    uri: str = Field(description="Its absolute URL under /areacodes")
    country: str = Field(description="The country calling code, e.g. 44")
    area_code: str = Field(alias="areaCode", description="Without the trunk 0, e.g. 113")
    description: str = Field(description="The place (or kind of number) it covers, e.g. Leeds")
