"""Error types and the single JSON error body every 4xx/5xx response carries."""

import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

STATUS_MESSAGES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class PbxError(Exception):
    """An error the API answers with; raised anywhere, rendered once by the handlers below."""

    status = 400

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.message = message or STATUS_MESSAGES.get(self.status, "Error")
        self.headers = headers
        super().__init__(self.message)


class NotFound(PbxError):
    status = 404


class Conflict(PbxError):
    """The request is valid but the thing it acts on is not in a state to take it."""

    status = 409


class Unauthorized(PbxError):
    status = 401


class ValidationFailed(PbxError):
    """400 naming the fields at fault, as the real service's validationErrors do."""

    def __init__(self, errors: list[tuple[str, str]], message: str = "Validation failed") -> None:
        super().__init__(message)
        self.field_errors = errors


def invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([(field, message)])


def error_body(message: str, field_errors: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    if field_errors is None:
        return {"message": message, "errors": [{"message": message}]}
    items = [{"field": field, "message": text} for field, text in field_errors]
    return {"message": message, "errors": items, "validationErrors": items}


def error_response(
    status: int,
    message: str | None = None,
    field_errors: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    text = message or STATUS_MESSAGES.get(status, "Error")
    return JSONResponse(error_body(text, field_errors), status_code=status, headers=headers)


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
                self.patterns.append((regex, set(route.methods)))

    def allowed(self, path: str) -> str:
        methods: set[str] = set()
        for regex, route_methods in self.patterns:
            if regex.match(path):
                methods |= route_methods
        if "GET" in methods:
            methods.add("HEAD")
        return ", ".join(sorted(methods))


async def on_pbx_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PbxError)
    return error_response(exc.status, exc.message, getattr(exc, "field_errors", None), exc.headers)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = request.app.state.methods.allowed(request.url.path)
    message = STATUS_MESSAGES.get(exc.status_code) or str(exc.detail)
    return error_response(exc.status_code, message, headers=headers)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [(field_name(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
    return error_response(400, "Validation failed", errors)


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PbxError, on_pbx_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected_error)


class FieldError(BaseModel):
    field: str | None = None
    message: str


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer: a message and the errors; 400s name the fields at fault."""

    message: str
    errors: list[FieldError]
    validationErrors: list[FieldError] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Validation failed"),
        (401, "Authentication required"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (413, "Request body too large"),
        (429, "Too many requests"),
    )
}


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
