"""/customers/{c}/outgoingcallerids: approved caller ids (names for SMS, verified numbers)."""

from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    alias_router,
    collection_router,
    present_plain,
)


class OutgoingCallerId(CustomerOwned, table=True):
    number: str
    allow_calls: bool
    allow_sms: bool


class OutgoingCallerIdPublic(OwnedPublic):
    type: str = "outgoingcallerid"
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
