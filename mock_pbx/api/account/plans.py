"""GET /chargingplans[/{id}] (global, read-only: POST, PUT and DELETE are a 405) and GET
/customers/{c}/bargegroups (derived from the account's phones)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import col, select

from mock_pbx.api.auth import CustomerIdDep, UserDep
from mock_pbx.api.dependencies import PageDep, SessionDep
from mock_pbx.api.responses import dump, json_response
from mock_pbx.models.account.settings import BargeGroupPublic, ChargingPlanPublic
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, in_memory, item_with_id
from mock_pbx.wire.uris import RELATIONSHIPS, Uris, relationship_key_doc, uris_for

router = APIRouter(tags=["account"])
PLANS = "chargingplans"
# The catalogue: the same for every account and seed (a provider's price list, not data).
CHARGING_PLANS: tuple[dict[str, Any], ...] = (
    {"id": "1", "name": "Standard", "domainCostMinute": 0.02, "roundSeconds": 60},
    {"id": "2", "name": "Per second", "domainCostMinute": 0.025, "roundSeconds": 1},
    {"id": "3", "name": "Inclusive UK", "domainCostMinute": 0.0, "roundSeconds": 60},
)
PLAN_DEFAULTS = {"currency": "GBP", "minDuration": 0, "minCharge": 0.0}


def plan_by_id(plan_id: str) -> dict[str, Any] | None:
    return next((plan for plan in CHARGING_PLANS if plan["id"] == plan_id), None)


def plan_uri(uris: Uris, plan_id: str) -> str:
    return f"{uris.api}/{PLANS}/{plan_id}"


def present_plan(uris: Uris, plan: dict[str, Any]) -> dict[str, Any]:
    uri = plan_uri(uris, plan["id"])
    return dump(ChargingPlanPublic.model_validate({**PLAN_DEFAULTS, **plan, "uri": uri}))


@router.get(
    f"/{PLANS}",
    name="chargingplans:list",
    operation_id="listChargingPlans",
    summary="List charging plans",
    responses={200: {"model": Page[ChargingPlanPublic]}},
)
async def list_charging_plans(request: Request, user: UserDep, paging: PageDep) -> JSONResponse:
    """The plans an account's calls may be charged by; global and read-only."""
    uris = uris_for(request)
    url = f"{uris.api}/{PLANS}"
    body = in_memory(request, url, paging, CHARGING_PLANS, lambda plan: present_plan(uris, plan))
    return json_response(body)


@router.get(
    f"/{PLANS}/{{planId}}",
    name="chargingplans:get",
    operation_id="getChargingPlan",
    summary="Get a charging plan",
    responses={200: {"model": ChargingPlanPublic}},
)
async def get_charging_plan(request: Request, user: UserDep, planId: str) -> JSONResponse:
    """One plan: its per-minute price, rounding and minimum charge."""
    plan = plan_by_id(planId)
    if plan is None:
        raise NotFound("No such charging plan")
    return json_response(present_plan(uris_for(request), plan))


def barge_groups(session: SessionDep, customer_id: int, uris: Uris) -> list[dict[str, Any]]:
    """One group when the account has two phones or more: its first phone (the reception's)
    may join the others' calls."""
    statement = select(Endpoint.id).where(
        col(Endpoint.customer_id) == customer_id, col(Endpoint.type) == "phone"
    )
    phones = [uris.reference(customer_id, "endpoints", i or 0) for i in session.exec(statement)]
    if len(phones) < 2:
        return []
    parent = uris.customer(customer_id)
    group = {"id": "1", "uri": f"{parent}/bargegroups/1", "parent": parent, "name": "Supervisors"}
    body = {**group, "managers": phones[:1], "members": phones[1:]}
    return [dump(BargeGroupPublic.model_validate(body))]


@router.get(
    "/customers/{customerId}/bargegroups",
    name="bargegroups:list",
    operation_id="listBargeGroups",
    summary="List an account's barge groups",
    responses={200: {"model": Page[BargeGroupPublic]}},
    openapi_extra=relationship_key_doc(RELATIONSHIPS["bargegroups"]),
)
async def list_barge_groups(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, paging: PageDep
) -> JSONResponse:
    """Who may listen in on (or barge into) whose calls: managers and members are phones."""
    uris = uris_for(request)
    groups = barge_groups(session, customer_id, uris)
    url = uris.collection(customer_id, "bargegroups")
    return json_response(in_memory(request, url, paging, groups))


@router.get(
    "/customers/{customerId}/bargegroups/{groupId}",
    name="bargegroups:get",
    operation_id="getBargeGroup",
    summary="Get one of an account's barge groups",
    responses={200: {"model": BargeGroupPublic}},
    openapi_extra=relationship_key_doc(RELATIONSHIPS["bargegroups"]),
)
async def get_barge_group(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, groupId: str
) -> JSONResponse:
    """One barge group, by its id in the list."""
    return json_response(
        item_with_id(barge_groups(session, customer_id, uris_for(request)), groupId)
    )
