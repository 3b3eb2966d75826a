"""Calls: the call records (one per leg, legs sharing a linkedId) and the calls in progress."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.models.base import (
    CALL_DIRECTION_HELP,
    CALL_ID_HELP,
    COST_HELP,
    LINKED_ID_HELP,
    CustomerOwned,
    OwnedPublic,
    list_index,
)
from mock_pbx.wire.models import ApiDateTime, ApiModel

CALL_DIRECTIONS = ("IN", "OUT")


class CallFields(BaseModel):
    call_type: str = Field(
        description="local (between two endpoints of the account; listed only with "
        "includeLocal=true), domain (with another account on the platform) or external (to or "
        "from the public network)"
    )
    direction: str = Field(description=CALL_DIRECTION_HELP + ", as the spec's call example")
    sender: str = Field(  # `from` on the wire
        description="The caller: a number, or a name and short number (Greg Sanderson <103>)"
    )
    to: str = Field(description="The number or endpoint called, e.g. Sales Group <500>")
    call_started: ApiDateTime = Field(index=True, description="When the call started (UTC)")
    outcome: str = Field(description="answered, no-answer, busy or failed")
    duration: int = Field(description="How long it was answered for, in seconds (0 if not)")
    cost: float = Field(description=COST_HELP)
    call_id: str = Field(description=CALL_ID_HELP)
    linked_id: str = Field(index=True, description=LINKED_ID_HELP)


class Call(CallFields, CustomerOwned, table=True):
    __table_args__ = (list_index("call"), {"sqlite_autoincrement": True})
    # No foreign key: a record outlives its endpoint (DELETE /endpoints/{id} keeps the history).
    endpoint_id: int | None = None


class CallLinks(ApiModel):
    recordings: str = Field(description="The URL of the call's recordings (by its linkedId)")


class CallPublic(CallFields, OwnedPublic):
    type: Literal["call"] = Field("call", description="call")
    links: CallLinks = Field(description="URLs of the records related to the call")


class LiveCall(SQLModel, table=True):
    """A call from first ring to hang-up; GET /_admin/calls shows them, /calls the records after."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    direction: str  # OUT: originated through POST /calls; IN: arrived at one of the numbers
    endpoint_id: int  # no foreign key: an ended call outlives its endpoint, as its record does
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
