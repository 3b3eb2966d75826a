"""/docs (Swagger UI) and /redoc (ReDoc), served with no network: FastAPI's own pages load their
scripts from a CDN, so an offline sandbox showed a blank page. These use FastAPI's page builders
pointed at the files the fastapi-offline package ships (a dependency), served from /_docs/.

A Content-Security-Policy keeps the pages to this server: a page that tried to load something
from elsewhere would be refused by the browser, which a test would see as a page that no longer
renders."""

import importlib.util
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from mock_pbx.wire.errors import NotFound

ASSETS_PREFIX = "/_docs"
ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"})
# Swagger UI starts from an inline script; ReDoc styles itself inline, draws with data: images and
# searches in a blob: worker. Nothing may come from another origin.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)

router = APIRouter(include_in_schema=False)


@cache
def package_assets() -> StaticFiles:
    """fastapi-offline's static folder, found without importing the package (which would import
    its FastAPI subclass for nothing)."""
    spec = importlib.util.find_spec("fastapi_offline")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise RuntimeError("fastapi-offline is not installed: pip install fastapi-offline")
    return StaticFiles(directory=Path(folders[0]) / "static")


def asset_url(request: Request, name: str) -> str:
    return f"{request.scope.get('root_path', '')}{ASSETS_PREFIX}/{name}"


def openapi_url(request: Request) -> str:
    return f"{request.scope.get('root_path', '')}{request.app.openapi_url}"


def with_policy(page: Response) -> Response:
    page.headers["Content-Security-Policy"] = POLICY
    page.headers["Cache-Control"] = "no-cache"  # a revalidated page never runs an old document
    return page


@router.get("/docs", name="docs:swagger")
async def swagger_ui(request: Request) -> Response:
    page = get_swagger_ui_html(
        openapi_url=openapi_url(request),
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=asset_url(request, "swagger-ui-bundle.js"),
        swagger_css_url=asset_url(request, "swagger-ui.css"),
        swagger_favicon_url=asset_url(request, "favicon.png"),
        oauth2_redirect_url=None,  # no OAuth here: Basic for the API, a token for /_admin
        swagger_ui_parameters=request.app.swagger_ui_parameters,
    )
    return with_policy(page)


@router.get("/redoc", name="docs:redoc")
async def redoc(request: Request) -> Response:
    page = get_redoc_html(
        openapi_url=openapi_url(request),
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=asset_url(request, "redoc.standalone.js"),
        redoc_favicon_url=asset_url(request, "favicon.png"),
        with_google_fonts=False,
    )
    return with_policy(page)


@router.get(ASSETS_PREFIX + "/{name}", name="docs:asset")
async def docs_asset(request: Request, name: str) -> Response:
    """One of the four files, with an ETag and a 304 when the browser has it already."""
    if name not in ASSETS:
        raise NotFound("No such file")
    return await package_assets().get_response(name, request.scope)
