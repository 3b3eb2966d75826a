"""Call bundles: inclusive-minute bundles and how much of each is used."""

from pydantic import BaseModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiDateTime


class CallBundleFields(BaseModel):
    name: str
    inclusive_mins: int
    price_monthly: int  # the docs type it Integer
    valid_from: ApiDateTime
    valid_to: ApiDateTime
    used_mins: int
    available_mins: int
    auto_renew: bool
    status: str  # ACTIVE or EXPIRED


class CallBundle(CallBundleFields, CustomerOwned, table=True):
    pass


class CallBundlePublic(CallBundleFields, OwnedPublic):
    type: str = "customerbundle"
