"""Every example response of the spec, reproduced key for key by the seeded data."""

import json
import re
from typing import Any

import pytest

from mock_pbx.http.handlers import SPEC_EXAMPLES

EXAMPLES = json.loads(SPEC_EXAMPLES.read_text())
GET_EXAMPLES = [e for e in EXAMPLES if e["request"].startswith("GET ")]

# Where the spec contradicts itself, one side is kept and the other listed here, by path in the body.
CONFLICTS = {
    # Same sms 253368: the list example says from 01212854400, the get and send examples 07557000000.
    ("/customers/me/sms?pageSize=1&page=1", "items.0.from"),
    # Same timeinterval 31: the list example shows three blocks, the get example one MON-SUN block.
    ("/customers/me/timeintervals?pageSize=1&page=1", "items.0.data"),
    # Volumes: 23,686 calls and 5,788 recordings in the examples; seeded at hundreds (MOCK_PBX_SCALE).
    ("/customers/me/calls?pageSize=1", "totalItems"),
    ("/customers/me/recordings?pageSize=1", "totalItems"),
}
SPEC_HOST = "https://pbx.sipcentric.com/api/v1"
# List examples whose 2014 record is no longer on page 1: the generated history is newer, with
# higher ids (ids grow with time, as on the real service), so the record sits at the end of its
# newest-first list. Asked at its page instead: how many of the list's records come after it.
AFTER_IT = {
    "/customers/me/sms?pageSize=1&page=1": 0,
    "/customers/me/calls?pageSize=1": 1,  # call 7592316, a minute older
    "/customers/me/recordings?pageSize=1": 0,
}


def normalised(value: Any) -> Any:
    """The spec's host and `me` become ours and 25; its 4-digit fractions (typos) become 3 digits."""
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, str):
        value = value.replace("https://pbx.sipcentric.com/api/v1", "http://testserver/api/v1")
        value = value.replace("/customers/me/", "/customers/25/").replace(
            "/customers/me?", "/customers/25?"
        )
        return re.sub(r"(T\d\d:\d\d:\d\d\.\d{3})\d\+0000$", r"\1+0000", value)
    return value


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every key of the example missing from or different in the response (extra keys are fine)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object"]
        return [
            d
            for key, value in expected.items()
            for d in differences(value, actual.get(key, "<missing>"), f"{path}.{key}".lstrip("."))
        ]
    if (
        isinstance(expected, list)
        and isinstance(actual, list)
        and expected
        and len(actual) >= len(expected)
    ):
        return [
            d
            for i, value in enumerate(expected)
            for d in differences(value, actual[i], f"{path}.{i}")
        ]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def example_path(example: dict[str, Any]) -> str:
    return example["request"].split("/api/v1", 1)[1]


def where_it_is(client, example: dict[str, Any]) -> tuple[str, Any]:
    """The example's request and response, moved to the page its record is on now (one
    record a page, as the example asks): the same record, that page's number and links."""
    path, response = example_path(example), example["response"]
    if path not in AFTER_IT:
        return path, response
    total = client.get(path).json()["totalItems"]
    page = total - AFTER_IT[path]
    collection = path.split("?")[0]
    moved = {key: value for key, value in response.items() if key != "nextPage"}
    moved["page"] = page
    if page < total:
        moved["nextPage"] = f"{SPEC_HOST}{collection}?pageSize=1&page={page + 1}"
    return f"{collection}?pageSize=1&page={page}", moved


@pytest.mark.parametrize("example", GET_EXAMPLES, ids=example_path)
def test_spec_example_is_reproduced_key_for_key(client, example):
    """GET the example's URL; every key of the example response comes back with its value."""
    path = example_path(example)
    asked, expected = where_it_is(client, example)
    response = client.get(asked)
    assert response.status_code == example["status"]
    found = differences(normalised(expected), response.json())
    assert [d for d in found if (path, d.split(":")[0]) not in CONFLICTS] == []


@pytest.mark.parametrize(("path", "key"), sorted(CONFLICTS))
def test_each_listed_conflict_really_differs_from_the_spec(client, path, key):
    """A conflict entry that no longer differs must be removed, so the list stays honest."""
    example = next(e for e in GET_EXAMPLES if example_path(e) == path)
    asked, expected = where_it_is(client, example)
    found = differences(normalised(expected), client.get(asked).json())
    assert key in [d.split(":")[0] for d in found]


def test_the_get_example_wins_where_list_and_get_disagree(client):
    """sms 253368 and timeinterval 31 follow their single-item examples."""
    assert client.get("/customers/me/sms/253368").json()["from"] == "07557000000"
    blocks = client.get("/customers/me/timeintervals/31").json()["data"]
    assert blocks == [{"startTime": "00:00", "endTime": "23:59", "includeDays": "MON-SUN"}]


def test_every_example_record_carries_id_and_parent(client):
    """Beyond the 2014 examples, the real service adds a string id and the customer as parent."""
    body = client.get("/customers/me/phonenumbers/47").json()
    assert body["id"] == "47"
    assert body["parent"] == "http://testserver/api/v1/customers/25"


@pytest.mark.parametrize("path", sorted(AFTER_IT))
def test_a_moved_list_example_sits_at_the_end_of_its_list(client, path):
    """Page 1 starts with a generated record, newer by date and by id than the example's (which
    the key-for-key test finds on the page where_it_is names)."""
    example = next(e for e in GET_EXAMPLES if example_path(e) == path)
    first = client.get(path).json()["items"][0]
    there = client.get(where_it_is(client, example)[0]).json()
    assert first["created"][:4] == "2026" and there["items"][0]["created"][:4] == "2014"
    assert int(first["id"]) > int(there["items"][0]["id"])
