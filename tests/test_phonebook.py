"""Phone book writes: create, replace, delete, and the validation that guards them."""

import pytest

NEW = {
    "type": "phonebookentry",
    "name": "Fred Mobile",
    "phoneNumber": "07902000000",
    "speedDial": 40,
}


def count(client):
    return client.get("/customers/me/phonebook").json()["totalItems"]


def test_create_returns_201_location_and_the_entry(client, clock):
    response = client.post("/customers/me/phonebook", json=NEW)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == body["uri"]
    assert body["uri"].startswith("http://testserver/api/v1/customers/25/phonebook/")
    assert {k: body[k] for k in ("type", "name", "phoneNumber", "speedDial")} == NEW
    assert body["created"] == "2026-01-15T10:30:00.000+0000"  # the clock's now
    assert client.get(body["uri"]).json() == body


def test_created_entry_is_counted_and_listed_last(client):
    before = count(client)
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    assert count(client) == before + 1
    last_page = client.get("/customers/me/phonebook", params={"pageSize": 1, "page": before + 1})
    assert last_page.json()["items"] == [entry]


def test_speed_dial_is_optional_and_left_out_when_unset(client):
    body = client.post("/customers/me/phonebook", json={**NEW, "speedDial": None}).json()
    assert "speedDial" not in body


def test_put_replaces_the_entry_and_ignores_read_only_fields(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    echoed = {
        **entry,
        "name": "Fred Work",
        "phoneNumber": "07825000000",
        "speedDial": 12,
        "uri": "http://elsewhere/x",
        "created": "2000-01-01T00:00:00Z",
        "id": "1",
    }
    response = client.put(entry["uri"], json=echoed)
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["phoneNumber"], body["speedDial"]) == (
        "Fred Work",
        "07825000000",
        12,
    )
    assert (body["uri"], body["created"], body["id"]) == (
        entry["uri"],
        entry["created"],
        entry["id"],
    )
    assert client.get(entry["uri"]).json() == body


def test_put_without_an_optional_field_clears_it(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    body = client.put(
        entry["uri"], json={k: NEW[k] for k in ("type", "name", "phoneNumber")}
    ).json()
    assert "speedDial" not in body


def test_put_with_another_type_is_a_400_and_changes_nothing(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    response = client.put(entry["uri"], json={**NEW, "type": "smsmessage", "name": "X"})
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "type"
    assert client.get(entry["uri"]).json() == entry


def test_delete_is_204_with_no_body_and_the_entry_is_gone(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    response = client.delete(entry["uri"])
    assert (response.status_code, response.content) == (204, b"")
    assert client.get(entry["uri"]).status_code == 404
    assert client.delete(entry["uri"]).status_code == 404


@pytest.mark.parametrize(
    ("method", "target"), [("PUT", "PUT"), ("DELETE", "DELETE"), ("put", "PUT")]
)
def test_post_with_method_override_acts_as_that_method(client, method, target):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    response = client.post(entry["uri"], params={"_method": method}, json={**NEW, "name": "Over"})
    assert response.status_code == {"PUT": 200, "DELETE": 204}[target]
    after = client.get(entry["uri"])
    assert after.status_code == 200 if target == "PUT" else after.status_code == 404


def test_a_body_sent_with_delete_or_get_is_accepted(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    assert client.request("GET", entry["uri"], json=entry).status_code == 200
    assert client.request("DELETE", entry["uri"], json=entry).status_code == 204


def test_json_with_a_charset_is_accepted(client):
    response = client.post(
        "/customers/me/phonebook",
        content=b'{"type":"phonebookentry","name":"A","phoneNumber":"0121 285 4400"}',
        headers={"content-type": "application/json;charset=UTF-8"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 5}, "name"),
        ({"phoneNumber": None}, "phoneNumber"),
        ({"phoneNumber": "call me"}, "phoneNumber"),
        ({"phoneNumber": 7902000000}, "phoneNumber"),
        ({"speedDial": 0}, "speedDial"),
        ({"speedDial": 10000}, "speedDial"),
        ({"speedDial": "4"}, "speedDial"),
        ({"speedDial": 4.5}, "speedDial"),
        ({"type": "contact"}, "type"),
        ({"type": None}, "type"),
    ],
)
def test_invalid_fields_are_a_400_naming_the_field_and_nothing_is_created(client, change, field):
    before = count(client)
    body = {k: v for k, v in {**NEW, **change}.items() if v is not None}
    response = client.post("/customers/me/phonebook", json=body)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["validationErrors"]} == {field}
    assert count(client) == before


def test_speed_dial_must_be_unique_within_the_customer(client):
    client.post("/customers/me/phonebook", json=NEW)
    before = count(client)
    response = client.post("/customers/me/phonebook", json={**NEW, "name": "Other"})
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["field"] == "speedDial"
    assert count(client) == before


def test_keeping_its_own_speed_dial_on_put_is_fine(client):
    entry = client.post("/customers/me/phonebook", json=NEW).json()
    assert client.put(entry["uri"], json={**NEW, "name": "Renamed"}).status_code == 200


def test_another_customer_can_use_the_same_speed_dial(client):
    client.post("/customers/me/phonebook", json=NEW)
    response = client.post("/customers/26/phonebook", json=NEW, auth=("reseller", "reseller"))
    assert response.status_code == 201


@pytest.mark.parametrize("raw", [b"{bad", b"", b"[]", b'"text"', b'{"type":'])
def test_malformed_json_is_a_400(client, raw):
    before = count(client)
    response = client.post(
        "/customers/me/phonebook", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["validationErrors"]
    assert count(client) == before


def test_writes_to_another_customers_book_are_refused(client):
    response = client.post("/customers/26/phonebook", json=NEW)
    assert response.status_code == 401
