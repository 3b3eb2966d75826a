"""Endpoints: extensions (phones), virtual numbers, groups, queues, IVRs and mailboxes."""

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic

ENDPOINT_TYPES = ("phone", "virtual", "group", "queue", "ivr", "mailbox")
ORIGINATING_TYPES = ("phone", "virtual")  # what can place a call through POST /calls


class EndpointFields(BaseModel):
    type: str = Field(description="phone, virtual, group, queue, ivr or mailbox; never changes")
    short_number: str = Field(description="The internal number to dial, e.g. 102 or 001")
    name: str = Field(description="The endpoint's name, e.g. Main IVR")
    email: str | None = Field(None, description="phone and mailbox: the user's email address")
    timeout: int | None = Field(
        None, description="phone, virtual and ivr: seconds before an unanswered call moves on"
    )
    call_waiting: bool | None = Field(None, description="phone: whether a second call may ring")
    call_recording: str | None = Field(None, description="phone: ALWAYS, OFF or ON_DEMAND")
    voicemail_enabled: bool | None = Field(None, description="phone: whether voicemail answers")
    destination: str | None = Field(
        None, description="virtual: the external number its calls are forwarded to"
    )
    screening_enabled: bool | None = Field(
        None, description="virtual: whether the callee is asked to accept the call"
    )
    member_timeout: int | None = Field(None, description="group: seconds each member rings for")
    cascade_delay: int | None = Field(
        None, description="group: seconds before the next member starts ringing"
    )
    max_wait: int | None = Field(None, description="queue: the longest a caller waits, seconds")


class Endpoint(EndpointFields, CustomerOwned, table=True):
    pass


class EndpointPublic(EndpointFields, OwnedPublic):
    pass
