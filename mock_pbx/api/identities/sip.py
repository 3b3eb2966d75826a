"""GET /customers/{c}/endpoints/{id}/sip: a phone's SIP identity (what a desk phone or the Node
client's WebRTC UA registers with), and /sip/registrations: the devices registered now."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from mock_pbx.api.auth import CustomerIdDep, UserDep
from mock_pbx.api.dependencies import PageDep, RuntimeDep, SessionDep
from mock_pbx.api.identities.linkedusers import own_linked_user
from mock_pbx.api.responses import CLOCKED, json_response
from mock_pbx.models.access.linkeduser import SipIdentityPublic, SipRegistrationPublic
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.resources.endpoints import ENDPOINTS
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.seeding import identities
from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.paging import Page, in_memory, item_with_id
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["endpoints"])  # a sub-resource of an endpoint
SIP_TYPES = ("phone", "trunk")  # what registers with the PBX (the emulator has no trunks yet)
IDENTITY = "/customers/{customerId}/endpoints/{endpointId}/sip"


async def sip_endpoint(
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    endpoint_id: Annotated[str, PathParam(alias="endpointId", description="A phone's id")],
) -> Endpoint:
    """The customer's phone; an extension user may only see the phone that is its own (its
    linked user's defaultExtension): a SIP password is a secret."""
    endpoint = ENDPOINTS.find(session, customer_id, endpoint_id)
    if endpoint.type not in SIP_TYPES:
        raise NotFound("Only phones and trunks have a SIP identity")
    if not user.is_admin:
        own = own_linked_user(session, runtime.settings, user, customer_id)
        if own is None or own.default_extension != str(endpoint.id):
            raise Unauthorized("An extension user may only see its own phone's SIP identity")
    return endpoint


SipEndpointDep = Annotated[Endpoint, Depends(sip_endpoint)]


def identity_uri(request: Request, endpoint: Endpoint) -> str:
    return uris_for(request).item(endpoint.customer_id, "endpoints", endpoint.id or 0) + "/sip"


@router.get(
    IDENTITY,
    name="sip:get",
    operation_id="getSipIdentity",
    summary="Get a phone's SIP identity",
    responses={200: {"model": SipIdentityPublic}},
)
async def get_identity(
    request: Request, endpoint: SipEndpointDep, runtime: RuntimeDep
) -> JSONResponse:
    """The user name, password and servers a phone (or trunk) registers with; 404 for the other
    endpoint types. The password is the same on every start with the same seed."""
    uri = identity_uri(request, endpoint)
    body = SipIdentityPublic.model_validate(
        {
            "id": str(endpoint.id),
            "uri": uri,
            "parent": uri.removesuffix("/sip"),
            "username": identities.sip_username(endpoint),
            "password": identities.sip_password(runtime.settings.seed, endpoint),
            "domain": identities.SIP_DOMAIN,
            "proxy": identities.SIP_PROXY,
            "ws_server": identities.SIP_WS_SERVER,
        }
    )
    return json_response(body.model_dump(mode="json", by_alias=True))


def registration_body(parent: str, item: identities.Registration) -> dict[str, Any]:
    fields = {"id": str(item.number), "uri": f"{parent}/registrations/{item.number}"}
    model = SipRegistrationPublic.model_validate({**fields, "parent": parent, **vars(item)})
    return model.model_dump(mode="json", by_alias=True)


def registration_bodies(
    request: Request, runtime: Runtime, endpoint: Endpoint
) -> list[dict[str, Any]]:
    parent = identity_uri(request, endpoint)
    now = runtime.clock.now()
    found = identities.registrations(runtime.settings.seed, endpoint, now)
    return [registration_body(parent, item) for item in found]


@router.get(
    IDENTITY + "/registrations",
    name="sip:registrations",
    operation_id="listSipRegistrations",
    summary="List the devices registered to a phone",
    responses={200: {"model": Page[SipRegistrationPublic]}},
)
async def list_registrations(
    request: Request, endpoint: SipEndpointDep, runtime: RuntimeDep, params: PageDep
) -> JSONResponse:
    """Each device registered with the phone's SIP identity now, on the emulator's clock (they
    re-register before they expire, so a registered phone stays so)."""
    items = registration_bodies(request, runtime, endpoint)
    url = identity_uri(request, endpoint) + "/registrations"
    return json_response(in_memory(request, url, params, items), headers=CLOCKED)


@router.get(
    IDENTITY + "/registrations/{registrationId}",
    name="sip:registration",
    operation_id="getSipRegistration",
    summary="Get one device registered to a phone",
    responses={200: {"model": SipRegistrationPublic}},
)
async def get_registration(
    request: Request, endpoint: SipEndpointDep, runtime: RuntimeDep, registrationId: str
) -> JSONResponse:
    """One of the phone's current registrations, by its id in the list."""
    found = item_with_id(registration_bodies(request, runtime, endpoint), registrationId)
    return json_response(found, headers=CLOCKED)
