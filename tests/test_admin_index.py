"""GET /_admin lists the control routes (the banner's `control` link), read from the routes
themselves; the control API's operations are grouped by purpose, each with a short camelCase
operation id and a one-line summary in one style."""

import re

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.admin.tags import DESCRIPTIONS
from mock_pbx.settings import Settings

INDEX = "http://testserver/_admin"
OPENAPI = "http://testserver/openapi.json"
CAMEL_CASE = re.compile(r"^[a-z]+(?:[A-Z][a-z]+)*$")
# Sentence case, a verb first, no closing full stop, short enough for one line of the index.
SUMMARY = re.compile(r"^[A-Z][a-z]+\b[^.\n]{2,60}$")


def control_operations(document) -> dict[tuple[str, str], dict]:
    """Every operation under /_admin, and the health check orchestrators use, by method and path."""
    return {
        (method.upper(), path): operation
        for path, operations in document["paths"].items()
        if path.startswith("/_admin") or path == "/healthz"
        for method, operation in operations.items()
    }


def test_the_index_lists_every_control_route_once(client):
    document = client.get(OPENAPI).json()
    index = client.get(INDEX)
    assert index.status_code == 200
    lines = [(line["method"], line["path"]) for line in index.json()["items"]]
    assert len(lines) == len(set(lines))
    assert set(lines) == set(control_operations(document))
    assert {("GET", "/_admin"), ("POST", "/_admin/reset"), ("POST", "/_admin/clock")} <= set(lines)
    assert len(lines) >= 34


def test_each_line_is_a_method_a_path_and_the_operations_summary(client):
    operations = control_operations(client.get(OPENAPI).json())
    for line in client.get(INDEX).json()["items"]:
        operation = operations[(line["method"], line["path"])]
        assert line["summary"] == operation["summary"] and "\n" not in line["summary"]
        assert line["tag"] in operation["tags"] and line["operationId"] == operation["operationId"]


def test_the_index_groups_lines_in_the_order_of_its_groups(client):
    body = client.get(INDEX).json()
    assert list(body["groups"]) == list(DESCRIPTIONS)
    order = [list(DESCRIPTIONS).index(line["tag"]) for line in body["items"]]
    assert order == sorted(order)
    assert body["docs"] == "/docs" and client.get(f"http://testserver{body['openapi']}").is_success


def test_a_route_added_to_the_app_is_in_the_index():
    """Not a list kept by hand: a new control route shows without touching the index."""
    app = create_app(Settings(scale=0.1))

    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    app.add_api_route(
        "/_admin/ping", ping, operation_id="ping", summary="Ping", tags=["admin: faults"]
    )
    with TestClient(app) as client:
        lines = client.get(INDEX).json()["items"]
    assert {"method": "GET", "path": "/_admin/ping", "summary": "Ping"}.items() <= lines[-1].items()


@pytest.fixture(scope="module")
def guarded():
    with TestClient(create_app(Settings(admin_token="s3cret", scale=0.1))) as client:
        yield client


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"X-Admin-Token": "wrong"}, 401),
        ({"X-Admin-Token": "s3cret"}, 200),
        ({"Authorization": "Bearer s3cret"}, 200),
    ],
)
def test_the_index_needs_the_token_as_the_other_control_routes_do(guarded, headers, status):
    index = guarded.get(INDEX, headers=headers)
    assert (
        index.status_code == status == guarded.get(f"{INDEX}/faults", headers=headers).status_code
    )
    if status == 401:
        assert index.json()["message"] and index.headers["www-authenticate"].startswith("Bearer")


def test_a_foreign_web_page_cannot_read_the_index(client):
    response = client.get(INDEX, headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 403 and response.json()["errors"]


def test_every_control_operation_has_a_unique_camel_case_id_and_a_purpose_tag(client):
    operations = control_operations(client.get(OPENAPI).json())
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids))
    for (method, path), operation in operations.items():
        assert CAMEL_CASE.match(operation["operationId"]), (method, path)
        assert len(operation["operationId"]) <= 24, (method, path)
        assert len(operation["tags"]) == 1 and operation["tags"][0] in DESCRIPTIONS, (method, path)
        assert SUMMARY.match(operation["summary"]), (method, path, operation["summary"])


def test_every_purpose_tag_is_described_in_the_document(client):
    document = client.get(OPENAPI).json()
    described = {tag["name"]: tag["description"] for tag in document["tags"]}
    for name, description in DESCRIPTIONS.items():
        assert described[name] == description and len(description) > 40
    used = {tag for op in control_operations(document).values() for tag in op["tags"]}
    assert used == set(DESCRIPTIONS)  # no group left empty
