"""camelCase models and the spec's date format: how every representation looks on the wire."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer
from pydantic.alias_generators import to_camel

# Python names that cannot be the wire's: `from` is a keyword, so tables and models say `sender`.
WIRE_NAMES = {"sender": "from"}
FIELD_NAMES = {wire: field for field, wire in WIRE_NAMES.items()}


def wire_name(field: str) -> str:
    """A Python field name as the API spells it: call_started -> callStarted, sender -> from."""
    return WIRE_NAMES.get(field) or to_camel(field)


def format_datetime(moment: datetime) -> str:
    """The spec's date format: 2014-03-10T13:37:00.000+0000 (milliseconds, offset without a colon)."""
    m = moment.astimezone(UTC) if moment.tzinfo else moment
    # Formatted by hand, not strftime: twice as fast, and every listed record has two dates.
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond // 1000:03d}+0000"
    )


ApiDateTime = Annotated[
    datetime, PlainSerializer(format_datetime, return_type=str, when_used="json")
]


class ApiModel(BaseModel):
    """Base of every public representation: camelCase on the wire, built from table rows."""

    model_config = ConfigDict(
        alias_generator=wire_name, populate_by_name=True, from_attributes=True
    )
