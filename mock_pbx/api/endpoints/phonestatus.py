"""GET/PUT /customers/{c}/endpoints/{id}/phonestatus: a phone's (or trunk's) do-not-disturb.

With `dndActive` true, calls offered to the endpoint end `busy` at once (an inbound call to a
number routed to it, a click-to-dial call to its short number; domain/telephony.py); it may still
place calls. Also the access rule of an endpoint's call-handling sub-resources (this and
forwarding.py): admins any of their company's phones, an extension user only its own."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import Field, StrictBool

from mock_pbx.api.auth import CustomerIdDep, UserDep
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.identities.linkedusers import own_linked_user
from mock_pbx.api.responses import json_response
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.resources.endpoints import ENDPOINTS
from mock_pbx.runtime.database import save
from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["endpoints"])  # a sub-resource of an endpoint
DEVICE_TYPES = ("phone", "trunk")  # what takes calls on devices: do-not-disturb, forwarding
STATUS = "/customers/{customerId}/endpoints/{endpointId}/phonestatus"


async def device_endpoint(
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    endpoint_id: Annotated[str, PathParam(alias="endpointId", description="A phone's id")],
) -> Endpoint:
    """The customer's phone or trunk (404 for the other types); an extension user may only reach
    its own phone (its linked user's defaultExtension), 401 for any other."""
    endpoint = ENDPOINTS.find(session, customer_id, endpoint_id)
    if endpoint.type not in DEVICE_TYPES:
        raise NotFound(
            f"Only phones and trunks have a phone status and forwarding rules, not a {endpoint.type}"
        )
    if not user.is_admin:
        own = own_linked_user(session, runtime.settings, user, customer_id)
        if own is None or own.default_extension != str(endpoint.id):
            raise Unauthorized("An extension user may only manage its own phone")
    return endpoint


DeviceDep = Annotated[Endpoint, Depends(device_endpoint)]


class PhoneStatusPublic(ApiModel):
    """Whether the phone takes calls: a singleton of the endpoint, with no created date."""

    type: str = Field("phonestatus", description="phonestatus")
    id: str = Field(description="The endpoint's id: an endpoint has one status")
    uri: str = Field(description="Its absolute URL: the endpoint's, then /phonestatus")
    parent: str = Field(description="The absolute URL of the endpoint")
    dnd_active: bool = Field(
        description="Do not disturb: while true, calls offered to the endpoint end busy at once"
    )


class PhoneStatusWrite(ApiModel):
    """PUT body: only dndActive is written; id, uri and parent are read-only and ignored."""

    type: Literal["phonestatus"] = Field("phonestatus", description="phonestatus")
    dnd_active: StrictBool = Field(description="Turn do not disturb on (true) or off (false)")


def status_body(request: Request, endpoint: Endpoint) -> dict[str, Any]:
    parent = uris_for(request).item(endpoint.customer_id, "endpoints", endpoint.id or 0)
    fields = {"id": str(endpoint.id), "uri": parent + "/phonestatus", "parent": parent}
    body = PhoneStatusPublic.model_validate({**fields, "dnd_active": bool(endpoint.dnd_active)})
    return body.model_dump(mode="json", by_alias=True)


@router.get(
    STATUS,
    name="phonestatus:get",
    operation_id="getPhoneStatus",
    summary="Get a phone's status",
    responses={200: {"model": PhoneStatusPublic}},
)
async def get_status(request: Request, endpoint: DeviceDep) -> JSONResponse:
    """Whether the phone (or trunk) is in do-not-disturb; 404 for the other endpoint types."""
    return json_response(status_body(request, endpoint))


@router.put(
    STATUS,
    name="phonestatus:update",
    operation_id="updatePhoneStatus",
    summary="Update a phone's status",
    responses={200: {"model": PhoneStatusPublic}},
)
async def update_status(
    request: Request,
    endpoint: DeviceDep,
    session: SessionDep,
    status: Annotated[PhoneStatusWrite, Body()],
) -> JSONResponse:
    """Turn do-not-disturb on or off: 200 with the status as it now is (the real service's
    example shows no body; the representation is what clients can use). While it is on, calls
    offered to the endpoint end busy at once; it may still place calls. A reset restores it."""
    endpoint.dnd_active = status.dnd_active
    return json_response(status_body(request, save(session, endpoint)))
