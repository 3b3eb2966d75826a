"""/customers/{c}/sms: the message log (sending arrives with the behaviour issue)."""

from typing import Literal

from pydantic import Field as PydanticField

from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    collection_router,
    present_plain,
)


class SmsMessage(CustomerOwned, table=True):
    direction: str  # "out" or "in", as the spec's examples spell it
    sender: str
    to: str
    body: str
    send_status: str | None = None  # outbound only: pending, sent or failed
    delivery_status: int | None = None  # outbound only: 0, 8, 1, 2, 4 or 16
    cost: float = 0.0


class SmsMessagePublic(OwnedPublic):
    type: Literal["smsmessage"] = "smsmessage"
    direction: str
    sender: str = PydanticField(alias="from")
    to: str
    body: str
    send_status: str | None = None
    delivery_status: int | None = None
    cost: float


SMS = Collection(
    name="sms",
    table=SmsMessage,
    public=SmsMessagePublic,
    present=present_plain("sms", SmsMessagePublic),
    # Newest first; ids grow with time, and the spec's example message sits on top.
    order_by=(SmsMessage.id.desc(),),  # type: ignore[union-attr]
)

router = collection_router(SMS)
