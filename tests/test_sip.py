"""SIP identities and registrations over HTTP: a phone's identity (deterministic per seed), the
devices registered to it now on the emulator's clock, 404 for endpoints that do not register,
and who may read a SIP password."""

import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import BASE, START
from .support import every

SIP = "/customers/25/endpoints/{}/sip"
CLOCK = "http://testserver/_admin/clock"
VENDORS = ("Yealink", "Polycom", "snom", "Grandstream", "Z ", "Bria", "Linphone")
SECRET = re.compile(r"^[A-Za-z0-9]{16}$")


def instant(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def phone_ids(client, customer="25"):
    phones = every(client, f"/customers/{customer}/endpoints", type="phone")
    return [p["id"] for p in phones]


def registrations_of(client, phone):
    return every(client, SIP.format(phone) + "/registrations")


def test_a_phone_has_a_sip_identity(client):
    identity = client.get(SIP.format(1234)).json()
    assert identity["type"] == "sipidentity"
    assert identity["id"] == "1234"
    assert identity["uri"] == f"{BASE}/customers/25/endpoints/1234/sip"
    assert identity["parent"] == f"{BASE}/customers/25/endpoints/1234"
    assert identity["username"] == "25-102"  # the customer, then the phone's short number
    assert SECRET.match(identity["password"])
    assert identity["domain"] == "sip.sipcentric.com"
    assert identity["proxy"] == "sip.sipcentric.com:5060"
    assert identity["wsServer"] == "wss://sipws.sipcentric.com"


def test_every_phone_has_its_own_identity_and_password(client):
    identities = [client.get(SIP.format(p)).json() for p in phone_ids(client)]
    assert len(identities) > 3
    assert len({i["username"] for i in identities}) == len(identities)
    assert len({i["password"] for i in identities}) == len(identities)


def test_the_password_is_the_same_on_every_start_with_one_seed_and_not_another():
    def password(seed):
        settings = Settings(database_url="sqlite://", seed=seed, scale=0.05, seed_cache="off")
        app = create_app(settings, clock=ManualClock(START))
        with TestClient(app, base_url=BASE) as client:
            return client.get(SIP.format(1234), auth=("demo", "demo")).json()["password"]

    assert password(7) == password(7) != password(8)


def test_a_trunk_has_an_identity_and_is_registered_by_a_pbx(client):
    """Trunks are created, not seeded: each of a few has an identity like a phone's, and what
    registers it (when anything does) is a PBX, once."""
    agents = []
    for number in range(901, 906):
        body = {"type": "trunk", "name": f"Site {number}", "shortNumber": str(number)}
        trunk = client.post("/customers/25/endpoints", json=body).json()
        identity = client.get(SIP.format(trunk["id"])).json()
        assert (identity["type"], identity["username"]) == ("sipidentity", f"25-{number}")
        assert SECRET.match(identity["password"])
        found = registrations_of(client, trunk["id"])
        assert len(found) <= 1
        agents += [r["userAgent"] for r in found]
    assert agents
    assert all(a.startswith(("Asterisk", "FPBX", "3CX")) for a in agents), agents


def test_endpoints_that_do_not_register_have_no_sip_identity(client):
    others = [e for e in every(client, "/customers/25/endpoints") if e["type"] != "phone"]
    assert {e["type"] for e in others} >= {"ivr", "group", "virtual"}
    for endpoint in others:
        for path in (SIP.format(endpoint["id"]), SIP.format(endpoint["id"]) + "/registrations"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "phones and trunks" in response.json()["message"]


@pytest.mark.parametrize("item", ["abc", "0", "99999999", "99999999999999999999999", "1.5"])
def test_what_is_not_an_endpoint_is_a_json_404(client, item):
    for suffix in ("", "/registrations", "/registrations/1"):
        response = client.get(SIP.format(item) + suffix)
        assert response.status_code == 404
        assert set(response.json()) == {"message", "errors"}


def test_some_phones_are_registered_by_plausible_devices_now(client):
    found = {p: registrations_of(client, p) for p in phone_ids(client)}
    assert any(not r for r in found.values())  # some phones are not plugged in
    assert any(len(r) == 2 for r in found.values())  # a desk phone and a softphone
    for phone, registrations in found.items():
        username = client.get(SIP.format(phone)).json()["username"]
        for number, registration in enumerate(registrations, start=1):
            assert registration["type"] == "sipregistration"
            assert registration["id"] == str(number)
            assert registration["parent"] == f"{BASE}/customers/25/endpoints/{phone}/sip"
            assert registration["userAgent"].startswith(VENDORS)
            assert registration["contact"].startswith(f"sip:{username}@{registration['lanIP']}:")
            assert registration["received"].startswith(f"sip:{registration['wanIP']}:")
            updated, expires = instant(registration["updated"]), instant(registration["expires"])
            assert updated <= START < expires


def test_registrations_stay_current_as_the_clock_moves(client):
    phone = next(p for p in phone_ids(client) if registrations_of(client, p))
    before = registrations_of(client, phone)
    answer = client.get(SIP.format(phone) + "/registrations")
    assert answer.headers["cache-control"] == "no-store"  # never a kept answer from before
    assert client.post(CLOCK, json={"advance": "P3D"}).status_code == 200
    now = START + timedelta(days=3)
    after = registrations_of(client, phone)
    assert [r["userAgent"] for r in after] == [r["userAgent"] for r in before]
    for registration in after:
        updated, expires = instant(registration["updated"]), instant(registration["expires"])
        assert now - timedelta(hours=1) < updated <= now < expires  # renewed within the hour


def test_one_registration_and_pages_of_them(client):
    phone = next(p for p in phone_ids(client) if len(registrations_of(client, p)) == 2)
    listed = registrations_of(client, phone)
    assert client.get(listed[1]["uri"]).json() == listed[1]
    assert client.get(SIP.format(phone) + "/registrations/3").status_code == 404
    page = client.get(SIP.format(phone) + "/registrations", params={"pageSize": 1}).json()
    assert (page["totalItems"], page["items"], "nextPage" in page) == (2, listed[:1], True)


def test_another_customers_phones_are_not_shown(client):
    other = ("other", "other")
    for suffix in ("", "/registrations", "/registrations/1"):
        response = client.get(SIP.format(1234) + suffix, auth=other)
        assert response.status_code == 401
        assert "sipidentity" not in response.text
        moved = client.get(f"/customers/26/endpoints/1234/sip{suffix}", auth=other)
        assert moved.status_code == 404


def test_an_extension_user_sees_only_its_own_phones_identity(client):
    own = client.get("/customers/25/linkedusers/me", auth=("extension", "extension")).json()
    mine = own["defaultExtension"]
    assert client.get(SIP.format(mine), auth=("extension", "extension")).status_code == 200
    others = [p for p in phone_ids(client) if p != mine]
    for phone in others[:3]:
        for suffix in ("", "/registrations"):
            response = client.get(SIP.format(phone) + suffix, auth=("extension", "extension"))
            assert response.status_code == 401
            assert "password" not in response.text
    assert client.get(SIP.format(others[0]), auth=("reseller", "reseller")).status_code == 200
