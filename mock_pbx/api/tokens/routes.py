"""POST /authenticate/ and GET /tokengenerator: both for a valid login (Basic, or a Bearer token,
which so can be renewed before it expires)."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from mock_pbx.api.auth import UserDep
from mock_pbx.api.responses import dump, json_response
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.tokens import ACCESS_SECONDS
from mock_pbx.wire.headers import is_inbox_request
from mock_pbx.wire.models import ApiDateTime, ApiModel

TAG = "authentication"
ACCESS_TAGS = [
    {
        "name": TAG,
        "description": "Tokens instead of the password: an access token for "
        "`Authorization: Bearer ...` (valid an hour on the emulator's clock), and single-use "
        "download tokens for `?tokenid=` on one read-only GET, such as a recording's `.wav` in an "
        "`<audio>` element. A reset forgets them all.",
    }
]

router = APIRouter(tags=[TAG])


class AccessToken(ApiModel):
    access_token: str = Field(
        description=f"Send as `Authorization: Bearer <token>`; valid {ACCESS_SECONDS // 60} "
        "minutes on the emulator's clock, with the rights of the login that asked for it"
    )


class DownloadToken(ApiModel):
    type: str = Field(default="authtoken", description="authtoken")
    id: str = Field(description="The token (a UUID): add `?tokenid=<id>` to one read-only GET")
    created: ApiDateTime = Field(description="When it was issued")
    expires: ApiDateTime = Field(description="One hour after it was issued; unused, it lapses")


@router.post(
    "/authenticate",
    name="authenticate",
    operation_id="authenticate",
    summary="Create an access token",
    response_model=AccessToken,
)
async def authenticate(request: Request, user: UserDep) -> Any:
    """The login's access token. Send `X-WWW-Authenticate: false` so that a 401 carries no
    `WWW-Authenticate` challenge (a browser would put up its own login dialog)."""
    runtime: Runtime = request.app.state.runtime
    token = runtime.tokens.issue_access(user.username, runtime.clock.now())
    return json_response(dump(AccessToken(access_token=token)))


@router.get(
    "/tokengenerator",
    name="tokengenerator",
    operation_id="createDownloadToken",
    summary="Create a download token",
    response_model=DownloadToken,
)
async def tokengenerator(request: Request, user: UserDep) -> Any:
    """A single-use token for `?tokenid=` on one GET or HEAD (a second use is a 401), valid an
    hour: for a URL a browser loads without credentials, such as a recording's `.wav`."""
    runtime: Runtime = request.app.state.runtime
    inbox = is_inbox_request(request.scope["headers"])
    token, grant = runtime.tokens.issue_download(user.username, runtime.clock.now(), inbox)
    body = DownloadToken(id=token, created=grant.created, expires=grant.expires)
    return json_response(dump(body))
