"""/customers/{c}/endpoints: extensions, virtual numbers, groups, queues, IVRs and mailboxes."""

from typing import Annotated, Any

from sqlmodel import col

from mock_pbx.models.endpoint import ENDPOINT_TYPES, Endpoint, EndpointPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import choice_query, type_clause
from mock_pbx.seeding.configuration import endpoint_rows
from mock_pbx.seeding.world import Seed

TYPE_HELP = "phone, virtual, group, queue, ivr or mailbox; any letter case"


async def endpoint_filters(
    type: Annotated[str | None, choice_query(ENDPOINT_TYPES, TYPE_HELP)] = None,
) -> list[Any]:
    return type_clause(Endpoint, type, ENDPOINT_TYPES)


ENDPOINTS = Resource(
    name="endpoints",
    table=Endpoint,
    public=EndpointPublic,
    links_key="endpoints",
    # By short number, as the portal lists them (the spec's example starts with IVR "001").
    order_by=(col(Endpoint.short_number), col(Endpoint.id)),
    filters=endpoint_filters,
    aliases=("endpoint",),  # the spec's /endpoint/{id}
    seed=Seed(endpoint_rows, volume=25),
)
