"""The call bundles an account could add (GET /customers/{c}/callbundles/available)."""

from pydantic import Field

from mock_pbx.wire.models import ApiModel


class AvailableBundlePublic(ApiModel):
    type: str = Field("availablebundle", description="availablebundle")
    id: str = Field(description="The bundle's id in the catalogue")
    uri: str = Field(description="Its absolute URL, under the account's callbundles/available")
    parent: str = Field(description="The absolute URL of the customer it is offered to")
    name: str = Field(description="The bundle's name, e.g. 1000 Mins - UK Local/National")
    destinations: list[str] = Field(description="Where its minutes may be spent")
    inclusive_mins: int = Field(description="Minutes included each month")
    price_monthly: int = Field(description="Its monthly price, in GBP (whole pounds, as bundles')")
