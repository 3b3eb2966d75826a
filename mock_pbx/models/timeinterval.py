"""Time intervals: named sets of weekly or yearly time blocks."""

from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiModel


class TimeIntervalFields(BaseModel):
    name: str
    repeat: str  # WEEKLY or YEARLY


class TimeBlock(ApiModel):
    start_time: str
    end_time: str
    include_days: str


class TimeInterval(TimeIntervalFields, CustomerOwned, table=True):
    # Stored as the JSON the API shows (camelCase keys), typed by TimeBlock in the public model.
    data: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class TimeIntervalPublic(TimeIntervalFields, OwnedPublic):
    type: str = "timeinterval"
    data: list[TimeBlock]
