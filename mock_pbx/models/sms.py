"""SMS messages, sent and received, and the attempts to POST received ones to a webhook."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic


class SmsMessageFields(BaseModel):
    direction: str  # "out" or "in", as the spec's examples spell it
    sender: str  # `from` on the wire
    to: str
    body: str
    send_status: str | None = None  # outbound only: pending, sent or failed
    delivery_status: int | None = None  # outbound only: 0, 8, 1, 2, 4 or 16
    cost: float = 0.0
    credits_used: int | None = None  # outbound only: segments charged


class SmsMessage(SmsMessageFields, CustomerOwned, table=True):
    pass


class SmsMessagePublic(SmsMessageFields, OwnedPublic):
    type: Literal["smsmessage"] = "smsmessage"


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
