"""The phone book: the one fully writable collection of the core API."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import UniqueConstraint

from mock_pbx.models.base import CustomerOwned, OwnedPublic


class PhoneBookEntryFields(BaseModel):
    name: str
    phone_number: str
    speed_dial: int | None = None  # unique within a customer's phone book
    email: str | None = None


class PhoneBookEntry(PhoneBookEntryFields, CustomerOwned, table=True):
    __table_args__ = (
        UniqueConstraint("customer_id", "speed_dial"),
        {"sqlite_autoincrement": True},
    )


class PhoneBookEntryPublic(PhoneBookEntryFields, OwnedPublic):
    type: Literal["phonebookentry"] = "phonebookentry"
