"""A resource is declared once: a toy one (tests/toy/widgets.py) appears in the list and get
routes, the customer's links, the OpenAPI document, the seeded data and scenarios."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TOY = Path(__file__).parent / "toy" / "widgets.py"


@pytest.fixture(scope="module")
def toy() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, str(TOY)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_its_list_has_its_fixture_and_generated_records_up_to_its_volume(toy):
    page = toy["list"]
    assert page["totalItems"] == 3
    assert page["items"][0]["id"] == "900"  # by id: the fixture first
    assert {item["type"] for item in page["items"]} == {"widget"}


def test_its_records_have_the_shared_fields_on_the_wire(toy):
    assert toy["one"] == {
        "type": "widget",
        "id": "900",
        "uri": "http://testserver/api/v1/customers/25/widgets/900",
        "parent": "http://testserver/api/v1/customers/25",
        "created": "2014-03-10T13:37:00.000+0000",
        "name": "gizmo",
        "colour": "blue",
    }


def test_every_customer_is_seeded_with_it(toy):
    assert toy["other customer"]["totalItems"] == 3
    assert all(item["parent"].endswith("/customers/26") for item in toy["other customer"]["items"])


def test_a_customer_links_to_it(toy):
    assert toy["links"]["widgets"] == "http://testserver/api/v1/customers/25/widgets"
    assert list(toy["links"])[-1] == "widgets"  # after the spec's links, in declaration order


def test_the_openapi_document_has_its_routes_and_model(toy):
    assert "/api/v1/customers/{customerId}/widgets" in toy["paths"]
    assert "/api/v1/customers/{customerId}/widgets/{itemId}" in toy["paths"]
    assert "WidgetPublic" in toy["schemas"]


def test_scenarios_can_set_its_records(toy):
    assert toy["scenario"] == {"applied": {"widgets": 1}}
    assert toy["after scenario"]["name"] == "sprocket"
