"""Customers, `me`, users and credit status."""

CUSTOMER_LINKS = {
    "recordings",
    "phoneBook",
    "timeIntervals",
    "endpoints",
    "phoneNumbers",
    "sms",
    "creditStatus",
    "calls",
    "sounds",
    "outgoingCallerIds",
    "callBundles",
    "linkedUsers",
    "permissions",
    "limits",
    "preferences",
    "pricing",
    "callCharging",
    "bargeGroups",
    "billing",
}


def test_me_is_the_users_own_customer_with_a_numeric_uri(client):
    body = client.get("/customers/me").json()
    assert body["id"] == "25"
    assert body["uri"] == "http://testserver/api/v1/customers/25"
    assert "parent" not in body


def test_customer_links_cover_every_collection_and_are_fetchable(client):
    links = client.get("/customers/me").json()["links"]
    assert set(links) == CUSTOMER_LINKS
    for url in links.values():
        assert "/customers/25/" in url
        assert client.get(url).status_code == 200


def test_an_admin_lists_only_their_own_account(client):
    body = client.get("/customers").json()
    assert [c["id"] for c in body["items"]] == ["25"]


def test_a_reseller_lists_all_their_customers_and_can_read_each(client):
    auth = ("reseller", "reseller")
    items = client.get("/customers", auth=auth).json()["items"]
    assert [c["id"] for c in items] == ["25", "26", "27"]
    for customer in items:
        assert client.get(f"{customer['uri']}/sms", auth=auth).json()["totalItems"] > 0


def test_an_extension_user_reads_their_account(client):
    assert client.get("/customers/me/calls", auth=("extension", "extension")).status_code == 200


def test_another_admin_cannot_see_customer_25(client):
    assert client.get("/customers/25", auth=("other", "other")).status_code == 401
    assert client.get("/customers/me", auth=("other", "other")).json()["id"] == "26"


def test_unknown_or_non_numeric_customers(client):
    assert client.get("/customers/99").status_code == 401
    assert client.get("/customers/abc/sms").status_code == 404


def test_head_on_customers_me_checks_credentials(client, anonymous):
    """Clients check a login with HEAD /customers/me: 200 means good."""
    assert client.head("/customers/me/").status_code == 200
    assert anonymous.head("/customers/me/").status_code == 401
    assert client.head("/customers/me", auth=("demo", "wrong")).status_code == 401


def test_credit_status_carries_both_spellings_of_the_balance(client):
    body = client.get("/customers/me/creditstatus").json()
    assert body == {
        "type": "creditstatus",
        "uri": "http://testserver/api/v1/customers/25/creditstatus",
        "accountType": "postpaid",
        "creditRemaining": 191.571,
        "balance": 191.571,
    }


def test_generated_customers_are_prepaid_with_credit(client):
    body = client.get("/customers/27/creditstatus", auth=("reseller", "reseller")).json()
    assert body["accountType"] == "prepaid"
    assert body["balance"] == body["creditRemaining"] > 0


def test_customers_cannot_be_deleted(client):
    response = client.delete("/customers/25")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
