"""Query-string values: dates, enums and booleans as the real API accepts them, 400 otherwise."""

from collections.abc import Iterable
from datetime import UTC, datetime

from mock_pbx.wire.errors import invalid


def parse_instant(field: str, value: object) -> datetime:
    """Any ISO 8601 form (Z, +00:00, +0000, with or without milliseconds); naive means UTC. Not
    only query strings: fixtures and scenarios pass whatever JSON value they read."""
    if not isinstance(value, str):
        raise invalid(field, f"{value!r} is not an ISO 8601 date/time (a string)")
    text = value.strip().upper().replace(":60", ":59")  # RFC 3339 allows t, z and leap seconds
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise invalid(field, f"'{value}' is not an ISO 8601 date/time") from None
    return in_utc(field, value, moment)


def in_utc(field: str, value: str, moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 falls in year 0 in UTC
        message = f"'{value}' is out of range: in UTC it falls outside the years 1 to 9999"
        raise invalid(field, message) from None


def parse_choice(field: str, value: str, choices: Iterable[str]) -> str:
    """Case-insensitive match against the allowed values; returns the value as the API spells it."""
    for choice in choices:
        if choice.lower() == value.strip().lower():
            return choice
    allowed = "/".join(choices)
    raise invalid(field, f"'{value}' is not one of {allowed}")


def parse_bool(field: str, value: str) -> bool:
    return parse_choice(field, value, ("true", "false")) == "true"
