"""GET /customers/{c}/callbundles/available[/{id}]: the bundles the account could add. A fixed
catalogue (a provider's price list, the same for every seed) less the bundles the account has
ACTIVE now, by name: one cannot add a bundle twice. How one subscribes is unknown (the facts
guess a POST), so the emulator offers no way to."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import col, select

from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import PageDep, SessionDep
from mock_pbx.api.responses import dump, json_response
from mock_pbx.models.account.catalogue import AvailableBundlePublic
from mock_pbx.models.callbundle import CallBundle
from mock_pbx.wire.paging import Page, in_memory, item_with_id
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["callbundles"])
AVAILABLE = "/customers/{customerId}/callbundles/available"
UK_FIXED = ["UK Local", "UK National"]
CATALOGUE: tuple[tuple[str, list[str], int, int], ...] = (
    ("500 Mins - UK Local/National", UK_FIXED, 500, 3),
    ("1000 Mins - UK Local/National", UK_FIXED, 1000, 5),
    ("2500 Mins - UK Local/National", UK_FIXED, 2500, 10),
    ("500 Mins - UK Mobile", ["UK Mobile"], 500, 8),
    ("1000 Mins - UK Mobile", ["UK Mobile"], 1000, 15),
    ("250 Mins - International Zone 1", ["France", "Germany", "Ireland", "USA", "Canada"], 250, 10),
)


def offered(session: SessionDep, customer_id: int, request: Request) -> list[dict[str, Any]]:
    """The catalogue, less what the account has active; ids are catalogue positions."""
    statement = select(CallBundle.name).where(
        col(CallBundle.customer_id) == customer_id, col(CallBundle.status) == "ACTIVE"
    )
    active = set(session.exec(statement))
    uris = uris_for(request)
    parent = uris.customer(customer_id)
    items = []
    for number, (name, destinations, minutes, price) in enumerate(CATALOGUE, start=1):
        if name in active:
            continue
        fields = {"id": str(number), "uri": f"{parent}/callbundles/available/{number}"}
        body = {**fields, "parent": parent, "name": name, "destinations": destinations}
        model = AvailableBundlePublic.model_validate(
            {**body, "inclusiveMins": minutes, "priceMonthly": price}
        )
        items.append(dump(model))
    return items


@router.get(
    AVAILABLE,
    name="callbundles:available",
    operation_id="listAvailableCallBundles",
    summary="List the call bundles an account could add",
    responses={200: {"model": Page[AvailableBundlePublic]}},
)
async def list_available_bundles(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, paging: PageDep
) -> JSONResponse:
    """Inclusive-minute bundles on offer, except those the account has active now."""
    items = offered(session, customer_id, request)
    url = uris_for(request).collection(customer_id, "callbundles") + "/available"
    return json_response(in_memory(request, url, paging, items))


@router.get(
    AVAILABLE + "/{bundleId}",
    name="callbundles:available:get",
    operation_id="getAvailableCallBundle",
    summary="Get a call bundle an account could add",
    responses={200: {"model": AvailableBundlePublic}},
)
async def get_available_bundle(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, bundleId: str
) -> JSONResponse:
    """One bundle on offer; 404 if the account has it active (or there is no such bundle)."""
    missing = "No such available call bundle"
    return json_response(item_with_id(offered(session, customer_id, request), bundleId, missing))
