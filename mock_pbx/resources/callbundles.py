"""/customers/{c}/callbundles: inclusive-minute bundles and how much of each is used."""

from datetime import datetime

from mock_pbx.envelope import ApiDateTime
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    alias_router,
    collection_router,
    present_plain,
)


class CallBundle(CustomerOwned, table=True):
    name: str
    inclusive_mins: int
    price_monthly: int  # the docs type it Integer
    valid_from: datetime
    valid_to: datetime
    used_mins: int
    available_mins: int
    auto_renew: bool
    status: str  # ACTIVE or EXPIRED


class CallBundlePublic(OwnedPublic):
    type: str = "customerbundle"
    name: str
    inclusive_mins: int
    price_monthly: int
    valid_from: ApiDateTime
    valid_to: ApiDateTime
    used_mins: int
    available_mins: int
    auto_renew: bool
    status: str


CALLBUNDLES = Collection(
    name="callbundles",
    table=CallBundle,
    public=CallBundlePublic,
    present=present_plain("callbundles", CallBundlePublic),
    order_by=(CallBundle.id,),
)

router = collection_router(CALLBUNDLES)
alias = alias_router(CALLBUNDLES, "callbundles")
