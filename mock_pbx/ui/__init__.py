"""The web inbox: a page at / and /_ui that shows every SMS and call and acts as the handset.

A few static files (the page, app.js and app.css, and panels.js and panels.css for the Account
panel's journal detail and fault form), written plainly and served from the package: no build
step, nothing fetched from a CDN, so the page works offline. The page signs in with the API's
Basic credentials in its own form and calls the emulated API and /_admin itself (see app.js),
marking its requests with X-Mock-Pbx-Client (mock_pbx.wire.headers). A server left on the
documented default login tells its page that login (GET /_ui/config), and the page signs in by
itself, as Mailpit opens straight into its inbox."""

from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mock_pbx.api.dependencies import RuntimeDep
from mock_pbx.settings import Settings
from mock_pbx.wire.errors import NotFound

HERE = Path(__file__).parent
ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "panels.js": "text/javascript; charset=utf-8",  # the Account panel's journal detail, fault form
    "panels.css": "text/css; charset=utf-8",
}

router = APIRouter(include_in_schema=False)


@cache
def asset(name: str) -> bytes:
    return (HERE / name).read_bytes()


def serve(name: str) -> Response:
    # no-cache: a browser revalidates, so an upgraded server never runs an old page.
    return Response(asset(name), media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})


@router.get("/", name="ui:root")
@router.get("/_ui", name="ui:page")
async def page() -> Response:
    return serve("index.html")


@router.get("/_ui/config", name="ui:config")
async def config(request: Request, runtime: RuntimeDep) -> dict[str, dict[str, str] | None]:
    """What the page needs before it signs in: `defaultLogin`, the login to use by itself, or null
    (the form asks). Only the documented default is told (nothing the README does not say), and
    only to mock-pbx's own pages: a browser marks another site's request cross-site."""
    own_page = request.headers.get("sec-fetch-site") in (None, "same-origin", "none")
    return {"defaultLogin": default_login(runtime.settings) if own_page else None}


def default_login(settings: Settings) -> dict[str, str] | None:
    """demo/demo while the login is the documented default and no admin token is set (with one,
    the form asks for it)."""
    fields = Settings.model_fields
    documented = (fields["username"].default, fields["password"].default)
    if (settings.username, settings.password) != documented or settings.admin_token:
        return None
    return {"username": settings.username, "password": settings.password}


@router.get("/_ui/{name}", name="ui:asset")
async def static_asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound("No such file")
    return serve(name)
