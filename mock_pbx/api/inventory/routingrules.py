"""GET /customers/{c}/phonenumbers/{id}/routingrules: a number's exceptions to its default
routing by time interval. The facts give the shape ({type: routingrule, timeInterval,
destination}) but no way to write one, so the emulator keeps none: the list is always empty, and
a number routes to its destination at all times."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import PageDep, SessionDep
from mock_pbx.api.responses import json_response
from mock_pbx.models.numbers import RoutingRulePublic
from mock_pbx.resources.phonenumbers import PHONENUMBERS
from mock_pbx.wire.paging import Page, envelope
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["phonenumbers"])


@router.get(
    "/customers/{customerId}/phonenumbers/{itemId}/routingrules",
    name="phonenumbers:routingrules",
    operation_id="listRoutingRules",
    summary="List a phone number's routing rules",
    responses={200: {"model": Page[RoutingRulePublic]}},
)
async def list_routing_rules(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, paging: PageDep, itemId: str
) -> JSONResponse:
    """The number's time-based exceptions to its default routing: none are kept (see above)."""
    row = PHONENUMBERS.find(session, customer_id, itemId)
    url = uris_for(request).item(customer_id, PHONENUMBERS.name, row.id or 0) + "/routingrules"
    return json_response(envelope(request, url, paging, 0, []))
