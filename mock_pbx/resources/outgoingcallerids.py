"""/customers/{c}/outgoingcallerids: approved caller ids (names for SMS, verified numbers)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.resources.base import Collection, alias_router, collection_router, present_plain


class OutgoingCallerId(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    number: str
    allow_calls: bool
    allow_sms: bool


class OutgoingCallerIdPublic(ApiModel):
    type: str = "outgoingcallerid"
    id: str
    uri: str
    parent: str
    created: ApiDateTime
    number: str
    allow_calls: bool
    allow_sms: bool


OUTGOINGCALLERIDS = Collection(
    name="outgoingcallerids",
    table=OutgoingCallerId,
    public=OutgoingCallerIdPublic,
    present=present_plain("outgoingcallerids", OutgoingCallerIdPublic),
    order_by=(OutgoingCallerId.id,),
)

router = collection_router(OUTGOINGCALLERIDS)
alias = alias_router(OUTGOINGCALLERIDS, "outgoingcallerid")
