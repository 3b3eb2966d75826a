"""Query-string filters shared by the list routes: dates, enums and booleans, each 400 on bad input."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Query

from mock_pbx.errors import invalid


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


DATE_HELP = "ISO 8601 date/time, inclusive"


def choice_query(values: Iterable[str], description: str, alias: str | None = None) -> Any:
    """A query parameter documented with its values (any letter case is accepted beyond them)."""
    return Query(alias=alias, description=description, json_schema_extra={"enum": list(values)})


def date_query(alias: str) -> Any:
    return Query(alias=alias, description=DATE_HELP, json_schema_extra={"format": "date-time"})


BOOLEAN_QUERY = choice_query(("true", "false"), "true or false", alias="includeLocal")
DIRECTION_QUERY = choice_query(("in", "out", "IN", "OUT"), "in or out")


@dataclass(frozen=True)
class DateWindow:
    """The createdAfter/createdBefore/startedAfter/startedBefore filters of calls and recordings."""

    created_after: str | None
    created_before: str | None
    started_after: str | None
    started_before: str | None

    def clauses(self, created: Any, started: Any) -> list[Any]:
        """Inclusive bounds, as the real API's filters are."""
        bounds = (
            (created, operator.ge, "createdAfter", self.created_after),
            (created, operator.le, "createdBefore", self.created_before),
            (started, operator.ge, "startedAfter", self.started_after),
            (started, operator.le, "startedBefore", self.started_before),
        )
        return [
            compare(column, parse_instant(field, value))
            for column, compare, field, value in bounds
            if value is not None
        ]


async def date_window(
    created_after: Annotated[str | None, date_query("createdAfter")] = None,
    created_before: Annotated[str | None, date_query("createdBefore")] = None,
    started_after: Annotated[str | None, date_query("startedAfter")] = None,
    started_before: Annotated[str | None, date_query("startedBefore")] = None,
) -> DateWindow:
    return DateWindow(created_after, created_before, started_after, started_before)


DateWindowDep = Annotated[DateWindow, Depends(date_window)]
