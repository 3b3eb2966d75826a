"""Writing the phone book: create, replace and delete contacts (the one fully writable
collection of the core API)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field, StrictInt, StrictStr, field_validator

from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.reading import item_row
from mock_pbx.api.responses import created, json_response
from mock_pbx.models.phonebook import PhoneBookEntry
from mock_pbx.resources.phonebook import PHONEBOOK
from mock_pbx.runtime.database import save
from mock_pbx.runtime.plainsql import Sql, insert, session_sql
from mock_pbx.wire.errors import invalid
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import uris_for

PHONE_CHARS = set("0123456789+ ()-")


class PhoneBookEntryWrite(ApiModel):
    """POST and PUT body; read-only fields a client echoes back (uri, id, created...) are ignored."""

    # Strict types, unlike the table's: the real API refuses a number where a string belongs.

    type: Literal["phonebookentry"] = Field(description="phonebookentry")
    name: StrictStr = Field(description="The contact's name, 1 to 100 characters")
    phone_number: StrictStr = Field(
        description="The contact's number: 3 to 20 digits, with + ( ) - and spaces allowed"
    )
    speed_dial: StrictInt | None = Field(
        None, description="A key from 1 to 9999 not used by another entry; left out: none"
    )
    email: StrictStr | None = Field(None, description="The contact's email address")

    @field_validator("name")
    @classmethod
    def name_not_blank(cls, value: str) -> str:
        if not value.strip() or len(value) > 100:
            raise ValueError("must be 1 to 100 characters")
        return value

    @field_validator("phone_number")
    @classmethod
    def phone_number_shape(cls, value: str) -> str:
        digits = sum(ch.isdigit() for ch in value)
        if not set(value) <= PHONE_CHARS or not 3 <= digits <= 20:
            raise ValueError("must be a phone number of 3 to 20 digits")
        return value

    @field_validator("speed_dial")
    @classmethod
    def speed_dial_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 9999:
            raise ValueError("must be between 1 and 9999")
        return value


router = APIRouter(tags=["phonebook"])
EntryBody = Annotated[PhoneBookEntryWrite, Body()]


SPEED_DIAL_TAKEN = (
    'SELECT id FROM "phonebookentry" WHERE "customer_id" = :customer AND "speed_dial" = :key'
    " AND id != :own LIMIT 1"
)


def check_speed_dial(
    sql: Sql, customer_id: int, entry: PhoneBookEntryWrite, own_id: int | None
) -> None:
    """speedDial keys are unique within a customer's phone book."""
    if entry.speed_dial is None:
        return
    values = {"customer": customer_id, "key": entry.speed_dial, "own": own_id or 0}
    if sql.one(SPEED_DIAL_TAKEN, values) is not None:
        raise invalid("speedDial", f"speed dial {entry.speed_dial} is already in use")


def add_entry(sql: Sql, customer_id: int, entry: PhoneBookEntryWrite, now: datetime) -> int:
    """A new contact (the route's and the fast path's one way): its id."""
    check_speed_dial(sql, customer_id, entry, None)
    values = {"customer_id": customer_id, "created": now, **write_fields(entry)}
    return insert(sql, PhoneBookEntry, values)


def write_fields(entry: PhoneBookEntryWrite) -> dict[str, Any]:
    return entry.model_dump(exclude={"type"})


@router.post(
    "/customers/{customerId}/phonebook",
    name="phonebook:create",
    operation_id="createPhonebookEntry",
    summary="Create a phonebook entry",
    status_code=201,
    responses={201: {"model": PHONEBOOK.public}},
)
async def create_entry(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    entry: EntryBody,
) -> JSONResponse:
    """Add a contact; 201 with the entry and its Location."""
    sql = session_sql(session)
    new_id = add_entry(sql, customer_id, entry, runtime.clock.now())
    row = item_row(sql, PHONEBOOK, customer_id, new_id)  # as stored, read in the transaction
    session.commit()
    return created(PHONEBOOK.present(row, uris_for(request)))


@router.put(
    "/customers/{customerId}/phonebook/{itemId}",
    name="phonebook:update",
    operation_id="updatePhonebookEntry",
    summary="Replace a phonebook entry",
    responses={200: {"model": PHONEBOOK.public}},
)
async def replace_entry(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    itemId: str,
    entry: EntryBody,
) -> JSONResponse:
    """Replace a contact: fields left out are cleared, as in the real API."""
    row = PHONEBOOK.find(session, customer_id, itemId)
    check_speed_dial(session_sql(session), customer_id, entry, row.id)
    for key, value in write_fields(entry).items():
        setattr(row, key, value)
    return json_response(PHONEBOOK.present(save(session, row), uris_for(request)))


@router.delete(
    "/customers/{customerId}/phonebook/{itemId}",
    name="phonebook:delete",
    operation_id="deletePhonebookEntry",
    summary="Delete a phonebook entry",
    status_code=204,
)
async def delete_entry(customer_id: CustomerIdDep, session: SessionDep, itemId: str) -> Response:
    """Remove a contact; 204 with no body."""
    session.delete(PHONEBOOK.find(session, customer_id, itemId))
    session.commit()
    return Response(status_code=204)
