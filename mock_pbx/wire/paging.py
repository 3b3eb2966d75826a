"""The list envelope: totalItems, pageSize, page, items, and absolute prevPage/nextPage links."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, Field
from starlette.requests import Request

MAX_PAGE_SIZE = 200  # the real API serves at most 200 items a page, and says so in pageSize
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """The list envelope; prevPage and nextPage are left out when there is no such page."""

    totalItems: int = Field(description="How many items the list has, over all its pages")
    pageSize: int = Field(
        description="Items per page: the pageSize asked for (default 20, max 200)"
    )
    page: int = Field(description="This page's number, from 1")
    items: list[T] = Field(description="This page's items")
    prevPage: str | None = Field(
        None,
        description="The previous page's absolute URL, with the same filters; left out on page 1",
    )
    nextPage: str | None = Field(
        None,
        description="The next page's absolute URL, with the same filters; left out on the last",
    )


@dataclass(frozen=True)
class PageParams:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def one_page(items: Sequence[T], params: PageParams) -> list[T]:
    """This page's share of a list held in memory (a list derived, not queried)."""
    return list(items[params.offset : params.offset + params.size])


def page_link(request: Request, collection_url: str, params: PageParams, page: int) -> str:
    """A link to another page of the same list, keeping every filter the request had."""
    query: list[tuple[str, str]] = []
    for key, value in request.query_params.multi_items():
        if key == "page" or key.startswith("_"):
            continue
        query.append((key, str(params.size) if key == "pageSize" else value))
    query.append(("page", str(page)))
    return f"{collection_url}?{urlencode(query)}"


def envelope(
    request: Request,
    collection_url: str,
    params: PageParams,
    total: int,
    items: list[Any],
) -> dict[str, Any]:
    """One page of a list of `total` items, with links to the pages around it."""
    body: dict[str, Any] = {
        "totalItems": total,
        "pageSize": params.size,
        "page": params.page,
        "items": items,
    }
    if params.page > 1 and total > 0:
        last = max(1, -(-total // params.size))
        body["prevPage"] = page_link(request, collection_url, params, min(params.page - 1, last))
    if params.offset + params.size < total:
        body["nextPage"] = page_link(request, collection_url, params, params.page + 1)
    return body
