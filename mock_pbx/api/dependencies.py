"""FastAPI dependencies shared by the emulated API and the control API: the runtime, a database
session after due steps have run, and list paging."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlmodel import Session

from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageParams

# The cheap dependencies are async: FastAPI runs a sync one in a worker thread, a hop per request.


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for one request, after every lifecycle step that fell due has run: whichever way
    a record is read, it shows the state the clock says it is in. The routes that take it are
    `async def` and run on the event loop (see mock_pbx.runtime); a test holds every route to
    that."""
    runtime: Runtime = request.app.state.runtime
    async with runtime.db.turn() as session:
        runtime.sync(session)
        runtime.catch_up(session)
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def page_params(
    page: Annotated[int, Query(ge=1, description="The page number to return")] = 1,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=1, description="Items per page (max 200)")
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, size=min(page_size, MAX_PAGE_SIZE))


PageDep = Annotated[PageParams, Depends(page_params)]
