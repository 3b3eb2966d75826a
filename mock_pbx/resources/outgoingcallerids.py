"""/customers/{c}/outgoingcallerids: approved caller ids (names for SMS, verified numbers)."""

from mock_pbx.models.numbers import OutgoingCallerId, OutgoingCallerIdPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import callerid_rows
from mock_pbx.seeding.world import Seed

OUTGOINGCALLERIDS = Resource(
    name="outgoingcallerids",
    singular="outgoing caller id",
    plural="outgoing caller ids",
    about=(
        "Approved caller ids (`outgoingcallerid`): names an SMS may be sent from, and verified "
        "external numbers."
    ),
    table=OutgoingCallerId,
    public=OutgoingCallerIdPublic,
    links_key="outgoingCallerIds",
    aliases=("outgoingcallerid",),  # the spec's /outgoingcallerid/{id}
    seed=Seed(callerid_rows, volume=1),
)
