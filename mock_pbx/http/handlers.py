"""The one error path: every exception becomes the JSON error body (400 for validation, never
FastAPI's 422), a 405 says which methods are allowed, and the OpenAPI document says so."""

import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from mock_pbx.wire.errors import STATUS_MESSAGES, PbxError, ValidationFailed, error_response


def field_name(loc: tuple[Any, ...]) -> str:
    """('body', 'speedDial') -> 'speedDial'; a JSON decode error (('body', 12)) -> 'body'."""
    if not loc:
        return "body"
    named = [str(part) for part in loc[1:] if not isinstance(part, int)]
    return ".".join(named) or str(loc[0])


class MethodTable:
    """Which methods each path template accepts, for the Allow header of a 405."""

    def __init__(self) -> None:
        self.patterns: list[tuple[re.Pattern[str], set[str]]] = []

    def add_router(self, router: APIRouter, prefix: str) -> None:
        for route in router.routes:
            if isinstance(route, APIRoute):
                regex, _, _ = compile_path(prefix + route.path)
                self.patterns.append((regex, set(route.methods or ())))

    def allowed(self, path: str) -> str:
        methods: set[str] = set()
        for regex, route_methods in self.patterns:
            if regex.match(path):
                methods |= route_methods
        if "GET" in methods:
            methods.add("HEAD")
        return ", ".join(sorted(methods))


async def on_pbx_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PbxError)  # registered for PbxError only
    field_errors = exc.field_errors if isinstance(exc, ValidationFailed) else None
    return error_response(exc.status, exc.message, field_errors, exc.headers)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # registered for HTTPException only
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        methods: MethodTable = request.app.state.methods
        headers["Allow"] = methods.allowed(request.url.path)
    message = STATUS_MESSAGES.get(exc.status_code) or str(exc.detail)
    return error_response(exc.status_code, message, headers=headers)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for it only
    errors = [(field_name(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
    return error_response(400, "Validation failed", errors)


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PbxError, on_pbx_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected_error)


def openapi_without_422(app: FastAPI) -> dict[str, Any]:
    """FastAPI documents 422 for every route with parameters; mock-pbx answers 400 (never 422), as
    the real API does, and documents that instead."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    app.openapi_schema = schema
    return schema
