"""The generic collection: a declaration of one customer-scoped resource, and its list/get routes."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Index, Row
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, select

from mock_pbx.audio import wav_bytes
from mock_pbx.auth import CustomerIdDep, HomeCustomerIdDep
from mock_pbx.db import SessionDep
from mock_pbx.envelope import ApiDateTime, ApiModel, Page, PageDep, PageParams, paginate
from mock_pbx.errors import NotFound
from mock_pbx.urls import Uris, is_id, uris_for


class CustomerOwned(SQLModel):
    """Columns of every row that belongs to a customer. Ids are never reused (AUTOINCREMENT), as
    the real service's are not, so a per-customer reset can put old rows back safely."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = SQLField(default=None, primary_key=True)
    customer_id: int = SQLField(foreign_key="customer.id", index=True)
    created: datetime


class OwnedPublic(ApiModel):
    """Fields of every customer-owned representation; `type` is first, as in the spec."""

    type: str
    id: str
    uri: str
    parent: str
    created: ApiDateTime


def list_index(table: str) -> Index:
    """For the history lists, whose default query also tests call_type (local calls hidden) and
    often direction: an index that answers the count and the skipped rows of a deep page without
    reading the table (with paginate's id-first page query). 100x the rows, not 100x the time."""
    return Index(f"ix_{table}_list", "customer_id", "id", "call_type", "direction")


async def no_filters() -> list[Any]:
    return []


Presenter = Callable[[Any, Uris], ApiModel]


@dataclass(frozen=True)
class Collection:
    """One resource under /customers/{c}/: its URL segment, table, public model and list rules."""

    name: str
    table: type[SQLModel]
    public: type[ApiModel]
    present: Presenter
    order_by: Sequence[Any] = ()
    filters: Callable[..., list[Any]] = no_filters
    audio_size: Callable[[Any], int] | None = None  # rows served as WAV on Accept: audio/wav
    tags: list[str] = field(default_factory=list)

    @cached_property
    def listing(self) -> Any:
        """The list query without its WHERE, built once. It selects columns, not ORM objects:
        plain rows load in two thirds of the time, and a list never writes (presenters read
        both through row_fields)."""
        table: Any = self.table
        return select(*table.__table__.columns).order_by(*self.order_by)

    def statement(self, customer_id: int, where: list[Any]) -> Any:
        table: Any = self.table
        return self.listing.where(table.customer_id == customer_id, *where)

    def find(self, session: Session, customer_id: int, item_id: str) -> Any:
        """The customer's row with this id, or 404 (another customer's rows do not exist here)."""
        if not is_id(item_id):
            raise NotFound()
        row = session.get(self.table, int(item_id))
        if row is None or getattr(row, "customer_id", None) != customer_id:
            raise NotFound()
        return row


def row_fields(row: Any) -> dict[str, Any]:
    """A row's columns by name, from a list's plain row or a single item's ORM object alike."""
    return row._asdict() if isinstance(row, Row) else row.model_dump()


def save(session: Session, row: Any) -> Any:
    """Commit one written row and read it back as stored."""
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def wants_wav(request: Request) -> bool:
    """Accept: audio/wav (or a .wav suffix, which the middleware turns into that header)."""
    accept = request.headers.get("accept", "")
    return "audio/wav" in accept or "audio/x-wav" in accept


def dump(model: ApiModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


def base_fields(row: Any, uris: Uris, collection: str) -> dict[str, Any]:
    """type-independent fields every customer-scoped representation carries: id, uri, parent."""
    return {
        "id": str(row.id),
        "uri": uris.item(row.customer_id, collection, row.id),
        "parent": uris.customer(row.customer_id),
    }


def present_plain(collection: str, public: type[ApiModel]) -> Presenter:
    """A presenter for rows whose columns map one to one onto the public model."""

    def present(row: Any, uris: Uris) -> ApiModel:
        return public.model_validate({**row_fields(row), **base_fields(row, uris, collection)})

    return present


def list_body(
    c: Collection,
    session: Session,
    request: Request,
    customer_id: int,
    params: PageParams,
    where: list[Any],
) -> dict[str, Any]:
    uris = uris_for(request)
    return paginate(
        session,
        c.statement(customer_id, where),
        params,
        request,
        uris.collection(customer_id, c.name),
        lambda row: dump(c.present(row, uris)),
    )


def add_list_and_get(
    router: APIRouter, c: Collection, path: str, customer_dep: Any, name: str, label: str = ""
) -> None:
    """GET {path} (the envelope) and GET {path}/{itemId}, scoped by the customer dependency."""
    filters_dep = Annotated[list[Any], Depends(c.filters)]

    @router.get(
        path,
        name=f"{name}:list",
        summary=f"List {c.name}{label}",
        responses={200: {"model": Page[c.public]}},
    )  # type: ignore[name-defined]
    async def list_items(
        request: Request,
        customer_id: customer_dep,
        session: SessionDep,
        params: PageDep,
        where: filters_dep,
    ) -> JSONResponse:
        return json_response(list_body(c, session, request, customer_id, params, where))

    @router.get(
        f"{path}/{{itemId}}",
        name=f"{name}:get",
        summary=f"Get one of {c.name}{label}",
        responses={200: {"model": c.public}},
    )
    async def get_item(
        request: Request, customer_id: customer_dep, session: SessionDep, itemId: str
    ) -> Response:
        row = c.find(session, customer_id, itemId)
        if c.audio_size is not None and wants_wav(request):
            return Response(wav_bytes(c.audio_size(row)), media_type="audio/wav")
        return json_response(dump(c.present(row, uris_for(request))))


def collection_router(c: Collection) -> APIRouter:
    """GET list and GET one under /customers/{customerId}/{name}."""
    router = APIRouter(tags=c.tags or [c.name])
    add_list_and_get(router, c, f"/customers/{{customerId}}/{c.name}", CustomerIdDep, c.name)
    return router


def alias_router(c: Collection, segment: str) -> APIRouter:
    """Another spelling of a collection: /api/v1/{segment} (the user's own customer) and, unless it
    is the collection's own name, /customers/{c}/{segment}. The spec uses /callbundles,
    /endpoint/{id} and /outgoingcallerid/{id} in places."""
    router = APIRouter(tags=c.tags or [c.name])
    add_list_and_get(router, c, f"/{segment}", HomeCustomerIdDep, f"{segment}-global", " (alias)")
    if segment != c.name:
        path = f"/customers/{{customerId}}/{segment}"
        add_list_and_get(router, c, path, CustomerIdDep, f"{segment}-alias", " (alias)")
    return router
