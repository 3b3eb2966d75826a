"""Query-string filters shared by the list routes: dates, enums and booleans, each 400 on bad input."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from mock_pbx.errors import invalid


def parse_instant(field: str, value: str) -> datetime:
    """Any ISO 8601 form (Z, +00:00, +0000, with or without milliseconds); naive means UTC."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
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


def date_range(
    column: Any, field_after: str, after: str | None, field_before: str, before: str | None
) -> list[Any]:
    """Inclusive bounds on a datetime column, as the real API's createdAfter/createdBefore."""
    clauses = []
    if after is not None:
        clauses.append(column >= parse_instant(field_after, after))
    if before is not None:
        clauses.append(column <= parse_instant(field_before, before))
    return clauses
