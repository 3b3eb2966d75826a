"""Calls: the call records (one per leg, legs sharing a linkedId) and the calls in progress."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic, list_index
from mock_pbx.wire.models import ApiDateTime, ApiModel

CALL_DIRECTIONS = ("IN", "OUT")


class CallFields(BaseModel):
    call_type: str  # "local" (endpoint to endpoint), "domain" (on the platform) or "external"
    direction: str  # IN or OUT, as the spec's call example spells it
    sender: str  # `from` on the wire
    to: str
    call_started: ApiDateTime = Field(index=True)
    outcome: str  # answered, no-answer, busy or failed
    duration: int
    cost: float
    call_id: str
    linked_id: str = Field(index=True)


class Call(CallFields, CustomerOwned, table=True):
    __table_args__ = (list_index("call"), {"sqlite_autoincrement": True})
    endpoint_id: int | None = Field(default=None, foreign_key="endpoint.id")


class CallLinks(ApiModel):
    recordings: str


class CallPublic(CallFields, OwnedPublic):
    type: Literal["call"] = "call"
    links: CallLinks


class LiveCall(SQLModel, table=True):
    """A call from first ring to hang-up; GET /_admin/calls shows them, /calls the records after."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    direction: str  # OUT: originated through POST /calls; IN: arrived at one of the numbers
    endpoint_id: int = Field(foreign_key="endpoint.id")
    remote: str  # the number called (OUT) or calling (IN)
    did: str | None = None  # IN: the public number dialled
    caller_name: str = ""
    caller_id: str | None = None  # OUT: the outgoing caller id presented
    local_endpoint_id: int | None = None  # OUT to a short number: the endpoint called
    state: str = "ringing"  # ringing, answered, ended
    planned_outcome: str = "answered"
    planned_duration: int = 60
    outcome: str | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    duration: int = 0
    call_id: str = ""
    linked_id: str = ""
