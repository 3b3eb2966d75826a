"""Customer accounts, and their credit status (a view of the account, not a table of its own)."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.wire.models import ApiDateTime, ApiModel


class CustomerFields(BaseModel):
    created: ApiDateTime
    company: str
    first_name: str
    last_name: str
    telephone: str
    email: str
    address1: str
    address2: str | None = None
    city: str
    postcode: str


class CustomerKey(SQLModel):
    # Customer ids come from the fixtures and the users (25, 26, ...), never from a sequence.
    id: int | None = Field(default=None, primary_key=True)


class Customer(CustomerFields, CustomerKey, table=True):
    account_type: str = "postpaid"  # prepaid or postpaid, as creditstatus spells it
    credit: float = 0.0


class CustomerHead(ApiModel):
    type: Literal["customer"] = "customer"
    id: str
    uri: str


class CustomerPublic(CustomerFields, CustomerHead):
    links: dict[str, str] | None = None


class CreditStatusPublic(ApiModel):
    type: Literal["creditstatus"] = "creditstatus"
    uri: str
    account_type: str
    credit_remaining: float
    balance: float  # the real service's name for creditRemaining; both are sent
