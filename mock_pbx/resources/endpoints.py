"""/customers/{c}/endpoints: extensions, virtual numbers, groups, queues, IVRs and mailboxes."""

from mock_pbx.models.endpoint import ENDPOINT_TYPES, Endpoint, EndpointPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import type_of
from mock_pbx.seeding.configuration import endpoint_rows
from mock_pbx.seeding.world import Seed

TYPE_HELP = "phone, virtual, group, queue, ivr or mailbox; any letter case"


ENDPOINTS = Resource(
    name="endpoints",
    singular="endpoint",
    plural="endpoints",
    about=(
        "Internal routing destinations (`phone`, `virtual`, `group`, `queue`, `ivr`, `mailbox`), "
        "each with a short number."
    ),
    table=Endpoint,
    public=EndpointPublic,
    links_key="endpoints",
    # By short number, as the portal lists them (the spec's example starts with IVR "001").
    order_by=("short_number", "id"),
    filters=(type_of(ENDPOINT_TYPES, TYPE_HELP),),
    aliases=("endpoint",),  # the spec's /endpoint/{id}
    seed=Seed(endpoint_rows, volume=25),
)
