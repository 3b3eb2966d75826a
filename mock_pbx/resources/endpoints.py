"""/customers/{c}/endpoints: extensions, virtual numbers, groups, queues, IVRs and mailboxes."""

from typing import Annotated, Any

from mock_pbx.filters import choice_query, parse_choice
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    alias_router,
    collection_router,
    present_plain,
)

ENDPOINT_TYPES = ("phone", "virtual", "group", "queue", "ivr", "mailbox")
ORIGINATING_TYPES = ("phone", "virtual")  # what can place a call through POST /calls


class Endpoint(CustomerOwned, table=True):
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


class EndpointPublic(OwnedPublic):
    type: str
    short_number: str
    name: str
    email: str | None = None
    timeout: int | None = None
    call_waiting: bool | None = None
    call_recording: str | None = None
    voicemail_enabled: bool | None = None
    destination: str | None = None
    screening_enabled: bool | None = None
    member_timeout: int | None = None
    cascade_delay: int | None = None
    max_wait: int | None = None


async def endpoint_filters(
    type: Annotated[
        str | None,
        choice_query(
            ENDPOINT_TYPES, "phone, virtual, group, queue, ivr or mailbox; any letter case"
        ),
    ] = None,
) -> list[Any]:
    if type is None:
        return []
    return [Endpoint.type == parse_choice("type", type, ENDPOINT_TYPES)]


ENDPOINTS = Collection(
    name="endpoints",
    table=Endpoint,
    public=EndpointPublic,
    present=present_plain("endpoints", EndpointPublic),
    # By short number, as the portal lists them (the spec's example starts with IVR "001").
    order_by=(Endpoint.short_number, Endpoint.id),
    filters=endpoint_filters,
)

router = collection_router(ENDPOINTS)
alias = alias_router(ENDPOINTS, "endpoint")
