"""/customers/{c}/recordings: recorded calls, matched to their calls by callId and linkedId."""

from typing import Any

from mock_pbx.models.recording import Recording, RecordingPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import Exact, LocalCalls, date_window, direction
from mock_pbx.seeding.history import recording_rows
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import Uris


def recording_endpoint(row: Any, uris: Uris) -> dict[str, Any]:
    return {"endpoint": uris.reference(row.customer_id, "endpoints", row.endpoint_id)}


RECORDINGS = Resource(
    name="recordings",
    singular="recording",
    plural="recordings",
    about=(
        "Recorded calls (`recording`), matched to their calls by `callId` and `linkedId`; each is"
        " also served as WAV."
    ),
    table=Recording,
    public=RecordingPublic,
    links_key="recordings",
    extra_fields=recording_endpoint,
    order_by=("-id",),
    filters=(
        *date_window(created="created", started="started"),
        Exact("callId", column="call_id"),
        Exact("linkedId", column="linked_id"),
        direction(),
        # A lookup by call (a call's links.recordings) finds its recordings, local or not.
        LocalCalls(unless=("callId", "linkedId")),
    ),
    audio_size=lambda row: row.size,
    # One per answered call of an endpoint that records: the call generator makes them.
    seed=Seed(recording_rows, volume=0, needs=("calls",), history=True),
)
