"""Every emulated collection, each declared once (declaration.Resource): RESOURCES is the one list
of what the API serves under /api/v1/customers/{c}/, in the spec's order."""

from typing import Any

from mock_pbx.resources.access.linkedusers import LINKEDUSERS
from mock_pbx.resources.callbundles import CALLBUNDLES
from mock_pbx.resources.calls import CALLS
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.endpoints import ENDPOINTS
from mock_pbx.resources.outgoingcallerids import OUTGOINGCALLERIDS
from mock_pbx.resources.phonebook import PHONEBOOK
from mock_pbx.resources.phonenumbers import PHONENUMBERS
from mock_pbx.resources.recordings import RECORDINGS
from mock_pbx.resources.sms import SMS
from mock_pbx.resources.sounds import SOUNDS
from mock_pbx.resources.timeintervals import TIMEINTERVALS

RESOURCES: tuple[Resource[Any], ...] = (
    PHONEBOOK,
    SMS,
    CALLS,
    SOUNDS,
    RECORDINGS,
    TIMEINTERVALS,
    ENDPOINTS,
    PHONENUMBERS,
    OUTGOINGCALLERIDS,
    CALLBUNDLES,
    LINKEDUSERS,
)

__all__ = ["RESOURCES", "Resource"]
