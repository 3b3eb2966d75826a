"""Auth on the routes: the user a request's credentials name (HTTP Basic, a Bearer access token
or a spent `?tokenid=`: mock_pbx.domain.logins.login), and which customers they may see."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPBasic, HTTPBearer

from mock_pbx.domain.logins import User, Users, login
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import DOWNLOAD_LOGIN, TOKENID, bearer_token
from mock_pbx.wire.errors import NotFound, Unauthorized
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.uris import is_id


class DeclaredBasic(HTTPBasic):
    """The scheme, for the OpenAPI document only: the header is read by domain.logins.login,
    which every path asks alike (these routes, the lean path, the rate limit, the journal);
    FastAPI's own check would answer a malformed header with a challenge of its own."""

    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


class DeclaredBearer(HTTPBearer):
    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


BASIC = DeclaredBasic(
    scheme_name="HTTPBasic", auto_error=False, description="The same login as the PBX web portal."
)
BEARER = DeclaredBearer(
    scheme_name="HTTPBearer",
    auto_error=False,
    description="An access token from POST /authenticate/ (an hour on the emulator's clock).",
)
CHALLENGE = {"WWW-Authenticate": 'Basic realm="mock-pbx"'}


def challenge_for(request: Request) -> dict[str, str] | None:
    """The Basic challenge of a 401, but none for the web inbox or a client that sends
    `X-WWW-Authenticate: false` (a challenge makes a browser put up its own login dialog)."""
    if is_inbox_request(request.scope["headers"]):
        return None
    if request.headers.get("x-www-authenticate", "").strip().lower() == "false":
        return None
    return CHALLENGE


async def authenticate(
    request: Request,
    basic: Annotated[object, Depends(BASIC)],
    bearer: Annotated[object, Depends(BEARER)],
) -> User:
    """The user behind the Basic credentials, the Bearer token or the spent `?tokenid=`, or 401."""
    authorization = request.headers.get("authorization")
    download = request.scope.get(DOWNLOAD_LOGIN)
    if authorization is None and DOWNLOAD_LOGIN not in request.scope:
        message = "Authentication required"
        if TOKENID in request.query_params and request.method != "GET":
            message = "A tokenid is accepted only on GET and HEAD"
        raise Unauthorized(message, headers=challenge_for(request))
    runtime: Runtime = request.app.state.runtime
    users: Users = request.app.state.users
    raw = authorization.encode("latin-1") if authorization is not None else None
    user = login(users, runtime.tokens, raw, download, runtime.clock.now())
    if user is None:
        raise Unauthorized(refusal(raw), headers=challenge_for(request))
    request.state.username = user.username
    return user


def refusal(authorization: bytes | None) -> str:
    if authorization is None:
        return "The tokenid is unknown, used or expired"
    if bearer_token(authorization) is not None:
        return "The access token is unknown or expired"
    return "Invalid username or password"


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
