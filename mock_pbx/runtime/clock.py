"""The one source of "now": every timestamp in the app comes from a Clock, and a Clock stays
between CLOCK_EARLIEST and CLOCK_LATEST (declared with the settings, which check the start)."""

import math
from datetime import UTC, datetime, timedelta
from typing import Protocol

from mock_pbx.settings import CLOCK_EARLIEST, CLOCK_LATEST, CLOCK_RANGE

DEFAULT_MANUAL_START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
RANGE_SECONDS = (CLOCK_LATEST - CLOCK_EARLIEST).total_seconds()


class OutOfRange(ValueError):
    """A time the emulator's clock may not show (a ValueError: pydantic validators report it)."""

    def __init__(self) -> None:
        super().__init__(f"the clock runs {CLOCK_RANGE}")


class Clock(Protocol):
    def now(self) -> datetime: ...

    def advance(self, seconds: float) -> None: ...

    def set(self, when: datetime) -> None: ...


class SystemClock:
    """Real time, optionally shifted forward: advancing a real clock adds an offset."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        moved_by(self.now(), seconds)
        self.offset += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        self.offset = check_in_range(when) - datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = DEFAULT_MANUAL_START) -> None:
        self.current = check_in_range(start)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current = moved_by(self.current, seconds)

    def set(self, when: datetime) -> None:
        self.current = check_in_range(when)


def check_in_range(moment: datetime) -> datetime:
    """`moment` in UTC if the clock may show it, else OutOfRange. Naive means UTC. Compared before
    it is converted: 0001-01-01T00:00:00+01:00 has no UTC time in datetime's years."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if not CLOCK_EARLIEST <= aware <= CLOCK_LATEST:
        raise OutOfRange
    return aware.astimezone(UTC)


def moved_by(moment: datetime, seconds: float) -> datetime:
    """`moment` plus `seconds` (either way), if the clock may show it; NaN, infinities and spans
    longer than the range never reach timedelta, which would overflow."""
    if not (math.isfinite(seconds) and abs(seconds) <= RANGE_SECONDS):
        raise OutOfRange
    return check_in_range(moment + timedelta(seconds=seconds))


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, as the real API does for filters without an offset."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def clock_from(mode: str, start: datetime | None) -> Clock:
    if mode == "manual":
        return ManualClock(start or DEFAULT_MANUAL_START)
    return SystemClock()
