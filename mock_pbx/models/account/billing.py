"""The account's billing: its billing account, invoices (and the estimate, an invoice of the
month so far) and payment methods. Views computed from the stored calls, SMS and bundles."""

from pydantic import Field

from mock_pbx.models.account.settings import Prices
from mock_pbx.wire.models import ApiDateTime, ApiModel

PARENT = "The absolute URL of the customer it belongs to"


class BillingLinks(ApiModel):
    invoices: str = Field(description="The URL of the account's invoices")
    payment_methods: str = Field(description="The URL of its payment methods")
    estimate: str = Field(description="The URL of the estimate of the month so far")


class BillingAccountPublic(ApiModel):
    type: str = Field("billingaccount", description="billingaccount")
    id: str = Field(description="The customer's id: an account has one billing account")
    uri: str = Field(description="Its absolute URL: the customer's, then /billing")
    parent: str = Field(description=PARENT)
    payments_enabled: bool = Field(description="Whether the account pays by card online")
    providers_enabled: list[str] = Field(description="The card processors it may use: stripe")
    test_account: bool = Field(description="Whether it is a test account (never charged)")
    upgrade_allowed: bool = Field(description="Whether it may add paid features")
    downgrade_allowed: bool = Field(description="Whether it may remove them")
    payment_method_required: bool = Field(description="Whether it must keep a card on file")
    currency: str = Field(description="The currency it is billed in: GBP")
    frequency: str = Field(description="How often it is billed: MONTHLY")
    next_billing_date: ApiDateTime = Field(description="When the next invoice is raised (UTC)")
    feature_pricing: Prices = Field(description="Monthly prices of features, GBP")
    links: BillingLinks = Field(description="URLs of the billing sub-resources")


class InvoiceLine(ApiModel):
    description: str = Field(description="What the line charges for, e.g. Calls or a bundle")
    unit_price: float = Field(description="Price of one unit, GBP (average for calls and SMS)")
    quantity: int = Field(description="How many units: calls, messages or bundle-months")
    line_total: float = Field(description="What the line adds to the net amount, GBP")
    usage: int = Field(description="What was used: seconds of calls, messages, bundle minutes")


class InvoicePublic(ApiModel):
    type: str = Field("invoice", description="invoice")
    id: str = Field(
        description="The invoice's id (yyyymm of its month); E and the customer id for the estimate"
    )
    uri: str = Field(description="Its absolute URL")
    parent: str = Field(description=PARENT)
    ref: str = Field(description="The reference printed on the invoice")
    token: str = Field(description="An opaque token the portal uses to download it")
    date: ApiDateTime = Field(description="When it was raised; for the estimate, now (UTC)")
    currency: str = Field(description="GBP")
    lines: list[InvoiceLine] = Field(description="What it charges for")
    net_amount: float = Field(description="Sum of the lines, GBP")
    vat_amount: float = Field(description="VAT at 20% of the net amount, GBP")
    total: float = Field(description="Net amount plus VAT, GBP")
    credit: float = Field(description="Credit applied to it, GBP")
    balance: float = Field(description="What is still owed on it, GBP (0 once paid)")


class PaymentMethodPublic(ApiModel):
    type: str = Field("stripe", description="stripe (a card held by Stripe)")
    id: str = Field(description="The payment method's id within the account")
    uri: str = Field(description="Its absolute URL")
    parent: str = Field(description=PARENT)
    brand: str = Field(description="The card's brand, e.g. Visa")
    last4: str = Field(description="The card number's last four digits")
    exp_month: int = Field(description="The month it expires, 1-12")
    exp_year: int = Field(description="The year it expires")
    default: bool = Field(description="Whether invoices are charged to it")
