"""/customers/{c}/endpoints: extensions, virtual numbers, groups, queues, IVRs, mailboxes and
trunks (writing them: mock_pbx.api.endpoints)."""

import json
from typing import Any

from mock_pbx.models.endpoint import ENDPOINT_TYPES, Endpoint, EndpointPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import type_of
from mock_pbx.seeding.configuration import endpoint_rows
from mock_pbx.seeding.routing import relate_endpoints
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.uris import Uris

TYPE_HELP = "phone, virtual, group, queue, ivr, mailbox or trunk; any letter case"
# The single relationship columns: (column, wire field, the collection it names).
REFERENCES = (
    ("caller_id_ref", "defaultCallerId", "outgoingcallerids"),
    ("failover_ref", "failoverDestination", "endpoints"),
    ("entry_sound_ref", "entrySound", "sounds"),
    ("timeout_destination_ref", "timeoutDestination", "endpoints"),
    ("keypress_destination_ref", "keypressDestination", "endpoints"),
)
# The ids inside an IVR action, by wire key: the collection each names.
ACTION_REFERENCES = {"destination": "endpoints", "sound": "sounds", "playSound": "sounds"}
# An endpoint's sub-resources, by type: (links key, path).
LINKS = {
    "phone": (("sip", "sip"), ("forwardingRules", "forwardingrules"), ("status", "phonestatus")),
    "trunk": (("sip", "sip"), ("forwardingRules", "forwardingrules")),
    "queue": (
        ("entries", "queueentries"),
        ("memberships", "queuememberships"),
        ("status", "queuestatus"),
    ),
}


def stored(value: Any) -> Any:
    """A JSON column's value: parsed by the ORM, text from the lean path's plain SQL."""
    return json.loads(value) if isinstance(value, str) else value


def present_action(action: dict[str, Any], customer_id: int, uris: Uris) -> dict[str, Any]:
    """An IVR action as the API shows it: its sound and endpoint ids as URIs (or ids)."""
    shown = dict(action)
    for key, collection in ACTION_REFERENCES.items():
        if shown.get(key) is not None:
            shown[key] = uris.reference(customer_id, collection, shown[key])
    return shown


def endpoint_extras(row: Any, uris: Uris) -> dict[str, Any]:
    """The fields that are not columns: relationships as URIs (or ids), the voicemail settings,
    the IVR's menu, and the links to the sub-resources the endpoint's type has."""
    customer = row.customer_id
    out: dict[str, Any] = {}
    for column, field, collection in REFERENCES:
        value = getattr(row, column)
        if value is not None:
            out[field] = uris.reference(customer, collection, value)
    for column, field, collection in (
        ("member_refs", "members", "endpoints"),
        ("announce_sound_refs", "periodicAnnounceSounds", "sounds"),
    ):
        refs = stored(getattr(row, column))
        if refs is not None:
            out[field] = [uris.reference(customer, collection, ref) for ref in refs]
    if row.voicemail is not None:
        out["voicemailSettings"] = stored(row.voicemail)
    items = stored(row.ivr_items)
    if items is not None:
        out["items"] = [
            {"key": item["key"], "action": present_action(item["action"], customer, uris)}
            for item in items
        ]
    for column, field in (
        ("ivr_timeout_action", "timeoutAction"),
        ("ivr_invalid_action", "invalidAction"),
    ):
        action = stored(getattr(row, column))
        if action is not None:
            out[field] = present_action(action, customer, uris)
    links = LINKS.get(row.type)
    if links:
        own = uris.item(customer, "endpoints", row.id)
        out["links"] = {key: f"{own}/{path}" for key, path in links}
    return out


ENDPOINTS = Resource(
    name="endpoints",
    singular="endpoint",
    plural="endpoints",
    about=(
        "Internal routing destinations (`phone`, `virtual`, `group`, `queue`, `ivr`, `mailbox`, "
        "`trunk`), each with a short number."
    ),
    table=Endpoint,
    public=EndpointPublic,
    links_key="endpoints",
    extra_fields=endpoint_extras,
    # By short number, as the portal lists them (the spec's example starts with IVR "001").
    order_by=("short_number", "id"),
    filters=(type_of(ENDPOINT_TYPES, TYPE_HELP),),
    aliases=("endpoint",),  # the spec's /endpoint/{id}
    # After the sounds and caller ids their relationships name (seeding/routing.py).
    seed=Seed(
        endpoint_rows, volume=25, needs=("sounds", "outgoingcallerids"), relate=relate_endpoints
    ),
)
