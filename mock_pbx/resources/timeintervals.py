"""/customers/{c}/timeintervals: named sets of weekly or yearly time blocks."""

from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from mock_pbx.envelope import ApiModel
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    collection_router,
    present_plain,
)


class TimeInterval(CustomerOwned, table=True):
    name: str
    repeat: str  # WEEKLY or YEARLY
    data: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class TimeBlock(ApiModel):
    start_time: str
    end_time: str
    include_days: str


class TimeIntervalPublic(OwnedPublic):
    type: str = "timeinterval"
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
