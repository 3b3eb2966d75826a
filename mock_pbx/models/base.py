"""What every customer-owned table and its public representation share.

A resource's fields are declared once, in a plain pydantic model (`XFields`) that both its table
(`X(XFields, CustomerOwned, table=True)`) and its public model (`XPublic(XFields, OwnedPublic)`)
inherit. The order of the bases is the order of the fields: the shared head first (id, ...), then
the resource's own fields, then what only the table or only the public model has."""

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Index, Table
from sqlmodel import Field, SQLModel

from mock_pbx.wire.models import ApiDateTime, ApiModel


class CustomerOwned(SQLModel):
    """Columns of every row that belongs to a customer. Ids are never reused (AUTOINCREMENT), as
    the real service's are not, so a per-customer reset can put old rows back safely."""

    # Tables that add indexes or constraints give a tuple ending with this dict.
    __table_args__: ClassVar[tuple[Any, ...] | dict[str, Any]] = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime


# What the OpenAPI document says of fields that several representations share.
CALL_ID_HELP = "The call leg's unique id, e.g. ast01-1400142051.1562723"
LINKED_ID_HELP = "Shared by every leg of one end-to-end call: the callId of its first leg"
CALL_DIRECTION_HELP = "IN (received by the account) or OUT (placed by it)"
COST_HELP = "What it cost, in GBP"


class OwnedPublic(ApiModel):
    """Fields of every customer-owned representation; `type` is first, as in the spec."""

    type: str = Field(description="The kind of record (the discriminator), e.g. smsmessage")
    id: str = Field(description="The record's id: a whole number, as a string")
    uri: str = Field(description="The record's absolute URL (always with the numeric customer id)")
    parent: str = Field(description="The absolute URL of the customer that owns it")
    created: ApiDateTime = Field(
        description="When it was created (UTC), e.g. 2014-03-10T13:37:00.000+0000"
    )


def list_index(table: str) -> Index:
    """For the history lists, whose default query also tests call_type (local calls hidden) and
    often direction: an index that answers the count and the skipped rows of a deep page without
    reading the table (with the id-first page query). 100x the rows, not 100x the time."""
    return Index(f"ix_{table}_list", "customer_id", "id", "call_type", "direction")


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a table model (SQLModel sets it, but does not declare it)."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass
    return table
