"""Provisioning numbers over HTTP: an account takes one from /availablenumbers (createFrom), it
leaves the stock for every account, a PUT routes it (inbound calls then ring there), DELETE gives
it back; only admins and resellers may do either; a reset brings everything back."""

import pytest
from sqlmodel import SQLModel

from . import test_postgres

# test_postgres's server, database and app (reset before each test): the same fixtures here.
server_url, database_url = test_postgres.server_url, test_postgres.database_url
pg_app, pg = test_postgres.pg_app, test_postgres.pg

ADMIN = "http://testserver/_admin"
NUMBERS = "/customers/25/phonenumbers"
OTHER = ("other", "other")  # the admin of customer 26
EXTENSION = ("extension", "extension")
RESELLER = ("reseller", "reseller")


def first_available(client, area_code="113"):
    return client.get("/availablenumbers", params={"areaCode": area_code}).json()["items"][0]


def stock_ids(client, area_code="113", auth=("demo", "demo")):
    params = {"areaCode": area_code, "pageSize": 200}
    answer = client.get("/availablenumbers", params=params, auth=auth)
    return [item["id"] for item in answer.json()["items"]]


def provision(client, number_id, auth=("demo", "demo"), customer="25"):
    body = {"type": "did", "createFrom": number_id}
    return client.post(f"/customers/{customer}/phonenumbers", json=body, auth=auth)


def test_provisioning_takes_the_number_out_of_the_stock_for_everyone(client):
    offer = first_available(client)
    assert offer["id"] in stock_ids(client, auth=OTHER)  # kept for that login, until the write
    answer = provision(client, offer["id"])
    assert answer.status_code == 201
    did = answer.json()
    assert answer.headers["location"] == did["uri"]
    assert (did["type"], did["number"], did["identifier"]) == (
        "did",
        "0" + "113" + offer["number"],
        "",
    )
    assert "destination" not in did and did["smsEnabled"] is True
    assert did["parent"] == "http://testserver/api/v1/customers/25"
    assert client.get(did["uri"]).json() == did
    assert did["id"] in {
        n["id"] for n in client.get(NUMBERS, params={"pageSize": 200}).json()["items"]
    }
    for login in (("demo", "demo"), OTHER):
        assert offer["id"] not in stock_ids(client, auth=login)
    assert client.get(offer["uri"]).status_code == 404
    taken = provision(client, offer["id"], auth=OTHER, customer="26")
    assert taken.status_code == 400
    assert [e["field"] for e in taken.json()["validationErrors"]] == ["createFrom"]


def test_a_put_routes_the_new_number_and_an_inbound_call_rings_its_destination(client):
    did = provision(client, first_available(client)["id"]).json()
    unrouted = client.post(
        f"{ADMIN}/calls/inbound", json={"to": did["number"], "from": "07700900123"}
    )
    assert unrouted.status_code == 400
    routed = client.put(did["uri"], json={"type": "did", "destination": "94"})
    assert routed.status_code == 200
    assert routed.json()["destination"].endswith("/customers/25/endpoints/94")
    call = client.post(f"{ADMIN}/calls/inbound", json={"to": did["number"], "from": "07700900123"})
    assert call.status_code == 201
    assert (call.json()["state"], call.json()["endpointId"]) == ("ringing", 94)


def test_release_gives_the_number_back_to_the_stock(client):
    offer = first_available(client)
    did = provision(client, offer["id"]).json()
    assert client.delete(did["uri"]).status_code == 204
    assert client.get(did["uri"]).status_code == 404
    assert offer["id"] in stock_ids(client)
    assert client.get(offer["uri"]).json() == offer
    again = provision(client, offer["id"], auth=OTHER, customer="26")
    assert again.status_code == 201 and again.json()["parent"].endswith("/customers/26")


def test_a_seeded_number_released_is_offered_until_a_reset(client):
    assert client.delete(f"{NUMBERS}/49").status_code == 204  # 01212854400, the spec's example
    offered = client.get("/availablenumbers/4-44-121-2854400")
    assert offered.status_code == 200
    assert offered.json()["formatted"] == "0121 285 4400"
    assert "4-44-121-2854400" in stock_ids(client, "121")
    assert client.post(f"{ADMIN}/reset").status_code == 200
    assert client.get(f"{NUMBERS}/49").json()["number"] == "01212854400"
    assert client.get("/availablenumbers/4-44-121-2854400").status_code == 404


def test_a_reset_returns_provisioned_numbers_to_the_stock(client):
    offer = first_available(client)
    did = provision(client, offer["id"]).json()
    assert client.post(f"{ADMIN}/reset").status_code == 200
    assert client.get(did["uri"]).status_code == 404
    assert offer["id"] in stock_ids(client)


def test_a_number_with_a_call_in_progress_cannot_be_released(client):
    live = client.post(f"{ADMIN}/calls/inbound", json={"to": "01212854747", "from": "07700900123"})
    refused = client.delete(f"{NUMBERS}/47")
    assert refused.status_code == 400
    assert "call in progress" in refused.json()["message"] + str(refused.json()["validationErrors"])
    assert client.get(f"{NUMBERS}/47").status_code == 200
    assert client.post(f"{ADMIN}/calls/{live.json()['id']}/reject").status_code == 200
    assert client.delete(f"{NUMBERS}/47").status_code == 204


def test_extension_users_may_neither_provision_nor_release(client):
    offer = first_available(client)
    assert provision(client, offer["id"], auth=EXTENSION).status_code == 401
    assert client.delete(f"{NUMBERS}/47", auth=EXTENSION).status_code == 401
    assert client.get(f"{NUMBERS}/47").status_code == 200
    assert offer["id"] in stock_ids(client)


def test_a_reseller_may_provision_and_release_for_its_customers(client):
    did = provision(client, first_available(client)["id"], auth=RESELLER)
    assert did.status_code == 201
    assert client.delete(did.json()["uri"], auth=RESELLER).status_code == 204


def test_another_accounts_admin_may_not_provision_or_release_here(client):
    offer = first_available(client)
    assert provision(client, offer["id"], auth=OTHER).status_code == 401
    assert client.delete(f"{NUMBERS}/47", auth=OTHER).status_code == 401
    assert offer["id"] in stock_ids(client)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "did", "createFrom": "4-44-113-0000000"}, "createFrom"),
        ({"type": "did", "createFrom": "nonsense"}, "createFrom"),
        ({"type": "did", "createFrom": 7}, "createFrom"),
        ({"type": "did"}, "createFrom"),
        ({"type": "phone", "createFrom": "4-44-113-0000000"}, "type"),
        ({"createFrom": "4-44-113-0000000"}, "type"),
    ],
)
def test_bad_provisioning_bodies_are_400s_naming_the_field_and_change_nothing(client, body, field):
    before = client.get(NUMBERS).json()["totalItems"]
    answer = client.post(NUMBERS, json=body)
    assert answer.status_code == 400
    assert field in [e["field"] for e in answer.json()["validationErrors"]]
    assert client.get(NUMBERS).json()["totalItems"] == before


def test_a_wrong_type_for_an_available_number_is_refused_even_with_a_good_id(client):
    offer = first_available(client)
    assert (
        client.post(NUMBERS, json={"type": "phone", "createFrom": offer["id"]}).status_code == 400
    )
    assert offer["id"] in stock_ids(client)


def test_routing_rules_are_an_empty_list_of_the_customers_own_numbers(client):
    rules = client.get(f"{NUMBERS}/47/routingrules")
    assert rules.status_code == 200
    assert (rules.json()["totalItems"], rules.json()["items"]) == (0, [])
    assert client.get("/customers/26/phonenumbers/47/routingrules", auth=OTHER).status_code == 404
    assert client.get(f"{NUMBERS}/999999/routingrules").status_code == 404
    assert client.get(f"{NUMBERS}/47/routingrules", auth=OTHER).status_code == 401


def test_postgres_provisions_releases_and_resets_as_sqlite_does(pg, client):
    assert "releasednumber" in SQLModel.metadata.tables
    assert stock_ids(pg) == stock_ids(client)
    offer = first_available(pg)
    did = provision(pg, offer["id"]).json()
    assert offer["id"] not in stock_ids(pg)
    assert pg.delete(did["uri"]).status_code == 204
    assert pg.delete(f"{NUMBERS}/49").status_code == 204
    assert pg.get("/availablenumbers/4-44-121-2854400").status_code == 200
    again = provision(pg, "4-44-121-2854400")
    assert (again.status_code, again.json()["number"]) == (201, "01212854400")
    assert pg.post(f"{ADMIN}/reset").status_code == 200
    assert pg.get(f"{NUMBERS}/49").json()["number"] == "01212854400"
    assert stock_ids(pg) == stock_ids(client)
