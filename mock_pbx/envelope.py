"""The wire format shared by every resource: camelCase models, dates, the list envelope and paging."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ConfigDict, PlainSerializer
from pydantic.alias_generators import to_camel
from sqlalchemy import Select, func
from sqlmodel import Session

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20


def format_datetime(moment: datetime) -> str:
    """The spec's date format: 2014-03-10T13:37:00.000+0000 (milliseconds, offset without a colon)."""
    m = moment.astimezone(UTC) if moment.tzinfo else moment
    # Formatted by hand, not strftime: twice as fast, and every listed record has two dates.
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond // 1000:03d}+0000"
    )


ApiDateTime = Annotated[
    datetime, PlainSerializer(format_datetime, return_type=str, when_used="json")
]


class ApiModel(BaseModel):
    """Base of every public representation: camelCase on the wire, built from table rows."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """The list envelope; prevPage and nextPage are left out when there is no such page."""

    totalItems: int
    pageSize: int
    page: int
    items: list[T]
    prevPage: str | None = None
    nextPage: str | None = None


@dataclass(frozen=True)
class PageParams:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


async def page_params(
    page: Annotated[int, Query(ge=1, description="The page number to return")] = 1,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=1, description="Items per page (max 200)")
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    # The real API serves at most 200 items a page and says so in pageSize.
    return PageParams(page=page, size=min(page_size, MAX_PAGE_SIZE))


# The cheap dependencies are async: FastAPI runs a sync one in a worker thread, a hop per request.
PageDep = Annotated[PageParams, Depends(page_params)]


def page_link(request: Request, collection_url: str, params: PageParams, page: int) -> str:
    """A link to another page of the same list, keeping every filter the request had."""
    query: list[tuple[str, str]] = []
    for key, value in request.query_params.multi_items():
        if key == "page" or key.startswith("_"):
            continue
        query.append((key, str(params.size) if key == "pageSize" else value))
    query.append(("page", str(page)))
    return f"{collection_url}?{urlencode(query)}"


def paginate(
    session: Session,
    statement: Select[Any],
    params: PageParams,
    request: Request,
    collection_url: str,
    present: Callable[[Any], Any],
) -> dict[str, Any]:
    """Count, slice and wrap one list query in the envelope, with absolute page links."""
    # Core statements on the session's connection: the ORM's execution layer has nothing to add
    # to a select of plain columns, and costs a third of each query.
    connection = session.connection()
    total = connection.execute(count_of(statement)).scalar_one()
    rows: Sequence[Any] = []
    if params.offset < total:  # also keeps absurd page numbers away from SQL integer limits
        rows = connection.execute(page_of(statement, params)).all()
    body: dict[str, Any] = {
        "totalItems": total,
        "pageSize": params.size,
        "page": params.page,
        "items": [present(row) for row in rows],
    }
    if params.page > 1 and total > 0:
        last = max(1, -(-total // params.size))
        body["prevPage"] = page_link(request, collection_url, params, min(params.page - 1, last))
    if params.offset + params.size < total:
        body["nextPage"] = page_link(request, collection_url, params, params.page + 1)
    return body


def count_of(statement: Select[Any]) -> Select[Any]:
    """The list's size: its WHERE over its table, no ORDER BY or subquery (an index answers it)."""
    return statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)


def page_of(statement: Select[Any], params: PageParams) -> Select[Any]:
    """One page, ids first: the offset is skipped over an index (ids only), and only the page's
    rows are read from the table. A deep page costs about what the first does."""
    table = statement.columns_clause_froms[0]  # (get_final_froms compiles the statement)
    ids = statement.with_only_columns(table.c.id).offset(params.offset).limit(params.size)
    return statement.where(table.c.id.in_(ids.correlate(None).scalar_subquery()))
