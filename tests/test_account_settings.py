"""The account's settings over HTTP: /permissions, /limits, /preferences, /pricing and
/callcharging (singletons with the customer's envelope), the global /chargingplans (read-only:
405 with Allow), /bargegroups; any of the account's users reads them, only admins PUT, a partial
PUT keeps the other fields, and a reset undoes it."""

import pytest

ADMIN = "http://testserver/_admin"
ACCOUNT = "/customers/25"
EXTENSION = ("extension", "extension")
OTHER = ("other", "other")
SINGLETONS = {
    "permissions": ("customerpermissions", {"incomingCalls", "internationalCalls"}),
    "limits": ("customerlimits", {"phone", "queue", "did", "channel"}),
    "preferences": ("customerpreferences", {"recordingExpireDays"}),
    "pricing": ("customerpricing", {"phone", "virtual", "trunk", "did"}),
    "callcharging": ("customercallcharging", {"chargingPlan", "postpaid", "creditLimit"}),
}


@pytest.mark.parametrize("name", sorted(SINGLETONS))
def test_each_singleton_has_the_customers_envelope(client, name):
    kind, fields = SINGLETONS[name]
    body = client.get(f"/customers/me/{name}").json()
    assert body["type"] == kind and body["id"] == "25"
    assert body["uri"] == f"http://testserver/api/v1/customers/25/{name}"
    assert body["parent"] == "http://testserver/api/v1/customers/25"
    assert fields <= set(body)


@pytest.mark.parametrize("name", sorted(SINGLETONS))
def test_an_extension_user_reads_them_and_another_account_cannot(client, name):
    mine = client.get(f"{ACCOUNT}/{name}").json()
    assert client.get(f"{ACCOUNT}/{name}", auth=EXTENSION).json() == mine
    assert client.get(f"{ACCOUNT}/{name}", auth=OTHER).status_code in (401, 404)


def test_the_customers_links_lead_to_the_settings(client):
    links = client.get("/customers/me").json()["links"]
    assert links["pricing"].endswith("/customers/25/pricing")
    assert client.get(links["callCharging"]).json()["type"] == "customercallcharging"


def test_a_partial_pricing_put_changes_only_what_it_names_until_a_reset(client):
    before = client.get(f"{ACCOUNT}/pricing").json()
    answer = client.put(f"{ACCOUNT}/pricing", json={"type": "customerpricing", "phone": 7})
    assert answer.status_code == 200
    assert answer.json() == {**before, "phone": 7.0}
    assert client.get(f"{ACCOUNT}/pricing").json()["phone"] == 7.0
    assert client.get("/customers/26/pricing", auth=OTHER).json()["phone"] != 7.0
    assert client.post(f"{ADMIN}/reset").status_code == 200
    assert client.get(f"{ACCOUNT}/pricing").json() == before


def test_a_customers_own_reset_undoes_its_puts(client):
    before = client.get(f"{ACCOUNT}/callcharging").json()
    client.put(f"{ACCOUNT}/callcharging", json={"type": "customercallcharging", "postpaid": True})
    assert client.post(f"{ADMIN}/reset", params={"customer": 25}).status_code == 200
    assert client.get(f"{ACCOUNT}/callcharging").json() == before


def test_extension_users_may_not_change_prices_or_charging(client):
    pricing = client.put(f"{ACCOUNT}/pricing", json={"type": "customerpricing"}, auth=EXTENSION)
    body = {"type": "customercallcharging", "postpaid": True}
    charging = client.put(f"{ACCOUNT}/callcharging", json=body, auth=EXTENSION)
    assert pricing.status_code == charging.status_code == 401
    assert client.get(f"{ACCOUNT}/callcharging").json()["postpaid"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "customerpricing", "phone": -1}, "phone"),
        ({"type": "customerpricing", "phone": "7"}, "phone"),
        ({"type": "customerpricing", "ivr": 1e300}, "ivr"),
        ({"type": "did", "phone": 7}, "type"),
    ],
)
def test_bad_pricing_is_a_400_naming_the_field(client, body, field):
    before = client.get(f"{ACCOUNT}/pricing").json()
    answer = client.put(f"{ACCOUNT}/pricing", json=body)
    assert answer.status_code == 400
    assert field in answer.text and "message" in answer.json()
    assert client.get(f"{ACCOUNT}/pricing").json() == before


def test_call_charging_takes_a_plan_by_uri_or_id_and_only_an_existing_one(client):
    plans = client.get("/chargingplans").json()["items"]
    chosen = plans[1]["uri"]
    body = {"type": "customercallcharging", "chargingPlan": chosen, "creditLimit": 75.5}
    answer = client.put(f"{ACCOUNT}/callcharging", json=body).json()
    assert answer["chargingPlan"] == chosen and answer["creditLimit"] == 75.5
    assert client.get(answer["chargingPlan"]).json()["id"] == plans[1]["id"]
    by_id = {"type": "customercallcharging", "chargingPlan": plans[0]["id"]}
    assert (
        client.put(f"{ACCOUNT}/callcharging", json=by_id).json()["chargingPlan"] == plans[0]["uri"]
    )
    missing = {"type": "customercallcharging", "chargingPlan": "/chargingplans/999"}
    refused = client.put(f"{ACCOUNT}/callcharging", json=missing)
    assert refused.status_code == 400 and "chargingPlan" in refused.text


def test_charging_plans_are_global_and_read_only(client):
    listed = client.get("/chargingplans").json()
    assert listed["totalItems"] == len(listed["items"]) >= 2
    plan = listed["items"][0]
    assert plan["type"] == "chargingplan" and plan["currency"] == "GBP"
    assert client.get(plan["uri"], auth=OTHER).json() == plan
    for method in ("POST", "PUT", "DELETE"):
        path = "/chargingplans" if method == "POST" else f"/chargingplans/{plan['id']}"
        answer = client.request(method, path, json={"type": "chargingplan"})
        assert answer.status_code == 405, method
        assert "GET" in answer.headers["allow"] and "message" in answer.json()
    assert client.get("/chargingplans/999").status_code == 404


def test_barge_groups_are_made_of_the_accounts_own_phones(client):
    phones = {
        e["uri"]
        for e in client.get(f"{ACCOUNT}/endpoints", params={"type": "phone"}).json()["items"]
    }
    groups = client.get(f"{ACCOUNT}/bargegroups").json()["items"]
    assert groups and all(g["type"] == "bargegroup" for g in groups)
    assert set(groups[0]["managers"]) | set(groups[0]["members"]) <= phones
    assert client.get(groups[0]["uri"]).json() == groups[0]


def test_the_limits_exceed_what_the_seeded_account_has(client):
    limits = client.get(f"{ACCOUNT}/limits").json()
    endpoints = client.get(f"{ACCOUNT}/endpoints", params={"pageSize": 200}).json()["items"]
    for kind in ("phone", "group", "queue", "ivr", "mailbox"):
        assert sum(e["type"] == kind for e in endpoints) <= limits[kind]
    assert client.get(f"{ACCOUNT}/phonenumbers").json()["totalItems"] <= limits["did"]


def test_available_bundles_are_the_catalogue_less_the_active_ones(client):
    listed = client.get("/customers/me/callbundles/available").json()
    items = listed["items"]
    assert listed["totalItems"] == len(items) >= 3
    first = items[0]
    assert first["type"] == "availablebundle" and first["destinations"]
    assert {"name", "inclusiveMins", "priceMonthly"} <= set(first)
    assert first["parent"] == "http://testserver/api/v1/customers/25"
    assert client.get(first["uri"]).json() == first
    active = {
        b["name"]
        for b in client.get(f"{ACCOUNT}/callbundles").json()["items"]
        if b["status"] == "ACTIVE"
    }
    assert active.isdisjoint(item["name"] for item in items)


def test_an_active_bundle_is_not_offered_again(client):
    """The seeded accounts have the catalogue's 1000 UK minutes (its bundle 2) active."""
    for customer, auth in (("25", ("demo", "demo")), ("26", OTHER)):
        offered = client.get(f"/customers/{customer}/callbundles/available", auth=auth).json()
        assert "1000 Mins - UK Local/National" not in {b["name"] for b in offered["items"]}
        assert "2" not in {b["id"] for b in offered["items"]}
        gone = client.get(f"/customers/{customer}/callbundles/available/2", auth=auth)
        assert gone.status_code == 404


def test_the_openapi_document_names_the_account_operations(seeded):
    document = seeded.openapi()
    ids = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert {
        "getBilling",
        "listInvoices",
        "getInvoice",
        "getBillingEstimate",
        "listPaymentMethods",
        "getPreferences",
        "getPermissions",
        "getLimits",
        "getPricing",
        "updatePricing",
        "getCallCharging",
        "updateCallCharging",
        "listChargingPlans",
        "getChargingPlan",
        "listBargeGroups",
        "listAvailableCallBundles",
    } <= ids
    assert "account" in {tag["name"] for tag in document["tags"]}
