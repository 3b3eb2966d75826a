"""/customers/{c}/callbundles: inclusive-minute bundles and how much of each is used."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.resources.base import Collection, alias_router, collection_router, present_plain


class CallBundle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    name: str
    inclusive_mins: int
    price_monthly: int  # the docs type it Integer
    valid_from: datetime
    valid_to: datetime
    used_mins: int
    available_mins: int
    auto_renew: bool
    status: str  # ACTIVE or EXPIRED


class CallBundlePublic(ApiModel):
    type: str = "customerbundle"
    id: str
    uri: str
    parent: str
    created: ApiDateTime
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
