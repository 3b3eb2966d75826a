"""GET /areacodes[/{id}]: the area codes /availablenumbers has numbers in. The Node client's
typings have `areacode` items but no source gives their path; /areacodes is our inference."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from mock_pbx.api.auth import UserDep
from mock_pbx.api.dependencies import PageDep
from mock_pbx.api.responses import json_response
from mock_pbx.domain.inventory import AREAS, COUNTRY
from mock_pbx.models.numbers import AreaCodePublic
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, in_memory
from mock_pbx.wire.uris import Uris, uris_for

COLLECTION = "areacodes"
router = APIRouter(tags=["availablenumbers"])


def present(area_code: str, description: str, uris: Uris) -> dict[str, Any]:
    area_id = f"{COUNTRY}-{area_code}"
    return {
        "type": "areacode",
        "id": area_id,
        "uri": f"{uris.api}/{COLLECTION}/{area_id}",
        "country": COUNTRY,
        "areaCode": area_code,
        "description": description,
    }


@router.get(
    f"/{COLLECTION}",
    name="areacodes:list",
    operation_id="listAreaCodes",
    summary="List area codes",
    responses={200: {"model": Page[AreaCodePublic]}},
)
async def list_area_codes(
    request: Request,
    user: UserDep,
    paging: PageDep,
    country: Annotated[
        str | None, Query(max_length=8, description="Country calling code; only 44 has any")
    ] = None,
) -> JSONResponse:
    """Every area code the stock covers, geographic first; any login may list them."""
    areas = AREAS if country in (None, COUNTRY) else ()
    uris = uris_for(request)
    url = f"{uris.api}/{COLLECTION}"
    return json_response(in_memory(request, url, paging, areas, lambda a: present(*a, uris)))


@router.get(
    f"/{COLLECTION}/{{areaCodeId}}",
    name="areacodes:get",
    operation_id="getAreaCode",
    summary="Get an area code",
    responses={200: {"model": AreaCodePublic}},
)
async def get_area_code(request: Request, user: UserDep, areaCodeId: str) -> JSONResponse:
    """One area code, by its id (44-113)."""
    for code, description in AREAS:
        if areaCodeId == f"{COUNTRY}-{code}":
            return json_response(present(code, description, uris_for(request)))
    raise NotFound("No such area code")
