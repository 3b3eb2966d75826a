"""HTTP Basic auth: users from fixtures, the principal they make, and which customers they may see."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.uris import is_id

BASIC = HTTPBasic(auto_error=False, description="The same login as the PBX web portal.")
CHALLENGE = {"WWW-Authenticate": 'Basic realm="mock-pbx"'}


@dataclass(frozen=True)
class User:
    username: str
    password: str
    access_level: str  # ADMIN, EXTENSION or RESELLER, as the real service's levels
    customers: tuple[int, ...]  # the first is the user's own account, what `me` means

    @property
    def home(self) -> int:
        return self.customers[0]

    @property
    def is_admin(self) -> bool:
        return self.access_level in ("ADMIN", "RESELLER")


def load_users(fixtures: Path, username: str, password: str) -> dict[str, User]:
    """users.json, with the default admin's login replaced by MOCK_PBX_USERNAME/PASSWORD."""
    users = {}
    for raw in json.loads((fixtures / "users.json").read_text()):
        user = User(raw["username"], raw["password"], raw["accessLevel"], tuple(raw["customers"]))
        if raw.get("default"):
            user = User(username, password, user.access_level, user.customers)
        users[user.username] = user
    return users


async def authenticate(
    request: Request, credentials: Annotated[HTTPBasicCredentials | None, Depends(BASIC)]
) -> User:
    """The user behind the Basic credentials, or 401 with a Basic challenge (none for the web
    inbox: a challenge makes the browser put up its own login dialog over the page's)."""
    challenge = None if is_inbox_request(request.scope["headers"]) else CHALLENGE
    if credentials is None:
        raise Unauthorized("Authentication required", headers=challenge)
    users: dict[str, User] = request.app.state.users
    user = users.get(credentials.username)
    supplied = credentials.password.encode()
    if user is None or not secrets.compare_digest(supplied, user.password.encode()):
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
