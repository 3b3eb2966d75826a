"""/customers/{c}/timeintervals: named sets of weekly or yearly time blocks."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.resources.base import Collection, collection_router, present_plain


class TimeInterval(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    name: str
    repeat: str  # WEEKLY or YEARLY
    data: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class TimeBlock(ApiModel):
    start_time: str
    end_time: str
    include_days: str


class TimeIntervalPublic(ApiModel):
    type: str = "timeinterval"
    id: str
    uri: str
    parent: str
    created: ApiDateTime
    name: str
    repeat: str
    data: list[TimeBlock]


TIMEINTERVALS = Collection(
    name="timeintervals",
    table=TimeInterval,
    public=TimeIntervalPublic,
    present=present_plain("timeintervals", TimeIntervalPublic),
    order_by=(TimeInterval.id,),
)

router = collection_router(TIMEINTERVALS)
