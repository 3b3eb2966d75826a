"""Call bundles: inclusive-minute bundles and how much of each is used."""

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiDateTime


class CallBundleFields(BaseModel):
    name: str = Field(description="The bundle's name, e.g. 1000 Mins - Local/National (Free)")
    inclusive_mins: int = Field(description="Minutes included in the bundle")
    price_monthly: int = Field(description="Its monthly price, in GBP")  # the docs: Integer
    valid_from: ApiDateTime = Field(description="Start of the period it covers (UTC)")
    valid_to: ApiDateTime = Field(description="End of the period it covers (UTC)")
    used_mins: int = Field(description="Minutes used so far in the period")
    available_mins: int = Field(description="Minutes left in the period")
    auto_renew: bool = Field(description="Whether it renews for the next period")
    status: str = Field(description="ACTIVE or EXPIRED")


class CallBundle(CallBundleFields, CustomerOwned, table=True):
    pass


class CallBundlePublic(CallBundleFields, OwnedPublic):
    type: str = Field("customerbundle", description="customerbundle")
