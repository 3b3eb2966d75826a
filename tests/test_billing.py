"""Billing over HTTP: the billing account, its invoices (one per past month, computed from that
month's calls, SMS and bundles, VAT 20%), the estimate of the month so far (which every SMS
moves), the card on file; read by the account's users, nobody else's."""

from collections import defaultdict

import pytest

from . import test_postgres
from .support import SMS_BODY, every

# test_postgres's server, database and app (reset before each test): the same fixtures here.
server_url, database_url = test_postgres.server_url, test_postgres.database_url
pg_app, pg = test_postgres.pg_app, test_postgres.pg

ADMIN = "http://testserver/_admin"
BILLING = "/customers/25/billing"
OTHER = ("other", "other")
EXTENSION = ("extension", "extension")


def month_of(stamp):
    return stamp[:4] + stamp[5:7]


def chargeable(client, path, **params):
    """Cost and count of the chargeable records of a list, by yyyymm of their creation."""
    found = defaultdict(lambda: [0, 0.0])
    for item in every(client, path, **params):
        if item["cost"] > 0:
            found[month_of(item["created"])][0] += 1
            found[month_of(item["created"])][1] += item["cost"]
    return found


def lines_by_description(invoice):
    return {line["description"]: line for line in invoice["lines"]}


def test_the_billing_account_links_its_parts_and_prices_features_as_pricing(client):
    body = client.get("/customers/me/billing").json()
    assert body["type"] == "billingaccount" and body["id"] == "25"
    assert body["parent"] == "http://testserver/api/v1/customers/25"
    assert body["currency"] == "GBP" and body["frequency"] == "MONTHLY"
    assert body["nextBillingDate"] == "2026-02-01T00:00:00.000+0000"  # the clock is 2026-01-15
    pricing = client.get("/customers/me/pricing").json()
    assert body["featurePricing"] == {key: pricing[key] for key in body["featurePricing"]}
    for url in body["links"].values():
        assert client.get(url).status_code == 200
    assert client.get("/customers/me").json()["links"]["billing"] == body["uri"]


def test_a_pricing_put_shows_in_the_billing_account(client):
    client.put("/customers/me/pricing", json={"type": "customerpricing", "queue": 9.5})
    assert client.get("/customers/me/billing").json()["featurePricing"]["queue"] == 9.5


def test_each_past_month_has_an_invoice_from_its_calls_sms_and_bundles(client):
    invoices = every(client, f"{BILLING}/invoices")
    assert len(invoices) >= 6
    assert [i["id"] for i in invoices] == sorted((i["id"] for i in invoices), reverse=True)
    assert all(i["id"] < "202601" for i in invoices)  # the current month is the estimate
    calls = chargeable(client, "/customers/me/calls", includeLocal="true")
    sms = chargeable(client, "/customers/me/sms", direction="out")
    bundles = every(client, "/customers/me/callbundles")
    for invoice in invoices:
        lines = lines_by_description(invoice)
        month = invoice["id"]
        if month in calls:
            assert lines["Calls"]["quantity"] == calls[month][0]
            assert lines["Calls"]["lineTotal"] == pytest.approx(calls[month][1], abs=0.006)
        if month in sms:
            assert lines["SMS"]["quantity"] == sms[month][0]
            assert lines["SMS"]["lineTotal"] == pytest.approx(sms[month][1], abs=0.006)
        for bundle in (b for b in bundles if month_of(b["validFrom"]) == month):
            assert lines[bundle["name"]]["lineTotal"] == bundle["priceMonthly"]
        net = sum(line["lineTotal"] for line in invoice["lines"])
        assert invoice["netAmount"] == pytest.approx(net, abs=0.006)
        assert invoice["vatAmount"] == round(invoice["netAmount"] * 0.2, 2)
        assert invoice["total"] == round(invoice["netAmount"] + invoice["vatAmount"], 2)
        assert client.get(invoice["uri"]).json() == invoice


def test_the_estimate_is_the_month_so_far_and_an_sms_moves_it(client):
    before = client.get(f"{BILLING}/estimate").json()
    assert before["type"] == "invoice" and before["id"] == "E25"
    assert before["date"] == "2026-01-15T10:30:00.000+0000"
    sms_before = lines_by_description(before).get("SMS", {"quantity": 0, "lineTotal": 0.0})
    sent = client.post("/customers/me/sms", json=SMS_BODY)
    assert sent.status_code == 201
    after = client.get(f"{BILLING}/estimate").json()
    sms_after = lines_by_description(after)["SMS"]
    assert sms_after["quantity"] == sms_before["quantity"] + 1
    cost = sent.json()["cost"]
    assert sms_after["lineTotal"] == pytest.approx(sms_before["lineTotal"] + cost, abs=0.006)
    assert after["netAmount"] == pytest.approx(before["netAmount"] + cost, abs=0.006)
    assert after["total"] > before["total"]


def test_next_month_the_estimate_becomes_an_invoice(client):
    estimate = client.get(f"{BILLING}/estimate").json()
    assert client.get(f"{BILLING}/invoices/202601").status_code == 404
    client.post(f"{ADMIN}/clock", json={"set": "2026-02-03T09:00:00Z"})
    invoice = client.get(f"{BILLING}/invoices/202601").json()
    assert invoice["lines"] == estimate["lines"] and invoice["total"] == estimate["total"]
    assert invoice["date"] == "2026-02-01T00:00:00.000+0000" and invoice["balance"] == 0.0
    assert client.get(f"{BILLING}/invoices").json()["items"][0]["id"] == "202601"


def test_the_card_on_file_is_one_stripe_card(client):
    methods = client.get(f"{BILLING}/paymentmethods").json()["items"]
    assert len(methods) == 1 and methods[0]["type"] == "stripe" and methods[0]["default"]
    assert len(methods[0]["last4"]) == 4
    assert client.get(methods[0]["uri"]).json() == methods[0]
    assert client.get(f"{BILLING}/paymentmethods/2").status_code == 404


@pytest.mark.parametrize("part", ["", "/invoices", "/estimate", "/paymentmethods"])
def test_an_extension_user_reads_billing_and_another_account_cannot(client, part):
    assert client.get(f"{BILLING}{part}", auth=EXTENSION).status_code == 200
    assert client.get(f"{BILLING}{part}", auth=OTHER).status_code in (401, 404)


def test_another_account_has_its_own_bills(client):
    mine = client.get(f"{BILLING}/invoices").json()["items"][0]
    theirs = client.get("/customers/26/billing/invoices", auth=OTHER).json()["items"][0]
    assert theirs["parent"].endswith("/customers/26") and theirs["token"] != mine["token"]


@pytest.mark.parametrize("invoice", ["999999", "abc", "202601", "-1", "2025" * 40])
def test_an_unknown_invoice_is_a_404(client, invoice):
    answer = client.get(f"{BILLING}/invoices/{invoice}")
    assert answer.status_code == 404 and "message" in answer.json()


def test_postgres_bills_as_sqlite_does_and_resets_a_pricing_put(pg, client):
    for path in ("/invoices", "/estimate", ""):
        assert pg.get(f"{BILLING}{path}").json() == client.get(f"{BILLING}{path}").json()
    pg.put("/customers/25/pricing", json={"type": "customerpricing", "did": 1})
    assert pg.get(BILLING).json()["featurePricing"]["did"] == 1.0
    assert pg.post(f"{ADMIN}/reset").status_code == 200
    assert pg.get(BILLING).json() == client.get(BILLING).json()
