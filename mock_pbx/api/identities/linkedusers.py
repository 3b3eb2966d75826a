"""GET /customers/{c}/linkedusers/me (the caller's own web user) and DELETE of a linked user,
with `?removeUser=true` also removing the web user, and so its login (until a reset)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session, col, delete, select

from mock_pbx.api.auth import CustomerIdDep, UserDep, require_admin
from mock_pbx.api.dependencies import RuntimeDep, SessionDep
from mock_pbx.api.responses import json_response
from mock_pbx.domain.logins import User, Users
from mock_pbx.models.access.linkeduser import LinkedUser
from mock_pbx.resources.access.linkedusers import LINKEDUSERS
from mock_pbx.seeding.identities import login_user_ids
from mock_pbx.settings import Settings
from mock_pbx.wire.errors import NotFound, invalid
from mock_pbx.wire.uris import uris_for

# Mounted before the collection's own GET /linkedusers/{id}, which would take `me` for an id.
router = APIRouter(tags=["linkedusers"])


def own_user_id(settings: Settings, user: User) -> str | None:
    return login_user_ids(settings.username, settings.password).get(user.username)


def own_linked_user(
    session: Session, settings: Settings, user: User, customer_id: int
) -> LinkedUser | None:
    """The caller's own linked user on this customer (None once it has been unlinked)."""
    statement = select(LinkedUser).where(
        col(LinkedUser.customer_id) == customer_id,
        col(LinkedUser.user_id) == own_user_id(settings, user),
    )
    return session.exec(statement).first()


@router.get(
    "/customers/{customerId}/linkedusers/me",
    name="linkedusers:me",
    operation_id="getMyLinkedUser",
    summary="Get the caller's own linked user",
    responses={200: {"model": LINKEDUSERS.public}},
)
async def get_me(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> JSONResponse:
    """The web user the credentials belong to, as linked to this customer (its defaultExtension
    is what the Node client's getUA() registers as)."""
    row = own_linked_user(session, runtime.settings, user, customer_id)
    if row is None:
        raise NotFound("You are not a linked user of this customer")
    return json_response(LINKEDUSERS.present(row, uris_for(request)))


@router.delete(
    "/customers/{customerId}/linkedusers/{itemId}",
    name="linkedusers:delete",
    operation_id="deleteLinkedUser",
    summary="Delete a linked user",
    status_code=204,
)
async def delete_linked_user(
    request: Request,
    user: UserDep,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    itemId: str,
    remove_user: Annotated[
        bool,
        Query(
            alias="removeUser",
            description="Also delete the web user itself: its links to every customer and its "
            "login (which then gets 401 until a reset)",
        ),
    ] = False,
) -> Response:
    """Unlink a web user (admins and resellers only; not yourself); 204 with no body."""
    require_admin(user, "remove a web user")
    row = LINKEDUSERS.find(session, customer_id, itemId)
    if row.user_id == own_user_id(runtime.settings, user):
        raise invalid("id", "You cannot remove your own linked user")
    if remove_user:
        session.exec(delete(LinkedUser).where(col(LinkedUser.user_id) == row.user_id))
        remove_login(request.app.state.users, runtime.settings, row.user_id)
    else:
        session.delete(row)
    session.commit()
    return Response(status_code=204)


def remove_login(users: Users, settings: Settings, user_id: str) -> None:
    """The emulator's login of this web user, if it is one, stops working in this process: the
    login list is shared by every route and the front door; a reset puts it back."""
    for username, login_id in login_user_ids(settings.username, settings.password).items():
        if login_id == user_id:
            users.pop(username, None)
