"""The list envelope: totalItems, pageSize, page, items, and absolute prevPage/nextPage links."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, Field
from starlette.requests import Request

from mock_pbx.wire.errors import NotFound

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


def in_memory(
    request: Request,
    collection_url: str,
    params: PageParams,
    items: Sequence[T],
    present: Callable[[T], Any] | None = None,
) -> dict[str, Any]:
    """One page of a list held in memory (derived, not queried), in the envelope; `present`
    makes the page's items, and only theirs, into what the answer shows."""
    page = items[params.offset : params.offset + params.size]
    shown = [present(item) for item in page] if present is not None else list(page)
    return envelope(request, collection_url, params, len(items), shown)


def item_with_id(
    items: Sequence[dict[str, Any]], item_id: str, missing: str | None = None
) -> dict[str, Any]:
    """The item of a list held in memory whose `id` this is, or a 404 (saying `missing`)."""
    found = next((item for item in items if item["id"] == item_id), None)
    if found is None:
        raise NotFound(missing)
    return found
