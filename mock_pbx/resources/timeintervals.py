"""/customers/{c}/timeintervals: named sets of weekly or yearly time blocks."""

from mock_pbx.models.timeinterval import TimeInterval, TimeIntervalPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import interval_rows
from mock_pbx.seeding.world import Seed

TIMEINTERVALS = Resource(
    name="timeintervals",
    singular="time interval",
    plural="time intervals",
    about=(
        "Named sets of weekly or yearly time blocks (`timeinterval`), used by the routing rules "
        "of phone numbers."
    ),
    table=TimeInterval,
    public=TimeIntervalPublic,
    links_key="timeIntervals",
    seed=Seed(interval_rows, volume=12),
)
