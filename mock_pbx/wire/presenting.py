"""A resource's representation, built from its public model once: which value each field takes
(a column, the id, its URIs, a fixed type, an extra field), how it is written, and that unset
fields are left out. Rows come from the fast path's plain SQL (dates as SQLite stores them,
booleans as 0/1, JSON as text) or from the ORM (datetimes, booleans, lists): both give the bytes
pydantic would (tests/test_presenting.py holds the two to that, row by row)."""

import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mock_pbx.wire.models import format_datetime
from mock_pbx.wire.uris import Uris

Present = Callable[[Any, Uris], dict[str, Any]]
Convert = Callable[[Any], Any]


def wire_date(value: datetime | str) -> str:
    """A stored time as the spec writes it. SQLite keeps 2014-03-10 13:37:00.000000 (UTC)."""
    if isinstance(value, str):
        return f"{value[:10]}T{value[11:19]}.{value[20:23] or '000'}+0000"
    return format_datetime(value)


def plain(value: Any) -> Any:
    return value


def optional_inner(annotation: Any) -> Any:
    """X for `X | None`; the annotation itself otherwise."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return inner[0] if len(inner) == 1 else annotation
    return annotation


def converter(info: FieldInfo) -> Convert:
    """How a field's value is written, by its annotation (as pydantic's JSON dump would)."""
    annotation = optional_inner(info.annotation)
    # An optional date keeps its serializer inside the union: Annotated[datetime, ...] | None.
    metadata = (*info.metadata, *typing.get_args(annotation)[1:])
    if any(getattr(meta, "func", None) is format_datetime for meta in metadata):
        return wire_date
    if annotation is bool:
        return bool
    if annotation is float:
        return float
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return nested_list(item)
    return plain


def nested_list(model: type[BaseModel]) -> Convert:
    """A list of a model's dumps (a JSON column: stored as text, or already parsed)."""
    fields = [
        (name, info.alias or name, converter(info)) for name, info in model.model_fields.items()
    ]

    def convert(value: Any) -> list[dict[str, Any]]:
        items = json.loads(value) if isinstance(value, str) else value
        return [dump_item(item, fields) for item in items]

    return convert


def dump_item(item: Mapping[str, Any], fields: list[tuple[str, str, Convert]]) -> dict[str, Any]:
    out = {}
    for name, alias, convert in fields:
        value = item.get(alias, item.get(name))
        if value is not None:
            out[alias] = convert(value)
    return out


def value_source(index: int, name: str, info: FieldInfo, columns: set[str], collection: str) -> str:
    """Where a field's value comes from, for one row: a Python expression over row, uris, extras
    and the field's default (named default{index})."""
    if name == "id":
        return "str(row.id)"
    if name == "uri":
        return f"uris.item(row.customer_id, {collection!r}, row.id)"
    if name == "parent":
        return "uris.customer(row.customer_id)"
    if name in columns:
        return f"row.{name}"
    return f"extras.get({(info.alias or name)!r}, default{index})"  # an extra field, or `type`


def presenter(
    public: type[BaseModel],
    columns: set[str],
    collection: str,
    extra: Callable[[Any, Uris], dict[str, Any]] | None,
) -> Present:
    """row, uris -> the representation, in the public model's field order, unset fields left out.

    Made as the source of one straight-line function per model (as dataclasses make __init__):
    it runs for every row of every list, and a loop over a plan of callables took 1.6 times as
    long (65 µs a page of 20 calls, against 40 µs). Only the model's field names and aliases go
    into the source; its defaults and converters are passed in by name."""
    lines = [
        "def present(row, uris):",
        "    extras = extra(row, uris) if extra else {}",
        "    out = {}",
    ]
    names: dict[str, Any] = {"extra": extra}
    for index, (name, info) in enumerate(public.model_fields.items()):
        convert = converter(info)
        names[f"convert{index}"] = convert
        names[f"default{index}"] = None if info.is_required() else info.default
        write = "value" if convert is plain else f"convert{index}(value)"
        lines += [
            f"    value = {value_source(index, name, info, columns, collection)}",
            "    if value is not None:",
            f"        out[{(info.alias or name)!r}] = {write}",
        ]
    lines.append("    return out")
    exec("\n".join(lines), names)
    present: Present = names["present"]
    return present
