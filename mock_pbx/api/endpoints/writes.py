"""Writing endpoints: POST /customers/{c}/endpoints creates one of any type with its documented
defaults, PUT replaces it (its type never changes), DELETE removes it unless something still
sends calls to it (mock_pbx.domain.endpoints has the rules). Admins and resellers only."""

from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, Response

from mock_pbx.api.account import store
from mock_pbx.api.auth import CustomerIdDep, UserDep, require_admin
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.responses import created, json_response
from mock_pbx.domain.endpoints.bodies import EndpointWrite
from mock_pbx.domain.endpoints.usage import delete_endpoint
from mock_pbx.domain.endpoints.writing import endpoint_values, new_endpoint, replace
from mock_pbx.resources.endpoints import ENDPOINTS
from mock_pbx.runtime.database import save
from mock_pbx.wire.uris import RELATIONSHIPS, relationship_key_doc, uris_for

router = APIRouter(tags=["endpoints"])
EndpointBody = Annotated[EndpointWrite, Body()]
RELATIONSHIP_KEY = relationship_key_doc(RELATIONSHIPS[ENDPOINTS.name])


@router.post(
    "/customers/{customerId}/endpoints",
    name="endpoints:create",
    operation_id="createEndpoint",
    summary="Create an endpoint",
    status_code=201,
    responses={201: {"model": ENDPOINTS.public}},
    openapi_extra=RELATIONSHIP_KEY,
)
async def create_endpoint(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    endpoint: EndpointBody,
) -> JSONResponse:
    """Add an endpoint (admins only): 201 with it, its defaults filled in, and its Location.
    Refused beyond the account's /limits for the type (virtual endpoints have no limit)."""
    require_admin(user, "add an endpoint")
    limits = store.current(session, runtime.settings, customer_id, "limits")
    values = endpoint_values(session, customer_id, endpoint, limit=limits.get(endpoint.type))
    row = new_endpoint(customer_id, values, runtime.clock.now(), endpoint.type)
    return created(ENDPOINTS.present(save(session, row), uris_for(request)))


@router.put(
    "/customers/{customerId}/endpoints/{itemId}",
    name="endpoints:update",
    operation_id="updateEndpoint",
    summary="Replace an endpoint",
    responses={200: {"model": ENDPOINTS.public}},
    openapi_extra=RELATIONSHIP_KEY,
)
async def replace_endpoint(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    itemId: str,
    endpoint: EndpointBody,
) -> JSONResponse:
    """Replace an endpoint (admins only): fields left out return to their defaults (hotdeskPin,
    write-only, is kept); its type cannot change."""
    require_admin(user, "change an endpoint")
    row = ENDPOINTS.find(session, customer_id, itemId)
    values = endpoint_values(session, customer_id, endpoint, own=row)
    return json_response(ENDPOINTS.present(save(session, replace(row, values)), uris_for(request)))


@router.delete(
    "/customers/{customerId}/endpoints/{itemId}",
    name="endpoints:delete",
    operation_id="deleteEndpoint",
    summary="Delete an endpoint",
    status_code=204,
)
async def remove_endpoint(
    user: UserDep, customer_id: CustomerIdDep, session: SessionDep, itemId: str
) -> Response:
    """Remove an endpoint and its forwarding rules (admins only): 204; refused with a 400 that
    names what still uses it (numbers, IVRs, groups, queues, users, a call in progress)."""
    require_admin(user, "delete an endpoint")
    delete_endpoint(session, ENDPOINTS.find(session, customer_id, itemId))
    session.commit()
    return Response(status_code=204)
