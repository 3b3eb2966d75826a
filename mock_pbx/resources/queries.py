"""Query-string filters shared by the list routes: documented parameters (FastAPI dependencies)
that become WHERE clauses; bad values are 400s (mock_pbx.wire.query)."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import ColumnElement, and_, not_
from sqlmodel import col

from mock_pbx.models.call import CALL_DIRECTIONS, Call
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.recording import Recording
from mock_pbx.models.sound import Sound
from mock_pbx.wire.query import parse_bool, parse_choice, parse_instant

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


def local_clause(table: type[Call | Recording], include_local: str | None) -> ColumnElement[bool]:
    """Local calls appear only with includeLocal=true, and then only their outbound record."""
    call_type, direction = col(table.call_type), col(table.direction)
    if include_local is not None and parse_bool("includeLocal", include_local):
        return not_(and_(call_type == "local", direction == "IN"))
    return call_type != "local"


def direction_clause(
    table: type[Call | Recording], direction: str | None
) -> list[ColumnElement[bool]]:
    if direction is None:
        return []
    return [col(table.direction) == parse_choice("direction", direction, CALL_DIRECTIONS)]


def type_clause(
    table: type[Endpoint | Sound], value: str | None, types: Iterable[str]
) -> list[ColumnElement[bool]]:
    """?type= of endpoints and sounds: one of their types, in any letter case."""
    if value is None:
        return []
    return [col(table.type) == parse_choice("type", value, types)]
