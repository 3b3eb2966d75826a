"""Faults, latency and the rate limit: making the API misbehave on purpose."""

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import Field, field_validator, model_validator

from mock_pbx.admin import tags
from mock_pbx.admin.bodies import AdminBody, flag_old_names
from mock_pbx.api.dependencies import RuntimeDep
from mock_pbx.runtime.faults import Delay
from mock_pbx.wire.errors import NotFound

router = APIRouter(tags=[tags.FAULTS])
BODILESS_STATUSES = {204, 205, 304}  # no body allowed (nor in a 1xx, below status's minimum)


class FaultRule(AdminBody):
    path: str = Field(
        "*", max_length=500, description="glob over the path: /api/v1/customers/*/sms*"
    )
    method: str = Field("*", pattern="^(\\*|[A-Za-z]+)$")
    status: int | None = Field(
        None, ge=200, le=599, description="answer with this status (not 204, 205 or 304)"
    )
    body: Any = Field(None, description="JSON body of that answer (default: the usual error body)")
    delay_ms: float = Field(0, ge=0, le=120_000)
    times: int | None = Field(
        None, ge=1, description="for the next N matching requests (default: until removed)"
    )
    probability: float = Field(1.0, ge=0, le=1)
    seed: int | None = Field(None, description="seeds the probability draw, for repeatable runs")

    @field_validator("status")
    @classmethod
    def can_carry_a_body(cls, status: int | None) -> int | None:
        # A fault answers with a JSON body: sent with one of these, it breaks the connection.
        if status in BODILESS_STATUSES:
            raise ValueError(f"a {status} cannot carry a body: give 200-599 but 204, 205, 304")
        return status

    @field_validator("body")
    @classmethod
    def is_json(cls, body: Any) -> Any:
        """Python's parser takes NaN and Infinity; the answer's JSON cannot carry them."""
        try:
            json.dumps(body, allow_nan=False)
        except ValueError:
            raise ValueError("NaN and Infinity are not JSON numbers") from None
        return body

    @model_validator(mode="after")
    def has_an_effect(self) -> "FaultRule":
        if self.status is None and not self.delay_ms:
            raise ValueError("a fault needs a status or a delayMs")
        return self


class LatencyRange(AdminBody):
    min_ms: float = Field(ge=0, le=120_000)
    max_ms: float | None = Field(
        None, ge=0, le=120_000, description="default: minMs (a fixed delay)"
    )
    path: str = Field("*", max_length=500)
    method: str = Field("*", pattern="^(\\*|[A-Za-z]+)$")

    def delay(self) -> Delay:
        high = self.min_ms if self.max_ms is None else max(self.min_ms, self.max_ms)
        return Delay(self.min_ms, high, self.path, self.method.upper())


class LatencySetting(AdminBody):
    all: LatencyRange | None = Field(None, description="every API request")
    routes: list[LatencyRange] = Field(
        default_factory=list, description="the first match wins over `all`"
    )


class RateLimitSetting(AdminBody):
    limit: int | None = Field(
        None, ge=1, description="requests per user per window; null: never refuse"
    )
    window_seconds: float = Field(3600, gt=0, le=86_400)


@router.post(
    "/faults",
    name="admin:faults-add",
    operation_id="addFault",
    summary="Add a fault rule",
    status_code=201,
)
def add_fault(rule: FaultRule, runtime: RuntimeDep, response: Response) -> dict[str, Any]:
    """Add a fault rule; the first matching rule fires."""
    flag_old_names(rule, response)
    return runtime.faults.add(**rule.model_dump()).view()


@router.get(
    "/faults", name="admin:faults", operation_id="listFaults", summary="List the fault rules"
)
def list_faults(runtime: RuntimeDep) -> dict[str, Any]:
    return {"items": [rule.view() for rule in runtime.faults.rules]}


@router.delete(
    "/faults",
    name="admin:faults-clear",
    operation_id="clearFaults",
    summary="Remove every fault rule",
    status_code=204,
)
def clear_faults(runtime: RuntimeDep) -> Response:
    """Remove every fault rule (latency stays)."""
    with runtime.faults.lock:
        runtime.faults.rules = []
    return Response(status_code=204)


@router.delete(
    "/faults/{rule_id}",
    name="admin:fault-remove",
    operation_id="removeFault",
    summary="Remove a fault rule",
    status_code=204,
)
def remove_fault(rule_id: int, runtime: RuntimeDep) -> Response:
    if not runtime.faults.remove(rule_id):
        raise NotFound("No such fault rule")
    return Response(status_code=204)


@router.get(
    "/latency",
    name="admin:latency",
    operation_id="readLatency",
    summary="Read the latency settings",
)
def read_latency(runtime: RuntimeDep) -> dict[str, Any]:
    faults = runtime.faults
    return {
        "all": faults.latency.view() if faults.latency else None,
        "routes": [d.view() for d in faults.route_latency],
    }


@router.put(
    "/latency",
    name="admin:latency-set",
    operation_id="setLatency",
    summary="Delay the API's answers",
)
def set_latency(setting: LatencySetting, runtime: RuntimeDep, response: Response) -> dict[str, Any]:
    """Delay API answers: fixed (minMs only) or uniform between minMs and maxMs."""
    flag_old_names(setting, response)
    with runtime.faults.lock:
        runtime.faults.latency = setting.all.delay() if setting.all else None
        runtime.faults.route_latency = [r.delay() for r in setting.routes]
    return read_latency(runtime)


@router.delete(
    "/latency",
    name="admin:latency-clear",
    operation_id="clearLatency",
    summary="Remove every delay",
    status_code=204,
)
def clear_latency(runtime: RuntimeDep) -> Response:
    with runtime.faults.lock:
        runtime.faults.latency, runtime.faults.route_latency = None, []
    return Response(status_code=204)


@router.get(
    "/ratelimit",
    name="admin:ratelimit",
    operation_id="readRateLimit",
    summary="Read the rate limit",
)
def read_rate_limit(runtime: RuntimeDep) -> dict[str, Any]:
    return runtime.ratelimit.view()


@router.put(
    "/ratelimit",
    name="admin:ratelimit-set",
    operation_id="setRateLimit",
    summary="Turn the rate limit on or off",
)
def set_rate_limit(
    setting: RateLimitSetting, runtime: RuntimeDep, response: Response
) -> dict[str, Any]:
    """Turn 429s on (a limit) or off (null); windows start afresh."""
    flag_old_names(setting, response)
    runtime.ratelimit.limit, runtime.ratelimit.window_seconds = (
        setting.limit,
        setting.window_seconds,
    )
    runtime.ratelimit.reset()
    return read_rate_limit(runtime)
