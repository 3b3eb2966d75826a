"""GET/POST /_admin/clock: read the clock, move it on (running what falls due) or set it."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator

from mock_pbx.admin import tags
from mock_pbx.api.dependencies import RuntimeDep
from mock_pbx.runtime.clock import OutOfRange, SystemClock, check_in_range, moved_by
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import invalid
from mock_pbx.wire.models import format_datetime

router = APIRouter(tags=[tags.TIME])
ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def duration_seconds(value: float | str) -> float:
    """Seconds from a number or an ISO 8601 duration such as PT5M or P1DT2H."""
    if isinstance(value, int | float):
        return float(value)
    match = ISO_DURATION.match(value.strip().upper())
    if not match or value.strip().upper() in ("P", "PT"):
        raise ValueError("must be seconds or an ISO 8601 duration such as PT5M")
    return sum(float(n) * UNIT_SECONDS[unit] for unit, n in match.groupdict().items() if n)


class ClockChange(BaseModel):
    advance: float | str | None = Field(None, description="seconds, or an ISO 8601 duration (PT5M)")
    set: datetime | None = Field(None, description="an ISO 8601 time to jump to")
    mode: Literal["real", "manual"] | None = Field(None, description="switch, keeping the time")

    @field_validator("advance")
    @classmethod
    def forward_only(cls, value: float | str | None) -> float | None:
        if value is None:
            return None
        seconds = duration_seconds(value)
        if not 0 <= seconds <= 10 * 365 * 86400:
            raise ValueError("must be between 0 and ten years")
        return seconds

    @field_validator("set")
    @classmethod
    def in_range(cls, value: datetime | None) -> datetime | None:
        return None if value is None else check_in_range(value)


def clock_state(runtime: Runtime, ran: int | None = None) -> dict[str, Any]:
    mode = "real" if isinstance(runtime.clock, SystemClock) else "manual"
    state: dict[str, Any] = {"now": format_datetime(runtime.clock.now()), "mode": mode}
    if ran is not None:
        state["stepsRun"] = ran
    return state


@router.get("/clock", name="admin:clock", operation_id="readClock", summary="Read the clock")
def read_clock(runtime: RuntimeDep) -> dict[str, Any]:
    """The emulator's time and whether it is real or manual."""
    runtime.tick()  # takes up a clock moved by another process, and runs what fell due
    return clock_state(runtime)


@contextmanager
def refused_out_of_range(field: str) -> Iterator[None]:
    try:
        yield
    except OutOfRange as exc:
        raise invalid(field, f"would move the clock out of its range: {exc}") from None


@router.post(
    "/clock",
    name="admin:clock-change",
    operation_id="changeClock",
    summary="Advance, set or switch the clock",
)
def change_clock(change: ClockChange, runtime: RuntimeDep) -> dict[str, Any]:
    """Advance (a real clock gains an offset) or set the time; every step that falls due runs."""
    if change.advance is None and change.set is None and change.mode is None:
        raise invalid("advance", "give advance (seconds or PT5M), set (an ISO time) or mode")
    with refused_out_of_range("advance" if change.advance else "mode"):
        # Refused before anything moves. The clock checks again as it moves: another process
        # sharing the database may have moved it since, or real time the real clock past the end.
        moved_by(change.set or runtime.clock.now(), float(change.advance or 0))
        if change.mode is not None:
            runtime.set_mode(change.mode)
        if change.set is not None:
            runtime.set_time(change.set)
        ran = runtime.tick()
        if change.advance:
            ran += runtime.advance(float(change.advance))
    return clock_state(runtime, ran)
