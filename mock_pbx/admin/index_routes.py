"""GET /_admin: the control routes, one line each, read from the app's OpenAPI document (which
FastAPI builds from the routes: their tags, methods, paths and summaries), so the index cannot
miss a route, describe one that is gone, or say other than /docs does."""

from typing import Any

from fastapi import APIRouter, Request

from mock_pbx.admin import tags

GROUPS = list(tags.DESCRIPTIONS)  # the order /docs shows them in


def control_lines(document: dict[str, Any]) -> list[dict[str, str]]:
    """Each operation tagged as a control group, grouped in the tags' order, in route order
    within a group."""
    lines = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            group = next((t for t in operation.get("tags", ()) if t in tags.DESCRIPTIONS), None)
            if group is not None:
                line = {"method": method.upper(), "path": path, "summary": operation["summary"]}
                lines.append({**line, "tag": group, "operationId": operation["operationId"]})
    return sorted(lines, key=lambda line: GROUPS.index(line["tag"]))  # a stable sort


def control_index(request: Request) -> dict[str, Any]:
    """Every route of the control API: method, path and a one-line summary; /docs and
    /openapi.json describe them in full."""
    root = request.scope.get("root_path", "")
    return {
        "docs": f"{root}/docs",
        "openapi": f"{root}{request.app.openapi_url}",
        "groups": dict(tags.DESCRIPTIONS),
        "items": control_lines(request.app.openapi()),
    }


def add_index(router: APIRouter) -> None:
    """GET on the control router's own prefix, /_admin: FastAPI refuses an empty path in a router
    included without a prefix, so it goes on that router, behind the same token."""
    router.add_api_route(
        "",
        control_index,
        methods=["GET"],
        name="admin:index",
        operation_id="listControlRoutes",
        summary="List the control routes",
        tags=[tags.SERVICE],
    )
