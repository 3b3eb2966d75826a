"""Reset, reseed, scenarios and snapshots."""

import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from mock_pbx.admin import tags
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.domain.logins import Users
from mock_pbx.models.customer import Customer
from mock_pbx.resources import Resource
from mock_pbx.seeding import operations
from mock_pbx.seeding.identities import restore_logins
from mock_pbx.seeding.scenarios import Tables, apply_scenario, read_scenario, scenario_names
from mock_pbx.wire.errors import ErrorBody
from mock_pbx.wire.uris import MAX_ID

router = APIRouter(tags=[tags.STATE])


class SeedRequest(BaseModel):
    seed: int | None = Field(None, description="Faker seed (default: the current one)")
    scale: float | None = Field(None, gt=0, le=1000, description="volume multiplier")


def customer_ids(request: Request) -> list[int]:
    users: Users = request.app.state.users
    return sorted({c for user in users.values() for c in user.customers})


def resources(request: Request) -> tuple[Resource[Any], ...]:
    declared: tuple[Resource[Any], ...] = request.app.state.resources
    return declared


def scenario_tables(request: Request) -> Tables:
    """What a scenario's `records` may hold: every collection, and the customers."""
    return {"customers": Customer, **{r.name: r.table for r in resources(request)}}


@router.post(
    "/reset",
    name="admin:reset",
    operation_id="resetState",
    summary="Reset the data to its seeded state",
)
def reset(
    request: Request,
    runtime: RuntimeDep,
    customer: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    """Back to the seeded state; ?customer=ID resets only that customer's data."""
    started = time.perf_counter()
    operations.reset(runtime, customer)
    if customer is None:  # logins removed with their web user (DELETE ...?removeUser=true)
        restore_logins(request.app.state.users, runtime.settings)
    return {
        "reset": "customer" if customer else "all",
        "customer": customer,
        "tookMs": round((time.perf_counter() - started) * 1000, 2),
    }


@router.post(
    "/seed", name="admin:seed", operation_id="reseedData", summary="Regenerate the data from a seed"
)
def reseed(request: Request, runtime: RuntimeDep, change: SeedRequest) -> dict[str, Any]:
    """Regenerate all data from another seed and/or scale; resets return to this from now on."""
    # A sync route on purpose: FastAPI runs it in a worker thread, so seconds of seeding never
    # stop the event loop. Requests that need the database wait for it (Database.turn); the rest
    # (health, journal, faults, the inbox's page) are served meanwhile.
    if change.seed is not None:
        runtime.settings.seed = change.seed
    if change.scale is not None:
        runtime.settings.scale = change.scale
    operations.seed_fresh(runtime, resources(request), customer_ids(request))
    return {"seed": runtime.settings.seed, "scale": runtime.settings.scale}


@router.get(
    "/scenarios",
    name="admin:scenarios",
    operation_id="listScenarios",
    summary="List the shipped scenarios",
)
def list_scenarios() -> dict[str, Any]:
    """The scenario files shipped in fixtures/scenarios/."""
    return {"items": scenario_names()}


@router.post(
    "/scenarios",
    name="admin:scenario-body",
    operation_id="applyInlineScenario",
    summary="Apply a scenario given in the body",
)
async def load_scenario_body(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    scenario: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    """Apply a scenario given in the body (see README for the format)."""
    return {"applied": apply_scenario(session, runtime, scenario_tables(request), scenario)}


@router.post(
    "/scenarios/{name}",
    name="admin:scenario",
    operation_id="applyScenario",
    summary="Apply a shipped scenario",
)
async def load_scenario(
    request: Request, name: str, session: SessionDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """Apply fixtures/scenarios/{name}.json."""
    tables = scenario_tables(request)
    return {
        "scenario": name,
        "applied": apply_scenario(session, runtime, tables, read_scenario(name)),
    }


@router.get(
    "/snapshots",
    name="admin:snapshots",
    operation_id="listSnapshots",
    summary="List the saved snapshots",
)
def list_snapshots(runtime: RuntimeDep) -> dict[str, Any]:
    return {"items": sorted(runtime.snapshots)}


@router.post(
    "/snapshots/{name}",
    name="admin:snapshot-save",
    operation_id="saveSnapshot",
    summary="Save the state as a snapshot",
    status_code=201,
    responses={409: {"model": ErrorBody, "description": "Too many snapshots, or too large"}},
)
def save_snapshot(name: Annotated[str, Path(max_length=64)], runtime: RuntimeDep) -> dict[str, Any]:
    """Save the whole state (all data, and a manual clock's time) under a name."""
    operations.save_snapshot(runtime, name)
    return {"snapshot": name}


@router.post(
    "/snapshots/{name}/restore",
    name="admin:snapshot-restore",
    operation_id="restoreSnapshot",
    summary="Restore a snapshot",
)
def restore_snapshot(name: str, runtime: RuntimeDep) -> dict[str, Any]:
    """Bring a saved state back."""
    operations.restore_snapshot(runtime, name)
    return {"snapshot": name, "restored": True}


@router.delete(
    "/snapshots/{name}",
    name="admin:snapshot-delete",
    operation_id="deleteSnapshot",
    summary="Delete a snapshot",
    status_code=204,
)
def delete_snapshot(name: str, runtime: RuntimeDep) -> Response:
    operations.delete_snapshot(runtime, name)
    return Response(status_code=204)
