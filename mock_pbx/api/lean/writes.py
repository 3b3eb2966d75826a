"""The lean path's writes: POST /phonebook and POST /sms, read with the routes' own models and
made by the routes' own functions (api/phonebook.add_entry, domain/messaging.send_sms), in one
transaction; a body the routes would refuse is left to them, with nothing written."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.types import Scope

from mock_pbx.api.lean.reads import Answer, as_json, uris_of
from mock_pbx.api.phonebook import PhoneBookEntryWrite, add_entry
from mock_pbx.api.reading import item_row
from mock_pbx.api.sms import SmsSend
from mock_pbx.domain.messaging import send_sms
from mock_pbx.resources import Resource
from mock_pbx.resources.phonebook import PHONEBOOK
from mock_pbx.resources.sms import SMS
from mock_pbx.runtime.plainsql import Sql
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import PbxError

# A transaction in the database's turn (FastPath.writing): None when the routes must answer.
Writing = Callable[[], AbstractAsyncContextManager[Sql | None]]


@dataclass(frozen=True)
class Write:
    resource: Resource[Any]
    model: type[BaseModel]  # the route's body
    make: Callable[[Sql, Runtime, int, Any], int]  # the new row's id


def new_entry(sql: Sql, runtime: Runtime, customer: int, entry: PhoneBookEntryWrite) -> int:
    return add_entry(sql, customer, entry, runtime.clock.now())


WRITES = {
    "phonebook": Write(PHONEBOOK, PhoneBookEntryWrite, new_entry),
    "sms": Write(SMS, SmsSend, send_sms),
}


def is_json(content_type: bytes | None) -> bool:
    """A body FastAPI reads as JSON for certain (it reads a few other types as JSON too: those
    go to the routes)."""
    return content_type is not None and content_type.split(b";")[0].strip() == b"application/json"


async def write(
    writing: Writing, runtime: Runtime, scope: Scope, kind: Write, customer: int, body: bytes
) -> Answer | None:
    try:
        fields = kind.model.model_validate_json(body)
    except ValidationError:
        return None  # the route's 400, in FastAPI's words
    try:
        async with writing() as sql:
            if sql is None:
                return None
            new_id = kind.make(sql, runtime, customer, fields)
            row = item_row(sql, kind.resource, customer, new_id)
    except PbxError:
        return None  # rolled back: the route makes the same checks and reports them
    created = kind.resource.present(row, uris_of(scope))
    return as_json(created, 201, [(b"location", created["uri"].encode())])
