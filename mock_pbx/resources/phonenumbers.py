"""/customers/{c}/phonenumbers: the customer's public numbers (DIDs), where they route, and the
webhook their inbound SMS are POSTed to (updating one: mock_pbx.api.phonenumbers)."""

from typing import Any

from mock_pbx.models.numbers import PhoneNumber, PhoneNumberPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import number_rows
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import Uris


def number_destination(row: Any, uris: Uris) -> dict[str, Any]:
    if row.destination_id is None:
        return {}
    return {"destination": uris.reference(row.customer_id, "endpoints", row.destination_id)}


PHONENUMBERS = Resource(
    name="phonenumbers",
    singular="phone number",
    plural="phone numbers",
    about=(
        "The account's public numbers (`did`): where each routes, and the webhook its inbound SMS"
        " are POSTed to."
    ),
    table=PhoneNumber,
    public=PhoneNumberPublic,
    links_key="phoneNumbers",
    extra_fields=number_destination,
    seed=Seed(number_rows, volume=15),
)
