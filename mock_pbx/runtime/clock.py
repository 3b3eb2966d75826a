"""The one source of "now": every timestamp in the app comes from a Clock."""

from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_MANUAL_START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


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
        self.offset += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        self.offset = as_utc(when) - datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = DEFAULT_MANUAL_START) -> None:
        self.current = as_utc(start)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        self.current = as_utc(when)


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, as the real API does for filters without an offset."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def clock_from(mode: str, start: datetime | None) -> Clock:
    if mode == "manual":
        return ManualClock(start or DEFAULT_MANUAL_START)
    return SystemClock()
