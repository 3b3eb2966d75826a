"""An account's settings singletons (/permissions, /limits, /preferences, /pricing,
/callcharging), the global charging plans and barge groups. Their defaults are derived from the
seed and the customer when asked; only what a PUT changed is stored (AccountSetting), so a reset
(which restores the seeded rows) undoes it."""

from pydantic import Field
from sqlmodel import Field as TableField

from mock_pbx.models.base import CustomerOwned
from mock_pbx.wire.models import ApiModel

SINGLETON_ID = "The customer's id: an account has one of these"
SINGLETON_URI = "Its absolute URL: the customer's, then the sub-resource's name"
PARENT = "The absolute URL of the customer it belongs to"


class AccountSetting(CustomerOwned, table=True):
    """What a PUT changed of one settings singleton: its wire fields as JSON, by kind."""

    kind: str = TableField(index=True)
    body: str


class SingletonPublic(ApiModel):
    type: str = Field(description="The kind of record (the discriminator)")
    id: str = Field(description=SINGLETON_ID)
    uri: str = Field(description=SINGLETON_URI)
    parent: str = Field(description=PARENT)


class PermissionsPublic(SingletonPublic):
    incoming_calls: bool = Field(description="Whether the account may receive calls")
    outgoing_calls: bool = Field(description="Whether the account may place calls")
    international_calls: bool = Field(description="Whether it may call numbers outside the UK")
    add_features: bool = Field(description="Whether an admin may add endpoints and numbers")
    remove_features: bool = Field(description="Whether an admin may remove them")
    enable_recording: bool = Field(description="Whether calls may be recorded")


class LimitsPublic(SingletonPublic):
    phone: int = Field(description="How many phone endpoints the account may have")
    group: int = Field(description="How many ring groups")
    queue: int = Field(description="How many call queues")
    ivr: int = Field(description="How many IVRs")
    mailbox: int = Field(description="How many voicemail boxes")
    trunk: int = Field(description="How many SIP trunks")
    did: int = Field(description="How many phone numbers")
    channel: int = Field(description="How many calls may be up at once")


class PreferencesPublic(SingletonPublic):
    recording_expire_days: int = Field(description="Days a call recording is kept before deletion")


class Prices(ApiModel):
    """Monthly feature prices: /pricing's, and the billing account's featurePricing."""

    phone: float = Field(description="Monthly price of a phone endpoint, GBP")
    virtual: float = Field(description="Monthly price of a virtual extension, GBP")
    group: float = Field(description="Monthly price of a ring group, GBP")
    queue: float = Field(description="Monthly price of a call queue, GBP")
    ivr: float = Field(description="Monthly price of an IVR, GBP")
    mailbox: float = Field(description="Monthly price of a voicemail box, GBP")
    did: float = Field(description="Monthly price of a phone number, GBP")
    trunk: float = Field(description="Monthly price of a SIP trunk, GBP")


class PricingPublic(Prices, SingletonPublic):
    pass


class CallChargingPublic(SingletonPublic):
    charging_plan: str = Field(description="The URL of the charging plan calls are priced by")
    postpaid: bool = Field(description="Whether calls are billed after the month (not prepaid)")
    credit_limit: float = Field(description="How far a postpaid account may run up calls, GBP")
    warning_threshold: float = Field(description="The balance that triggers a low-credit warning")


class ChargingPlanPublic(ApiModel):
    type: str = Field("chargingplan", description="chargingplan")
    id: str = Field(description="The plan's id: a whole number, as a string")
    uri: str = Field(description="Its absolute URL, under /chargingplans")
    name: str = Field(description="The plan's name")
    currency: str = Field(description="The currency of its prices: GBP")
    domain_cost_minute: float = Field(description="Price per minute of a UK call, GBP")
    round_seconds: int = Field(description="Calls are charged in steps of this many seconds")
    min_duration: int = Field(description="Seconds every answered call is charged at least")
    min_charge: float = Field(description="The least an answered call costs, GBP")


class BargeGroupPublic(ApiModel):
    type: str = Field("bargegroup", description="bargegroup")
    id: str = Field(description="The group's id within the account")
    uri: str = Field(description="Its absolute URL")
    parent: str = Field(description=PARENT)
    name: str = Field(description="The group's name")
    managers: list[str] = Field(description="URLs of the phones that may listen in or barge in")
    members: list[str] = Field(description="URLs of the phones whose calls they may join")
