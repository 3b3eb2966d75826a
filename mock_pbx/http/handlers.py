"""The one error path: every exception becomes the JSON error body (400 for validation, never
FastAPI's 422), a 405 says which methods are allowed, and the OpenAPI document says so; the
document also describes each group (tag) and shows the spec's examples (tests/test_openapi.py
holds it fit for client generators)."""

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from mock_pbx.resources import Resource
from mock_pbx.seeding.fixtures import FIXTURES_DIR
from mock_pbx.wire.errors import STATUS_MESSAGES, PbxError, ValidationFailed, error_response


def field_name(loc: tuple[Any, ...]) -> str:
    """('body', 'speedDial') -> 'speedDial'; ('body', 'items', 0, 'key') -> 'items[0].key', as
    the account rules name a place in a list; a JSON decode error (('body', 12)) -> 'body'."""
    if not loc:
        return "body"
    named: list[str] = []
    for part in loc[1:]:
        if not isinstance(part, int):
            named.append(str(part))
        elif named:  # an index into the list just named (a leading int is a decode position)
            named[-1] += f"[{part}]"
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


# The emulated API's groups that are not a declared resource; each resource's group is described
# by its declaration (Resource.about).
API_TAGS = {
    "customers": "The accounts the login may see (`me` is its own), and each one's credit status.",
    "stream": "Live events (`incomingcall`, `smsreceived`, `smsdelivered`, `callended`) as one "
    "long-held chunked response; for account admins.",
}
SPEC_EXAMPLES = FIXTURES_DIR / "spec_examples.json"


def openapi_without_422(app: FastAPI) -> dict[str, Any]:
    """FastAPI documents 422 for every route with parameters; mock-pbx answers 400 (never 422), as
    the real API does, and documents that instead. Every group gets its description, and the
    operations the spec gives an example answer for show it."""
    if app.openapi_schema:
        return app.openapi_schema
    resources: Sequence[Resource[Any]] = app.state.resources
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=[*api_tags(resources), *(app.openapi_tags or [])],
    )
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    add_examples(schema, json.loads(SPEC_EXAMPLES.read_text()))
    app.openapi_schema = schema
    return schema


def api_tags(resources: Sequence[Resource[Any]]) -> list[dict[str, str]]:
    """The emulated API's groups, in the document's order: customers, the collections, stream."""
    collections = [
        {"name": name, "description": r.about}
        for r in resources
        for name in (r.tags or [r.name])
        if r.about
    ]
    described = [{"name": name, "description": text} for name, text in API_TAGS.items()]
    return [described[0], *collections, *described[1:]]


def spec_example(value: Any) -> Any:
    """The spec's example as the emulator answers it: its uris name customer 25, not `me` (an
    erratum), and its 4-digit fractions of a second (typos) have 3."""
    text = json.dumps(value).replace("/customers/me/", "/customers/25/")
    return json.loads(re.sub(r"(T\d\d:\d\d:\d\d\.\d{3})\d\+0000", r"\1+0000", text))


def add_examples(schema: dict[str, Any], examples: list[dict[str, Any]]) -> None:
    """Each of the spec's example requests and answers, on the operation whose path it was asked
    of; then on every other operation that answers the same model (an alias, a write) and has
    none yet, a list's first item standing for one of its items."""
    by_model: dict[str, Any] = {}
    for example in examples:
        method, url = example["request"].split(" ", 1)
        request = (method.lower(), urlsplit(url).path)
        for body in json_answers(schema, *request, status=example["status"]):
            if example["response"] is not None:
                body["example"] = spec_example(example["response"])
                by_model.setdefault(json.dumps(body["schema"]), body["example"])
        for body in json_bodies(schema, *request) if "requestBody" in example else []:
            body["example"] = spec_example(example["requestBody"])
    for key, example in list(by_model.items()):
        item = page_item_schema(schema, json.loads(key))
        if item is not None and example.get("items"):
            by_model.setdefault(json.dumps(item), example["items"][0])
    for body in json_answers(schema):
        body.setdefault("example", by_model.get(json.dumps(body.get("schema"))))
        if body["example"] is None:
            del body["example"]


def page_item_schema(schema: dict[str, Any], model: dict[str, Any]) -> Any:
    """The schema of a list envelope's items ({"$ref": ...}), or None if `model` is no list."""
    name = str(model.get("$ref", "")).rsplit("/", 1)[-1]
    component = schema.get("components", {}).get("schemas", {}).get(name, {})
    return component.get("properties", {}).get("items", {}).get("items")


def json_bodies(schema: dict[str, Any], method: str, path: str) -> list[dict[str, Any]]:
    """The JSON request body of the operation that answers this request, if it takes one."""
    return [
        body
        for template, methods in schema.get("paths", {}).items()
        if compile_path(template)[0].match(path) and method in methods
        if (
            body := methods[method]
            .get("requestBody", {})
            .get("content", {})
            .get("application/json")
        )
        is not None
    ]


def json_answers(
    schema: dict[str, Any], method: str = "", path: str = "", status: int = 0
) -> list[dict[str, Any]]:
    """The JSON content of the answers of the document's operations: every one, or those of a
    request (method, path) with this status."""
    return [
        body
        for template, methods in schema.get("paths", {}).items()
        if not path or compile_path(template)[0].match(path)
        for verb, operation in methods.items()
        if not method or verb == method
        for code, answer in operation.get("responses", {}).items()
        if not status or code == str(status)
        if (body := answer.get("content", {}).get("application/json")) is not None
    ]
