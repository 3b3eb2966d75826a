"""Query-string values: dates, enums and booleans as the real API accepts them, 400 otherwise."""

from collections.abc import Iterable
from datetime import UTC, datetime

from mock_pbx.wire.errors import invalid


def parse_instant(field: str, value: str) -> datetime:
    """Any ISO 8601 form (Z, +00:00, +0000, with or without milliseconds); naive means UTC."""
    text = value.strip().upper().replace(":60", ":59")  # RFC 3339 allows t, z and leap seconds
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise invalid(field, f"'{value}' is not an ISO 8601 date/time") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_choice(field: str, value: str, choices: Iterable[str]) -> str:
    """Case-insensitive match against the allowed values; returns the value as the API spells it."""
    for choice in choices:
        if choice.lower() == value.strip().lower():
            return choice
    allowed = "/".join(choices)
    raise invalid(field, f"'{value}' is not one of {allowed}")


def parse_bool(field: str, value: str) -> bool:
    return parse_choice(field, value, ("true", "false")) == "true"
