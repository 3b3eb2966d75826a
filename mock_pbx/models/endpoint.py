"""Endpoints: extensions (phones), virtual numbers, groups, queues, IVRs and mailboxes."""

from pydantic import BaseModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic

ENDPOINT_TYPES = ("phone", "virtual", "group", "queue", "ivr", "mailbox")
ORIGINATING_TYPES = ("phone", "virtual")  # what can place a call through POST /calls


class EndpointFields(BaseModel):
    type: str
    short_number: str
    name: str
    email: str | None = None  # phone, mailbox
    timeout: int | None = None  # phone, virtual, ivr
    call_waiting: bool | None = None  # phone
    call_recording: str | None = None  # phone: ALWAYS, OFF or ON_DEMAND
    voicemail_enabled: bool | None = None  # phone
    destination: str | None = None  # virtual: the external number calls go to
    screening_enabled: bool | None = None  # virtual
    member_timeout: int | None = None  # group
    cascade_delay: int | None = None  # group
    max_wait: int | None = None  # queue


class Endpoint(EndpointFields, CustomerOwned, table=True):
    pass


class EndpointPublic(EndpointFields, OwnedPublic):
    pass
