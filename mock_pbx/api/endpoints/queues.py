"""GET /customers/{c}/endpoints/{id}/queueentries, /queuememberships and /queuestatus: a queue's
callers waiting now, its members, and its figures (the links of a queue endpoint; the Node
client's queue.entries, queue.memberships and queue.status). No source documents their fields:
the shapes are inferred (README). Read-only: members are changed through the queue's `members`.

Who may read them: the company's admins, and an extension user whose phone is one of the
queue's members (an agent sees the queue it answers); 401 for any other extension user, as for
another phone's SIP identity."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import Field

from mock_pbx.api.auth import CustomerIdDep, UserDep
from mock_pbx.api.dependencies import PageDep, RuntimeDep, SessionDep
from mock_pbx.api.identities.linkedusers import own_linked_user
from mock_pbx.api.responses import CLOCKED, json_response
from mock_pbx.domain.endpoints import queues
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.resources.endpoints import ENDPOINTS
from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.models import ApiDateTime, ApiModel
from mock_pbx.wire.paging import Page, in_memory, item_with_id
from mock_pbx.wire.uris import RELATIONSHIPS, Uris, is_id, relationship_key_doc, uris_for

router = APIRouter(tags=["endpoints"])  # sub-resources of a queue endpoint
QUEUE = "/customers/{customerId}/endpoints/{endpointId}"
MEMBERSHIP_DOC = relationship_key_doc(RELATIONSHIPS["queuememberships"])


async def queue_endpoint(
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    endpoint_id: Annotated[str, PathParam(alias="endpointId", description="A queue's id")],
) -> Endpoint:
    """The customer's queue (404 for the other endpoint types); an extension user must be one
    of its members."""
    endpoint = ENDPOINTS.find(session, customer_id, endpoint_id)
    if endpoint.type != "queue":
        raise NotFound(f"Only queues have entries, memberships and a status, not a {endpoint.type}")
    if not user.is_admin:
        own = own_linked_user(session, runtime.settings, user, customer_id)
        members = {str(ref) for ref in endpoint.member_refs or []}
        if own is None or own.default_extension not in members:
            raise Unauthorized("An extension user may only see the queues its phone answers")
    return endpoint


QueueDep = Annotated[Endpoint, Depends(queue_endpoint)]


class QueueEntryPublic(ApiModel):
    """A caller waiting in the queue now (inferred shape: the real API documents none)."""

    type: str = Field("queueentry", description="queueentry")
    id: str = Field(description="The waiting call's id (the control API's live call id)")
    uri: str = Field(description="Its absolute URL: the queue's /queueentries, then the id")
    parent: str = Field(description="The absolute URL of the queue")
    created: ApiDateTime = Field(description="When the caller joined the queue (UTC)")
    caller_id_number: str = Field(description="The caller's number")
    caller_id_name: str = Field(description="The caller's name, if the network sent one")
    did: str | None = Field(None, description="The customer's number the caller dialled")
    position: int = Field(description="The caller's place in the queue, from 1 (next answered)")
    wait_time: int = Field(description="Seconds the caller has waited, on the emulator's clock")
    call_id: str = Field(description="The call's id, as its call record will carry it")


class QueueMembershipPublic(ApiModel):
    """One of the queue's members (inferred shape), in the order of the queue's `members`."""

    type: str = Field("queuemembership", description="queuemembership")
    id: str = Field(description="The member endpoint's id: an endpoint is a member once")
    uri: str = Field(description="Its absolute URL: the queue's /queuememberships, then the id")
    parent: str = Field(description="The absolute URL of the queue")
    endpoint: str = Field(
        description="The member (a phone): its URL, or its id (X-Relationship-Key)"
    )
    name: str = Field(description="The member endpoint's name")
    short_number: str = Field(description="The member endpoint's short number")
    paused: bool = Field(description="Whether the member is paused in the queue (always false)")
    on_call: bool = Field(description="Whether the member is ringing or talking now")
    available: bool = Field(
        description="Whether a caller could be put through now: not on a call, not on do not disturb"
    )


class QueueStatusPublic(ApiModel):
    """The queue now and today (inferred shape): one object, which the Node client's
    queue.status.get() turns into a Queuestatus."""

    type: str = Field("queuestatus", description="queuestatus")
    id: str = Field(description="The queue's id: a queue has one status")
    uri: str = Field(description="Its absolute URL: the queue's, then /queuestatus")
    parent: str = Field(description="The absolute URL of the queue")
    calls_waiting: int = Field(description="Callers waiting now (the queue's entries)")
    longest_wait: int = Field(description="Seconds the longest-waiting caller has waited (0: none)")
    members_total: int = Field(description="How many members the queue has")
    members_available: int = Field(description="Members not on a call and not on do not disturb")
    members_on_call: int = Field(description="Members ringing or talking now")
    answered_today: int = Field(description="Calls to the queue answered since midnight (UTC)")
    abandoned_today: int = Field(
        description="Calls to the queue that ended unanswered since midnight (UTC)"
    )


def queue_uri(request: Request, queue: Endpoint) -> str:
    return uris_for(request).item(queue.customer_id, "endpoints", queue.id or 0)


def entry_body(parent: str, entry: queues.Entry) -> dict[str, Any]:
    call = entry.call
    model = QueueEntryPublic(
        type="queueentry",
        id=str(call.id),
        uri=f"{parent}/queueentries/{call.id}",
        parent=parent,
        created=call.created,
        caller_id_number=call.remote,
        caller_id_name=call.caller_name,
        did=call.did,
        position=entry.position,
        wait_time=entry.wait,
        call_id=call.call_id,
    )
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def entry_bodies(
    request: Request, session: SessionDep, runtime: RuntimeDep, queue: Endpoint
) -> list[dict[str, Any]]:
    parent = queue_uri(request, queue)
    return [entry_body(parent, e) for e in queues.entries(session, queue, runtime.clock.now())]


@router.get(
    QUEUE + "/queueentries",
    name="queueentries:list",
    operation_id="listQueueEntries",
    summary="List the callers waiting in a queue",
    responses={200: {"model": Page[QueueEntryPublic]}},
)
async def list_entries(
    request: Request, queue: QueueDep, session: SessionDep, runtime: RuntimeDep, params: PageDep
) -> JSONResponse:
    """The queue's calls that no member has answered yet, longest waiting first, with their
    places and waiting times on the emulator's clock."""
    items = entry_bodies(request, session, runtime, queue)
    url = queue_uri(request, queue) + "/queueentries"
    return json_response(in_memory(request, url, params, items), headers=CLOCKED)


@router.get(
    QUEUE + "/queueentries/{entryId}",
    name="queueentries:get",
    operation_id="getQueueEntry",
    summary="Get a caller waiting in a queue",
    responses={200: {"model": QueueEntryPublic}},
)
async def get_entry(
    request: Request, queue: QueueDep, session: SessionDep, runtime: RuntimeDep, entryId: str
) -> JSONResponse:
    """One waiting caller, by its id in the list; 404 once answered or gone."""
    waiting = entry_bodies(request, session, runtime, queue)
    found = item_with_id(waiting, entryId, "No such caller is waiting in this queue")
    return json_response(found, headers=CLOCKED)


def membership_bodies(
    request: Request, session: SessionDep, queue: Endpoint
) -> list[dict[str, Any]]:
    parent, uris = queue_uri(request, queue), uris_for(request)
    return [membership_body(parent, uris, m) for m in queues.members(session, queue)]


def membership_body(parent: str, uris: Uris, member: queues.Member) -> dict[str, Any]:
    endpoint = member.endpoint
    model = QueueMembershipPublic(
        type="queuemembership",
        id=str(endpoint.id),
        uri=f"{parent}/queuememberships/{endpoint.id}",
        parent=parent,
        endpoint=uris.reference(endpoint.customer_id, "endpoints", endpoint.id or 0),
        name=endpoint.name,
        short_number=endpoint.short_number,
        paused=False,
        on_call=member.on_call,
        available=member.available,
    )
    return model.model_dump(mode="json", by_alias=True)


@router.get(
    QUEUE + "/queuememberships",
    name="queuememberships:list",
    operation_id="listQueueMemberships",
    summary="List a queue's members",
    responses={200: {"model": Page[QueueMembershipPublic]}},
    openapi_extra=MEMBERSHIP_DOC,
)
async def list_memberships(
    request: Request, queue: QueueDep, session: SessionDep, params: PageDep
) -> JSONResponse:
    """The endpoints the queue rings, in the order of its `members`, each with whether it could
    take a call now."""
    items = membership_bodies(request, session, queue)
    url = queue_uri(request, queue) + "/queuememberships"
    return json_response(in_memory(request, url, params, items), headers=CLOCKED)


@router.get(
    QUEUE + "/queuememberships/{membershipId}",
    name="queuememberships:get",
    operation_id="getQueueMembership",
    summary="Get one of a queue's members",
    responses={200: {"model": QueueMembershipPublic}},
    openapi_extra=MEMBERSHIP_DOC,
)
async def get_membership(
    request: Request, queue: QueueDep, session: SessionDep, membershipId: str
) -> JSONResponse:
    """A member, by its endpoint's id; 404 for an endpoint that is not a member."""
    if not is_id(membershipId):
        raise NotFound()
    members = membership_bodies(request, session, queue)
    found = item_with_id(members, membershipId, "That endpoint is not a member of this queue")
    return json_response(found, headers=CLOCKED)


@router.get(
    QUEUE + "/queuestatus",
    name="queuestatus:get",
    operation_id="getQueueStatus",
    summary="Get a queue's status",
    responses={200: {"model": QueueStatusPublic}},
)
async def get_status(
    request: Request, queue: QueueDep, session: SessionDep, runtime: RuntimeDep
) -> JSONResponse:
    """Callers waiting and the longest wait now, members free and busy, and the calls answered
    and abandoned today: one object (not a list)."""
    uri = queue_uri(request, queue)
    figures = queues.status(session, queue, runtime.clock.now())
    model = QueueStatusPublic(
        id=str(queue.id), uri=uri + "/queuestatus", parent=uri, **vars(figures)
    )
    return json_response(model.model_dump(mode="json", by_alias=True), headers=CLOCKED)
