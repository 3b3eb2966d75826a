"""Hostile and broken input: each gets a clear 4xx JSON error, and nothing changes on the way."""

import json

import pytest

from .test_admin_state import table_dump

WRITES = [
    ("POST", "/customers/me/phonebook"),
    ("PUT", "/customers/me/phonebook/{entry}"),
    ("POST", "/customers/me/sms"),
    ("POST", "/customers/me/calls"),
    ("PUT", "/customers/me/phonenumbers/47"),
]
BROKEN_BODIES = {
    "truncated": b'{"type": "phonebookentry", "name": "A',
    "not json": b"type=phonebookentry&name=A",
    "non-utf-8": b'{"name": "\xff\xfe\xfa"}',
    "deeply nested": b"[" * 50_000 + b"]" * 50_000,
    "nested object": json.dumps({"name": {"a": [[[[[{"b": None}]]]]]}}).encode(),
    "a list": b"[1, 2, 3]",
    "null": b"null",
    "empty": b"",
    "NUL bytes": b'{"type": "phonebookentry", "name": "a\\u0000b", "phoneNumber": "\\u0000"}',
}


def target(client, path):
    entry = client.get("/customers/me/phonebook").json()["items"][0]["id"]
    return path.format(entry=entry)


def assert_json_4xx(response, status=None):
    assert 400 <= response.status_code < 500, response.text
    assert status is None or response.status_code == status
    body = response.json()
    assert isinstance(body["message"], str) and isinstance(body["errors"], list)


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("kind", sorted(BROKEN_BODIES))
def test_broken_bodies_are_a_400_and_change_nothing(client, app, method, path, kind):
    before = table_dump(app)
    response = client.request(
        method,
        target(client, path),
        content=BROKEN_BODIES[kind],
        headers={"content-type": "application/json"},
    )
    assert_json_4xx(response, 400)
    assert table_dump(app) == before


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
    ],
)
def test_wrong_content_types_are_a_4xx(client, app, content_type):
    before = table_dump(app)
    body = b'{"type":"phonebookentry","name":"A","phoneNumber":"07700900001"}'
    response = client.post(
        "/customers/me/phonebook", content=body, headers={"content-type": content_type}
    )
    assert_json_4xx(response)
    assert table_dump(app) == before


def test_a_ten_megabyte_body_is_a_413(client, app):
    before = table_dump(app)
    response = client.post(
        "/customers/me/sms",
        content=b"x" * (10 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert_json_4xx(response, 413)
    assert table_dump(app) == before


@pytest.mark.parametrize(
    "page", ["-1", "-99999999999999999999", "0", "1e9", "99999999999999999999999"]
)
@pytest.mark.parametrize("name", ["sms", "calls", "phonebook"])
def test_huge_and_negative_pages(client, name, page):
    response = client.get(f"/customers/me/{name}", params={"page": page})
    if page == "99999999999999999999999":  # a page far past the end: empty, as any past the end
        assert response.status_code == 200 and response.json()["items"] == []
    else:
        assert_json_4xx(response, 400)


HOSTILE = [
    "' OR 1=1 --",
    '"; DROP TABLE call; --',
    "\x00",
    "a\x00b",
    "%",
    "_",
    "\\",
    "🙂" * 50,
    "x" * 10_000,
]
FILTERS = {
    "calls": [
        "from",
        "to",
        "direction",
        "includeLocal",
        "createdAfter",
        "startedBefore",
        "endpointId",
    ],
    "recordings": ["callId", "linkedId", "direction", "createdBefore", "includeLocal"],
    "sounds": ["type"],
    "endpoints": ["type"],
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("name", "field"), [(n, f) for n, fs in FILTERS.items() for f in fs])
def test_sql_metacharacters_and_nul_bytes_in_every_filter(client, app, name, field, value):
    before = table_dump(app)
    response = client.get(f"/customers/me/{name}", params={field: value})
    assert response.status_code in (200, 400)
    body = response.json()
    assert body.get("items", []) == [] or "message" not in body
    assert table_dump(app) == before


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["name", "phoneNumber", "email"])
def test_sql_metacharacters_and_nul_bytes_in_every_field(client, field, value):
    entry = {"type": "phonebookentry", "name": "A", "phoneNumber": "07700900001", field: value}
    response = client.post("/customers/me/phonebook", json=entry)
    if response.status_code == 201:  # stored as given, read back as given
        assert client.get(response.json()["uri"]).json()[field] == value
    else:
        assert_json_4xx(response, 400)
    assert client.get("/customers/me/calls").status_code == 200  # nothing was dropped


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 12),
        ("phoneNumber", 7700900001),
        ("speedDial", "3"),
        ("name", ["a"]),
        ("name", True),
        ("speedDial", 2.5),
        ("type", 1),
    ],
)
def test_numbers_where_strings_belong_and_the_reverse(client, app, field, value):
    before = table_dump(app)
    entry = {"type": "phonebookentry", "name": "A", "phoneNumber": "07700900001", field: value}
    response = client.post("/customers/me/phonebook", json=entry)
    assert_json_4xx(response, 400)
    assert response.json()["validationErrors"][0]["field"] == field
    assert table_dump(app) == before


def test_unknown_fields_are_ignored_as_the_real_api_ignores_them(client):
    """Clients PUT back whole representations (uri, links, ...): unknown fields change nothing."""
    entry = {
        "type": "phonebookentry",
        "name": "A",
        "phoneNumber": "07700900001",
        "links": {"x": "y"},
        "id": "1",
        "isAdmin": True,
        "customerId": 26,
    }
    body = client.post("/customers/me/phonebook", json=entry).json()
    assert "isAdmin" not in body and body["parent"].endswith("/customers/25")


@pytest.mark.parametrize(
    "header",
    ["authorization", "x-forwarded-host", "if-none-match", "user-agent", "content-type", "accept"],
)
def test_overlong_header_values(client, header):
    response = client.get("/customers/me", headers={header: "x" * 100_000})
    assert response.status_code in (200, 400, 401, 406, 415)
    assert response.headers["content-type"].startswith("application/json")
