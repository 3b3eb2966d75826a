"""Customer accounts, and their credit status (a view of the account, not a table of its own)."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from mock_pbx.wire.models import ApiDateTime, ApiModel


class CustomerFields(BaseModel):
    created: ApiDateTime = Field(description="When the account was created (UTC)")
    company: str = Field(description="The company's name")
    first_name: str = Field(description="The account holder's first name")
    last_name: str = Field(description="The account holder's last name")
    telephone: str = Field(description="The account holder's telephone number")
    email: str = Field(description="The account holder's email address")
    address1: str = Field(description="First line of the address")
    address2: str | None = Field(None, description="Second line of the address, if any")
    city: str = Field(description="The address's city")
    postcode: str = Field(description="The address's postcode")


class CustomerKey(SQLModel):
    # Customer ids come from the fixtures and the users (25, 26, ...), never from a sequence.
    id: int | None = Field(default=None, primary_key=True)


class Customer(CustomerFields, CustomerKey, table=True):
    account_type: str = "postpaid"  # prepaid or postpaid, as creditstatus spells it
    credit: float = 0.0


class CustomerHead(ApiModel):
    type: Literal["customer"] = Field("customer", description="customer")
    id: str = Field(description="The customer's id: a whole number, as a string, e.g. 25")
    uri: str = Field(description="The customer's absolute URL (with its numeric id, never me)")


class CustomerPublic(CustomerFields, CustomerHead):
    links: dict[str, str] | None = Field(
        None,
        description="One customer only (not in lists): the URL of each of its collections by "
        "name (phoneBook, sms, calls, creditStatus, ...)",
    )


class CreditStatusPublic(ApiModel):
    type: Literal["creditstatus"] = Field("creditstatus", description="creditstatus")
    uri: str = Field(description="Its absolute URL")
    account_type: str = Field(description="prepaid (calls stop at zero credit) or postpaid")
    credit_remaining: float = Field(description="The calling credit left, in GBP")
    # The real service's name for creditRemaining; both are sent.
    balance: float = Field(description="The same as creditRemaining (the real service's name)")
