"""/customers/{c}/sms: the message log (sending: mock_pbx.api.sms)."""

from mock_pbx.models.sms import SmsMessage, SmsMessagePublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.history import sms_rows
from mock_pbx.seeding.world import Seed

SMS = Resource(
    name="sms",
    singular="SMS",
    plural="SMS",
    about=(
        "Text messages sent and received (`smsmessage`). Send one, then follow its `sendStatus` "
        "and `deliveryStatus` as the clock moves; an inbound message arrives on one of the "
        "account's numbers."
    ),
    table=SmsMessage,
    public=SmsMessagePublic,
    links_key="sms",
    # Newest first; ids grow with time, so the spec's 2014 example message comes last.
    order_by=("-id",),
    # 188 for customer 25: the spec's example totalItems.
    seed=Seed(sms_rows, volume=188, needs=("phonenumbers", "outgoingcallerids"), history=True),
)
