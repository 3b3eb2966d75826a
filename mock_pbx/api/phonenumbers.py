"""Writing phone numbers: POST /customers/{c}/phonenumbers takes one from /availablenumbers
(createFrom), PUT relabels it, routes (or unroutes) it and sets the webhook its inbound SMS are
POSTed to, DELETE gives it back to the stock."""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field, StrictStr, field_validator
from sqlmodel import Session, col, select

from mock_pbx.api.auth import CustomerIdDep, UserDep, require_admin
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.inventory.availablenumbers import find_available, released_numbers
from mock_pbx.api.responses import created, json_response
from mock_pbx.domain.inventory import from_national, stock_by_id
from mock_pbx.models.call import LiveCall
from mock_pbx.models.endpoint import Endpoint
from mock_pbx.models.numbers import PhoneNumber, ReleasedNumber
from mock_pbx.resources.phonenumbers import PHONENUMBERS
from mock_pbx.runtime.database import save
from mock_pbx.wire.errors import invalid
from mock_pbx.wire.models import ApiModel
from mock_pbx.wire.uris import RELATIONSHIPS, reference_id, relationship_key_doc, uris_for

router = APIRouter(tags=["phonenumbers"])


class PhoneNumberWrite(ApiModel):
    """PUT body: the number itself and smsEnabled are read-only; a left-out destination unlinks."""

    type: Literal["did"] = Field(description="did")
    identifier: StrictStr = Field("", description="A label put before inbound callers' names")
    destination: StrictStr | int | None = Field(
        None, description="The URL (or id) of the endpoint its calls go to; left out: unrouted"
    )
    sms_notification_url: StrictStr | None = Field(
        None, description="The http(s) webhook its inbound SMS are POSTed to; left out: none"
    )

    @field_validator("sms_notification_url")
    @classmethod
    def http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value or None


def destination_id(session: Session, customer_id: int, value: str | int | None) -> int | None:
    """An endpoint of this customer, given as its URI or its id; None unlinks the number."""
    if value is None:
        return None
    endpoint_id = reference_id(value, "endpoints")
    endpoint = session.get(Endpoint, endpoint_id) if endpoint_id is not None else None
    if endpoint is None or endpoint.customer_id != customer_id:
        raise invalid("destination", "must be one of the account's endpoints")
    return endpoint_id


@router.put(
    "/customers/{customerId}/phonenumbers/{itemId}",
    name="phonenumbers:update",
    operation_id="updatePhoneNumber",
    summary="Update a phone number",
    responses={200: {"model": PHONENUMBERS.public}},
    openapi_extra=relationship_key_doc(RELATIONSHIPS[PHONENUMBERS.name]),
)
async def update_number(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    itemId: str,
    number: Annotated[PhoneNumberWrite, Body()],
) -> JSONResponse:
    """Relabel, route (or unroute) a number and set its inbound-SMS webhook (admins only)."""
    require_admin(user, "change a phone number's routing or webhook")
    row = PHONENUMBERS.find(session, customer_id, itemId)
    row.destination_id = destination_id(session, customer_id, number.destination)
    row.identifier, row.sms_notification_url = number.identifier, number.sms_notification_url
    return json_response(PHONENUMBERS.present(save(session, row), uris_for(request)))


class PhoneNumberCreate(ApiModel):
    """POST body: which available number to take; it starts unrouted (PUT routes it)."""

    type: Literal["did"] = Field(description="did")
    create_from: StrictStr = Field(
        max_length=64, description="The id of an available number, e.g. 4-44-113-4037921"
    )


@router.post(
    "/customers/{customerId}/phonenumbers",
    name="phonenumbers:create",
    operation_id="provisionPhoneNumber",
    summary="Create a phone number from an available number",
    status_code=201,
    responses={201: {"model": PHONENUMBERS.public}},
)
async def provision_number(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    number: Annotated[PhoneNumberCreate, Body()],
) -> JSONResponse:
    """Take an available number (admins only): 201 with the new did, unrouted, and its Location;
    the number leaves /availablenumbers for every account."""
    require_admin(user, "add a phone number")
    found = find_available(session, runtime.settings.seed, number.create_from)
    if found is None:
        raise invalid("createFrom", "must be the id of a number in /availablenumbers")
    row = PhoneNumber(
        customer_id=customer_id,
        created=runtime.clock.now(),
        number=found.national,
        sms_enabled=found.sms_capable,
    )
    return created(PHONENUMBERS.present(save(session, row), uris_for(request)))


def refuse_if_in_use(session: Session, row: PhoneNumber) -> None:
    """A number with a call in progress on it cannot be given back until the call ends."""
    live = select(LiveCall.id).where(
        col(LiveCall.did) == row.number, col(LiveCall.state) != "ended"
    )
    if session.exec(live).first() is not None:
        raise invalid("id", f"{row.number} has a call in progress; release it once it ends")


def give_back(session: Session, seed: int, number: str) -> None:
    """Generated numbers return to the stock by themselves (no account owns them); any other
    (a seeded or spec number) is remembered as given back, until a reset."""
    parsed = from_national(number)
    if (parsed is None or parsed.id not in stock_by_id(seed)) and number not in released_numbers(
        session
    ):
        session.add(ReleasedNumber(number=number))


@router.delete(
    "/customers/{customerId}/phonenumbers/{itemId}",
    name="phonenumbers:delete",
    operation_id="releasePhoneNumber",
    summary="Delete (release) a phone number",
    status_code=204,
)
async def release_number(
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    itemId: str,
) -> Response:
    """Give a number back (admins only): 204; it is offered in /availablenumbers again."""
    require_admin(user, "release a phone number")
    row = PHONENUMBERS.find(session, customer_id, itemId)
    refuse_if_in_use(session, row)
    give_back(session, runtime.settings.seed, row.number)
    session.delete(row)
    session.commit()
    return Response(status_code=204)
