"""The phone book: the one fully writable collection of the core API."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field, UniqueConstraint

from mock_pbx.models.base import CustomerOwned, OwnedPublic


class PhoneBookEntryFields(BaseModel):
    name: str = Field(description="The contact's name, 1 to 100 characters")
    phone_number: str = Field(description="The contact's number, e.g. 07902000000")
    speed_dial: int | None = Field(
        None, description="A key from 1 to 9999, unique in the phone book; left out when unset"
    )
    email: str | None = Field(None, description="The contact's email address")


class PhoneBookEntry(PhoneBookEntryFields, CustomerOwned, table=True):
    __table_args__ = (
        UniqueConstraint("customer_id", "speed_dial"),
        {"sqlite_autoincrement": True},
    )


class PhoneBookEntryPublic(PhoneBookEntryFields, OwnedPublic):
    type: Literal["phonebookentry"] = Field("phonebookentry", description="phonebookentry")
