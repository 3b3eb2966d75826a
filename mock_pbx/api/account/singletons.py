"""GET /customers/{c}/permissions, /limits, /preferences, /pricing and /callcharging: one record
each per account, read by any of its users; /pricing and /callcharging take a partial PUT (the
facts' `PUT .../pricing {"type":"customerpricing","phone":7}` answers 200) from admins only."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

from mock_pbx.api.account import store
from mock_pbx.api.account.plans import plan_by_id, plan_uri
from mock_pbx.api.auth import CustomerIdDep, UserDep, require_admin
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.responses import dump, json_response
from mock_pbx.models.account.settings import (
    CallChargingPublic,
    LimitsPublic,
    PermissionsPublic,
    PreferencesPublic,
    PricingPublic,
)
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import invalid
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import RELATIONSHIPS, reference_id, relationship_key_doc, uris_for

router = APIRouter(tags=["account"])
TAGS = [
    {
        "name": "account",
        "description": "The account's own settings: what it may do (permissions, limits), what "
        "it pays (pricing, call charging, charging plans, billing), its preferences, barge "
        "groups and the call bundles it could add. Read by any of its users; changed by admins.",
    }
]
ACCOUNT = "/customers/{customerId}"
Money = Annotated[StrictFloat | StrictInt, Field(ge=0, le=100000)]


def present(
    request: Request, customer_id: int, kind: str, model: type[ApiModel], values: dict[str, Any]
) -> JSONResponse:
    uris = uris_for(request)
    envelope = {
        "type": f"customer{kind}",
        "id": str(customer_id),
        "uri": uris.collection(customer_id, kind),
        "parent": uris.customer(customer_id),
    }
    return json_response(dump(model.model_validate({**envelope, **values})))


def read(runtime: Runtime, session: SessionDep, customer_id: int, kind: str) -> dict[str, Any]:
    return store.current(session, runtime.settings, customer_id, kind)


def add_reader(
    kind: str, model: type[ApiModel], operation_id: str, summary: str, about: str
) -> None:
    """GET /customers/{c}/{kind}: the four read-only singletons differ only in these."""

    async def read_singleton(
        request: Request, customer_id: CustomerIdDep, session: SessionDep, runtime: RuntimeDep
    ) -> JSONResponse:
        values = read(runtime, session, customer_id, kind)
        return present(request, customer_id, kind, model, values)

    router.add_api_route(
        f"{ACCOUNT}/{kind}",
        read_singleton,
        methods=["GET"],
        name=f"{kind}:get",
        operation_id=operation_id,
        summary=summary,
        description=about,
        responses={200: {"model": model}},
    )


add_reader(
    "permissions",
    PermissionsPublic,
    "getPermissions",
    "Get an account's permissions",
    "What the account may do: take and place calls, call abroad, add features, record.",
)
add_reader(
    "limits",
    LimitsPublic,
    "getLimits",
    "Get an account's limits",
    "How many endpoints of each type, numbers and simultaneous calls the account may have."
    " An endpoint create beyond its type's limit is a 400; virtual endpoints have no limit.",
)
add_reader(
    "preferences",
    PreferencesPublic,
    "getPreferences",
    "Get an account's preferences",
    "The account's preferences: how long call recordings are kept.",
)
add_reader(
    "pricing",
    PricingPublic,
    "getPricing",
    "Get an account's feature prices",
    "What each feature costs the account a month (GBP): the prices its bills use.",
)


class PricingWrite(ApiModel):
    """PUT body: any of the prices; a left-out price keeps its value."""

    type: Literal["customerpricing"] = Field(description="customerpricing")
    phone: Money | None = Field(None, description="Monthly price of a phone endpoint, GBP")
    virtual: Money | None = Field(None, description="Monthly price of a virtual extension, GBP")
    group: Money | None = Field(None, description="Monthly price of a ring group, GBP")
    queue: Money | None = Field(None, description="Monthly price of a call queue, GBP")
    ivr: Money | None = Field(None, description="Monthly price of an IVR, GBP")
    mailbox: Money | None = Field(None, description="Monthly price of a voicemail box, GBP")
    did: Money | None = Field(None, description="Monthly price of a phone number, GBP")
    trunk: Money | None = Field(None, description="Monthly price of a SIP trunk, GBP")


def changes_of(body: ApiModel) -> dict[str, Any]:
    """The fields the body gave, by their wire names (type is the discriminator, not a value)."""
    given = body.model_dump(by_alias=True, exclude_unset=True, exclude={"type"})
    return {key: value for key, value in given.items() if value is not None}


@router.put(
    f"{ACCOUNT}/pricing",
    name="pricing:update",
    operation_id="updatePricing",
    summary="Update an account's feature prices",
    responses={200: {"model": PricingPublic}},
)
async def update_pricing(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    pricing: Annotated[PricingWrite, Body()],
) -> JSONResponse:
    """Change some prices (admins only); the others keep theirs. A reset undoes it."""
    require_admin(user, "change the account's prices")
    store.store(session, runtime.clock, customer_id, "pricing", changes_of(pricing))
    values = read(runtime, session, customer_id, "pricing")
    return present(request, customer_id, "pricing", PricingPublic, values)


@router.get(
    f"{ACCOUNT}/callcharging",
    name="callcharging:get",
    operation_id="getCallCharging",
    summary="Get how an account's calls are charged",
    responses={200: {"model": CallChargingPublic}},
    openapi_extra=relationship_key_doc(RELATIONSHIPS["callcharging"]),
)
async def get_call_charging(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, runtime: RuntimeDep
) -> JSONResponse:
    """The charging plan calls are priced by, prepaid or postpaid, the credit limit."""
    return present_charging(request, runtime, session, customer_id)


def present_charging(
    request: Request, runtime: Runtime, session: SessionDep, customer_id: int
) -> JSONResponse:
    values = read(runtime, session, customer_id, "callcharging")
    uris = uris_for(request)  # the plan is a relationship: its bare id under X-Relationship-Key
    plan = values["chargingPlan"] if uris.ids else plan_uri(uris, values["chargingPlan"])
    return present(
        request, customer_id, "callcharging", CallChargingPublic, {**values, "chargingPlan": plan}
    )


class CallChargingWrite(ApiModel):
    """PUT body: any of the fields; a left-out one keeps its value."""

    type: Literal["customercallcharging"] = Field(description="customercallcharging")
    charging_plan: StrictStr | StrictInt | None = Field(
        None, description="The URL (or id) of one of the /chargingplans"
    )
    postpaid: StrictBool | None = Field(None, description="Bill calls after the month")
    credit_limit: Money | None = Field(None, description="Postpaid credit limit, GBP")
    warning_threshold: Money | None = Field(None, description="Low-credit warning level, GBP")


@router.put(
    f"{ACCOUNT}/callcharging",
    name="callcharging:update",
    operation_id="updateCallCharging",
    summary="Update how an account's calls are charged",
    responses={200: {"model": CallChargingPublic}},
    openapi_extra=relationship_key_doc(RELATIONSHIPS["callcharging"]),
)
async def update_call_charging(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    charging: Annotated[CallChargingWrite, Body()],
) -> JSONResponse:
    """Change the plan, postpaid, the credit limit or the warning level (admins only)."""
    require_admin(user, "change how the account's calls are charged")
    changes = changes_of(charging)
    if "chargingPlan" in changes:
        plan_id = reference_id(changes["chargingPlan"], "chargingplans")
        if plan_id is None or plan_by_id(str(plan_id)) is None:
            raise invalid("chargingPlan", "must be one of the /chargingplans")
        changes["chargingPlan"] = str(plan_id)
    store.store(session, runtime.clock, customer_id, "callcharging", changes)
    return present_charging(request, runtime, session, customer_id)
