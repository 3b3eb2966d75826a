"""HTTP Basic auth on the routes: the user a request's credentials name (mock_pbx.domain.logins),
and which customers they may see."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from mock_pbx.domain.logins import User, Users, verified
from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.uris import is_id

BASIC = HTTPBasic(auto_error=False, description="The same login as the PBX web portal.")
CHALLENGE = {"WWW-Authenticate": 'Basic realm="mock-pbx"'}


async def authenticate(
    request: Request, credentials: Annotated[HTTPBasicCredentials | None, Depends(BASIC)]
) -> User:
    """The user behind the Basic credentials, or 401 with a Basic challenge (none for the web
    inbox: a challenge makes the browser put up its own login dialog over the page's)."""
    challenge = None if is_inbox_request(request.scope["headers"]) else CHALLENGE
    if credentials is None:
        raise Unauthorized("Authentication required", headers=challenge)
    users: Users = request.app.state.users
    user = verified(users, credentials.username, credentials.password)
    if user is None:
        raise Unauthorized("Invalid username or password", headers=challenge)
    request.state.username = user.username
    return user


UserDep = Annotated[User, Depends(authenticate)]


def customer_id_for(user: User, customer: str) -> int:
    """`me` is the user's own account; any other customer must be one the user may see."""
    if customer == "me":
        return user.home
    if not is_id(customer):
        raise NotFound()
    customer_id = int(customer)
    if customer_id not in user.customers:
        # The real API answers 401 ("insufficient credentials") for another account's data.
        raise Unauthorized("You do not have access to this customer")
    return customer_id


async def scoped_customer_id(
    user: UserDep,
    customer: Annotated[str, PathParam(alias="customerId", description="A customer id or `me`")],
) -> int:
    return customer_id_for(user, customer)


CustomerIdDep = Annotated[int, Depends(scoped_customer_id)]


async def home_customer_id(user: UserDep) -> int:
    """For the spec's global aliases (/api/v1/callbundles, ...): the user's own account."""
    return user.home


HomeCustomerIdDep = Annotated[int, Depends(home_customer_id)]


def require_admin(user: User, what: str) -> None:
    """Account-wide settings are for company admins and resellers; an extension user gets the
    real API's 401 for insufficient access."""
    if not user.is_admin:
        raise Unauthorized(f"Only an account admin may {what}")
