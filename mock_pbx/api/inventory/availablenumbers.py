"""GET /availablenumbers[/{id}]: the numbers an account may take (POST phonenumbers with
createFrom). Global, like /customers: any login may list them; one account's number is taken
for every account."""

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session, col, select

from mock_pbx.api.auth import UserDep
from mock_pbx.api.dependencies import PageDep, RuntimeDep, SessionDep
from mock_pbx.api.responses import json_response
from mock_pbx.domain.inventory import COUNTRY, AvailableNumber, from_id, offered
from mock_pbx.models.numbers import AvailableNumberPublic, PhoneNumber, ReleasedNumber
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, in_memory
from mock_pbx.wire.uris import Uris, uris_for

COLLECTION = "availablenumbers"
COUNTRY_NAME = "GB"  # what `location` says of the only country the stock holds
router = APIRouter(tags=[COLLECTION])
TAGS = [
    {
        "name": COLLECTION,
        "description": "The carrier's stock of UK numbers an account may take (POST phonenumbers"
        " with `createFrom`): global, the same for one seed, less every number an account owns;"
        " a released number is offered again.",
    }
]


def released_numbers(session: Session) -> list[str]:
    return list(session.exec(select(ReleasedNumber.number)).all())


def owned_among(session: Session, numbers: Sequence[AvailableNumber]) -> set[str]:
    """Which of these numbers some account (any account) owns."""
    nationals = [n.national for n in numbers]
    statement = select(PhoneNumber.number).where(col(PhoneNumber.number).in_(nationals))
    return set(session.exec(statement).all())


def available(session: Session, seed: int, area_code: str | None = None) -> list[AvailableNumber]:
    """What the stock offers now: every number (of this area code) no account owns."""
    every = offered(seed, released_numbers(session), set(), area_code)
    owned = owned_among(session, every)
    return [number for number in every if number.national not in owned]


def find_available(session: Session, seed: int, number_id: str) -> AvailableNumber | None:
    """The number with this id if it is on offer (not owned by any account), else None."""
    found = from_id(seed, number_id, released_numbers(session))
    if found is None or owned_among(session, [found]):
        return None
    return found


def present(number: AvailableNumber, uris: Uris) -> dict[str, Any]:
    return {
        "type": "availablenumber",
        "id": number.id,
        "uri": f"{uris.api}/{COLLECTION}/{number.id}",
        "country": number.country,
        "areaCode": number.area_code,
        "number": number.number,
        "formatted": number.formatted,
    }


def wanted_area(area_code: str | None) -> str | None:
    """An area code as given, with or without its trunk 0 (0113 is 113)."""
    return area_code[1:] if area_code and area_code.startswith("0") else area_code


@router.get(
    f"/{COLLECTION}",
    name="availablenumbers:list",
    operation_id="listAvailableNumbers",
    summary="List available numbers",
    responses={200: {"model": Page[AvailableNumberPublic]}},
)
async def list_available_numbers(
    request: Request,
    user: UserDep,
    session: SessionDep,
    runtime: RuntimeDep,
    paging: PageDep,
    country: Annotated[
        str | None, Query(max_length=8, description="Country calling code; only 44 has numbers")
    ] = None,
    area_code: Annotated[
        str | None,
        Query(alias="areaCode", max_length=8, description="Area code, e.g. 113 (or 0113)"),
    ] = None,
    location: Annotated[
        str | None, Query(max_length=8, description="ISO country, e.g. GB; only GB has numbers")
    ] = None,
) -> JSONResponse:
    """Numbers no account owns yet, by area code then number; any login may list them."""
    elsewhere = country not in (None, COUNTRY) or location not in (None, COUNTRY_NAME)
    numbers = [] if elsewhere else available(session, runtime.settings.seed, wanted_area(area_code))
    uris = uris_for(request)
    url = f"{uris.api}/{COLLECTION}"
    return json_response(in_memory(request, url, paging, numbers, lambda n: present(n, uris)))


@router.get(
    f"/{COLLECTION}/{{numberId}}",
    name="availablenumbers:get",
    operation_id="getAvailableNumber",
    summary="Get an available number",
    responses={200: {"model": AvailableNumberPublic}},
)
async def get_available_number(
    request: Request, user: UserDep, session: SessionDep, runtime: RuntimeDep, numberId: str
) -> JSONResponse:
    """One number on offer; 404 once an account owns it (or if there is no such number)."""
    found = find_available(session, runtime.settings.seed, numberId)
    if found is None:
        raise NotFound("No such available number")
    return json_response(present(found, uris_for(request)))
