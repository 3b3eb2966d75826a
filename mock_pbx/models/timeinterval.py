"""Time intervals: named sets of weekly or yearly time blocks."""

from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiModel


class TimeIntervalFields(BaseModel):
    name: str = Field(description="The interval's name, e.g. Office hours")
    repeat: str = Field(description="WEEKLY or YEARLY")


class TimeBlock(ApiModel):
    start_time: str = Field(description="Start time of day, hh:mm (24-hour)")
    end_time: str = Field(description="End time of day, hh:mm (24-hour)")
    include_days: str = Field(description="The days it covers, e.g. MON-FRI")


class TimeInterval(TimeIntervalFields, CustomerOwned, table=True):
    # Stored as the JSON the API shows (camelCase keys), typed by TimeBlock in the public model.
    data: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class TimeIntervalPublic(TimeIntervalFields, OwnedPublic):
    type: str = Field("timeinterval", description="timeinterval")
    data: list[TimeBlock] = Field(description="The time blocks the interval is made of")
