"""The query-string filters of the list routes, declared as data: each knows its parameter (and how
the OpenAPI document shows it), the value it takes, and the SQL it adds to the list's WHERE. Both
fronts use them: the documented FastAPI route (through `dependency`) and the fast path."""

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Query

from mock_pbx.models.call import CALL_DIRECTIONS
from mock_pbx.wire.query import parse_bool, parse_choice, parse_instant
from mock_pbx.wire.uris import MAX_ID

DATE_HELP = "ISO 8601 date/time, inclusive"
Where = tuple[str, dict[str, Any]]  # an SQL condition with :named parameters, and their values


@dataclass(frozen=True)
class Filter:
    """One query parameter of a list."""

    param: str  # as the query string names it
    description: str = ""

    def query(self) -> Any:
        """How FastAPI reads and documents it."""
        return Query(None, alias=self.param, description=self.description)

    annotation: Any = field(default=str | None, init=False)

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        """Its SQL for this value (None: nothing to add); a bad value is a 400 naming it."""
        raise NotImplementedError


@dataclass(frozen=True)
class Exact(Filter):
    column: str = ""

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        return None if value is None else (f'"{self.column}" = :{key}', {key: value})


@dataclass(frozen=True)
class Choice(Filter):
    """One of a few values, in any letter case; the column holds it as the API spells it."""

    column: str = ""
    choices: tuple[str, ...] = ()
    documented: tuple[str, ...] = ()  # the values the document lists (default: the choices)

    def query(self) -> Any:
        values = list(self.documented or self.choices)
        return Query(
            None, alias=self.param, description=self.description, json_schema_extra={"enum": values}
        )

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        if value is None:
            return None
        return f'"{self.column}" = :{key}', {key: parse_choice(self.param, value, self.choices)}


@dataclass(frozen=True)
class Bound(Filter):
    """A date the column's time is at or after (>=), or at or before (<=): inclusive."""

    column: str = ""
    op: str = ">="
    description: str = DATE_HELP

    def query(self) -> Any:
        extra = {"format": "date-time"}
        return Query(None, alias=self.param, description=self.description, json_schema_extra=extra)

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        if value is None:
            return None
        return f'"{self.column}" {self.op} :{key}', {key: parse_instant(self.param, value)}


@dataclass(frozen=True)
class IdEquals(Filter):
    """An id: a whole number the databases can hold (FastAPI checks it)."""

    column: str = ""
    annotation: Any = field(default=int | None, init=False)

    def query(self) -> Any:
        return Query(None, alias=self.param, ge=0, le=MAX_ID)

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        return None if value is None else (f'"{self.column}" = :{key}', {key: int(value)})


@dataclass(frozen=True)
class LocalCalls(Filter):
    """Local calls (endpoint to endpoint) appear only with includeLocal=true, and then only their
    outbound record; a lookup by any of `unless` (a call's links.recordings) finds them anyway."""

    param: str = "includeLocal"
    description: str = "true or false"
    unless: tuple[str, ...] = ()

    def query(self) -> Any:
        extra = {"enum": ["true", "false"]}
        return Query(None, alias=self.param, description=self.description, json_schema_extra=extra)

    def where(self, value: Any, values: Mapping[str, Any], key: str) -> Where | None:
        if any(values.get(name) is not None for name in self.unless):
            return None
        if value is not None and parse_bool(self.param, value):
            return "NOT (\"call_type\" = 'local' AND \"direction\" = 'IN')", {}
        return "\"call_type\" != 'local'", {}


def date_window(created: str, started: str) -> tuple[Filter, ...]:
    """createdAfter, createdBefore, startedAfter, startedBefore, in the order they are checked."""
    return (
        Bound("createdAfter", column=created, op=">="),
        Bound("createdBefore", column=created, op="<="),
        Bound("startedAfter", column=started, op=">="),
        Bound("startedBefore", column=started, op="<="),
    )


def direction() -> Choice:
    """Documented in the spec's lower case (an enum with both cases breaks client generators);
    IN and OUT, as records spell it, are accepted as well."""
    return Choice(
        "direction",
        "in or out (any letter case)",
        column="direction",
        choices=CALL_DIRECTIONS,
        documented=("in", "out"),
    )


def type_of(choices: tuple[str, ...], description: str) -> Choice:
    """?type= of endpoints and sounds."""
    return Choice("type", description, column="type", choices=choices)


def where_all(filters: Sequence[Filter], values: Mapping[str, Any]) -> list[Where]:
    """The WHERE conditions of a list, in the filters' order (the first bad value is the 400)."""
    parts = [f.where(values.get(f.param), values, f"f{i}") for i, f in enumerate(filters)]
    return [part for part in parts if part is not None]


def dependency(filters: Sequence[Filter]) -> Any:
    """A FastAPI dependency that reads (and documents) the filters' parameters into a mapping of
    parameter to value, for where_all."""

    async def read(**values: Any) -> dict[str, Any]:
        return {f.param: values[f"f{i}"] for i, f in enumerate(filters)}

    parameters = [
        inspect.Parameter(
            f"f{i}", inspect.Parameter.KEYWORD_ONLY, default=f.query(), annotation=f.annotation
        )
        for i, f in enumerate(filters)
    ]
    read.__signature__ = inspect.Signature(parameters, return_annotation=dict[str, Any])  # type: ignore[attr-defined]  # FastAPI reads the parameters from it
    return read
