"""SMS messages, sent and received, and the attempts to POST received ones to a webhook."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import COST_HELP, CustomerOwned, OwnedPublic

DELIVERY_STATUS_HELP = (
    "Outbound only: the carrier's latest receipt. 0 none yet (just sent), 8 accepted by the SMS "
    "carrier, 1 delivered to the handset, 2 rejected by the handset, 4 buffered in transit (phone "
    "off or out of coverage), 16 rejected by the carrier"
)


class SmsMessageFields(BaseModel):
    direction: str = Field(
        description="out (sent by the account) or in (received on one of its numbers), in the "
        "spec's lower case"
    )
    sender: str = Field(  # `from` on the wire
        description="The sender: one of the account's numbers or approved names (out), or the "
        "number that sent it (in)"
    )
    to: str = Field(description="The recipient: a UK number (out), or the account's number (in)")
    body: str = Field(description="The text of the message")
    send_status: str | None = Field(
        None, description="Outbound only: pending (queued), sent (handed to the carrier) or failed"
    )
    delivery_status: int | None = Field(None, description=DELIVERY_STATUS_HELP)
    cost: float = Field(0.0, description=COST_HELP + "; 0.0 for an inbound message")
    credits_used: int | None = Field(
        None, description="Outbound only: the message segments charged (160 GSM characters each)"
    )


class SmsMessage(SmsMessageFields, CustomerOwned, table=True):
    pass


class SmsMessagePublic(SmsMessageFields, OwnedPublic):
    type: Literal["smsmessage"] = Field("smsmessage", description="smsmessage")


class WebhookAttempt(SQLModel, table=True):
    """One POST of an inbound SMS to its number's webhook, and how it went (GET /_admin/webhooks)."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    created: datetime
    customer_id: int = Field(index=True)
    sms_id: int
    url: str
    attempt: int
    status_code: int | None = None
    error: str | None = None
    ok: bool = False
    next_retry: datetime | None = None
