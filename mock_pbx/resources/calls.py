"""/customers/{c}/calls: the call history, with every documented filter (originating a call:
mock_pbx.api.calls)."""

from typing import Any

from mock_pbx.models.call import Call, CallPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import Exact, IdEquals, LocalCalls, date_window, direction
from mock_pbx.seeding.history import call_rows
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import Uris


def call_links(row: Any, uris: Uris) -> dict[str, Any]:
    recordings = uris.collection(row.customer_id, "recordings") + f"?linkedId={row.linked_id}"
    return {"links": {"recordings": recordings}}


CALLS = Resource(
    name="calls",
    singular="call",
    plural="calls",
    about=(
        "The call history (`call`, one record per leg, legs sharing a `linkedId`), and click-to-"
        "dial: originate a call from an endpoint."
    ),
    table=Call,
    public=CallPublic,
    links_key="calls",
    extra_fields=call_links,
    order_by=("-id",),
    filters=(
        *date_window(created="created", started="call_started"),
        Exact("from", "exact match", column="sender"),
        Exact("to", "exact match", column="to"),
        direction(),
        LocalCalls(),
        IdEquals("endpointId", column="endpoint_id"),
    ),
    # 400 for customer 25, around the spec's example call.
    seed=Seed(call_rows, volume=400, needs=("phonenumbers",), history=True),
)
