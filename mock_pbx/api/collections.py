"""The list and get routes of every declared resource (mock_pbx.resources), under its own URL
segment and under the other spellings the spec uses for it (its aliases)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session

from mock_pbx.api.auth import home_customer_id, scoped_customer_id
from mock_pbx.api.dependencies import PageDep, SessionDep, get_session
from mock_pbx.api.reading import item_row, list_rows
from mock_pbx.api.responses import json_response, wants_wav, wav_response
from mock_pbx.resources import Resource
from mock_pbx.resources.queries import dependency, where_all
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, PageParams, envelope
from mock_pbx.wire.uris import RELATIONSHIPS, is_id, relationship_key_doc, uris_for

# The get route's session ends when the route returns, before the answer is sent: a WAV answer
# streams for as long as the client takes to read it, and must not hold the database's turn.
ReadSessionDep = Annotated[Session, Depends(get_session, scope="function")]


def list_body(
    r: Resource[Any],
    session: Session,
    request: Request,
    customer_id: int,
    params: PageParams,
    filters: dict[str, Any],
) -> dict[str, Any]:
    uris = uris_for(request)
    where = where_all(r.filters, filters)
    total, rows = list_rows(session_sql(session), r, customer_id, params, where)
    items = [r.present(row, uris) for row in rows]
    return envelope(request, uris.collection(customer_id, r.name), params, total, items)


@dataclass(frozen=True)
class Spelling:
    """Where a collection's list and get routes are mounted, and how the document names them."""

    path: str
    customer: Callable[..., Any]  # the dependency: the path's {customerId}, or the login's own
    name: str  # the routes' names: {name}:list and {name}:get
    id_suffix: str = ""  # added to the operation ids (listEndpoints + Alias)
    note: str = ""  # added to the summaries


def add_list_and_get(router: APIRouter, r: Resource[Any], at: Spelling) -> None:
    """GET {path} (the envelope) and GET {path}/{itemId}, scoped by the customer dependency; an
    alias is documented as deprecated, in favour of the collection's own path."""
    filters_dep = Annotated[dict[str, Any], Depends(dependency(r.filters))]
    customer_dep = Annotated[int, Depends(at.customer)]
    alias = bool(at.id_suffix)
    fields = RELATIONSHIPS.get(r.name)
    header_doc = relationship_key_doc(fields) if fields else None

    @router.get(
        at.path,
        name=f"{at.name}:list",
        operation_id=r.operation_id("list", True, at.id_suffix),
        summary=f"List {r.noun(True)}{at.note}",
        deprecated=alias or None,
        # The envelope of this resource's public model, for the OpenAPI document: a type built at
        # run time, which mypy cannot check.
        responses={200: {"model": Page[r.public]}},  # type: ignore[name-defined]
        openapi_extra=header_doc,
    )
    async def list_items(
        request: Request,
        customer_id: customer_dep,
        session: SessionDep,
        params: PageDep,
        filters: filters_dep,
    ) -> JSONResponse:
        return json_response(list_body(r, session, request, customer_id, params, filters))

    @router.get(
        f"{at.path}/{{itemId}}",
        name=f"{at.name}:get",
        operation_id=r.operation_id("get", False, at.id_suffix),
        summary=f"Get one {r.noun(False)}{at.note}",
        deprecated=alias or None,
        responses={200: {"model": r.public}},
        openapi_extra=header_doc,
    )
    async def get_item(
        request: Request, customer_id: customer_dep, session: ReadSessionDep, itemId: str
    ) -> Response:
        row = item_row(session_sql(session), r, customer_id, int(itemId)) if is_id(itemId) else None
        if row is None:
            raise NotFound()
        if r.audio_size is not None and wants_wav(request):
            return wav_response(r.audio_size(row))
        return json_response(r.present(row, uris_for(request)))


def tags_of(r: Resource[Any]) -> list[str | Any]:
    return list(r.tags) or [r.name]


def collection_router(r: Resource[Any]) -> APIRouter:
    """GET list and GET one under /customers/{customerId}/{name}."""
    router = APIRouter(tags=tags_of(r))
    add_list_and_get(
        router, r, Spelling(f"/customers/{{customerId}}/{r.name}", scoped_customer_id, r.name)
    )
    return router


def alias_routers(r: Resource[Any]) -> list[APIRouter]:
    """Other spellings of a collection: /api/v1/{alias} (the user's own customer) and, unless it
    is the collection's own name, /customers/{c}/{alias}. The spec uses /callbundles,
    /endpoint/{id} and /outgoingcallerid/{id} in places."""
    routers = []
    for alias in r.aliases:
        router = APIRouter(tags=tags_of(r))
        own = f" (alias /{alias}, the login's own customer)"
        add_list_and_get(
            router, r, Spelling(f"/{alias}", home_customer_id, f"{alias}-global", "Global", own)
        )
        if alias != r.name:
            path, note = f"/customers/{{customerId}}/{alias}", f" (alias .../{alias})"
            add_list_and_get(
                router, r, Spelling(path, scoped_customer_id, f"{alias}-alias", "Alias", note)
            )
        routers.append(router)
    return routers
