"""X-Relationship-Key: id (spec api-facts §1.2; the official Node client always sends it): every
relationship field of an answer is the bare id of the resource it names, not its URI; `uri`,
`parent` and `links` stay URIs; without the header answers are as they always were. The kept
answers and the lean path never serve one form to a request for the other, and writes take
either form whatever the header says."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.models import OutgoingCallerId
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.wire.uris import RELATIONSHIPS

from .conftest import START
from .support import ACCOUNT_PATHS, NAMES

API = "http://testserver/api/v1/customers/me"
IDS = {"X-Relationship-Key": "id"}
NOT_RELATIONSHIPS = {"uri", "parent", "links", "nextPage", "prevPage"}
# One item of each collection that has a relationship field (customer 25's, as the spec shows).
ITEMS = {"phonenumbers": "47", "recordings": "1358371"}


def uri_fields(value: Any, path: str = "") -> dict[str, str]:
    """Every string field naming an API resource (by URI or path), outside uri/parent/links:
    path -> value. A SIP identity's wss:// server is no resource of the API."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in NOT_RELATIONSHIPS:
                found.update(uri_fields(inner, f"{path}.{key}"))
    elif isinstance(value, list):
        for inner in value:
            found.update(uri_fields(inner, f"{path}[]"))
    elif isinstance(value, str) and ("/api/v1/" in value or "/customers/" in value):
        found[path] = value
    return found


def every(client: TestClient, url: str, headers: dict[str, str] | None = None) -> list[Any]:
    """All items of a list, each page asked with the same headers."""
    body = client.get(url, params={"pageSize": 200}, headers=headers).json()
    items: list[Any] = body["items"]
    while "nextPage" in body:
        body = client.get(body["nextPage"], headers=headers).json()
        items += body["items"]
    return items


@pytest.fixture(params=[True, False], ids=["lean", "routes"])
def demo(request, seeded) -> Iterator[TestClient]:
    """A fresh app with the lean path on or off, logged in as demo (customer 25)."""
    settings, clock, db = Settings(), ManualClock(START), seeded.state.runtime.db
    app = create_app(settings, clock=clock, template=db, fast_path=request.param)
    with TestClient(app) as client:
        client.auth = ("demo", "demo")
        yield client


def test_the_relationship_fields_are_exactly_the_uris_outside_uri_parent_and_links(demo):
    """Without the header, every collection's URI-valued fields (outside uri, parent, links) are
    the declared relationship fields; with it, no answer holds any URI there."""
    for name in NAMES:
        found = uri_fields(every(demo, f"{API}/{name}"))
        plain = {path.split(".")[-1].removesuffix("[]") for path in found}  # members[] -> members
        assert plain == set(RELATIONSHIPS.get(name, ())), name
        assert uri_fields(every(demo, f"{API}/{name}", headers=IDS) or [{}]) == {}, name


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_lists_carry_bare_ids_with_the_header_and_uris_without(demo, name):
    plain, ids = every(demo, f"{API}/{name}"), every(demo, f"{API}/{name}", headers=IDS)
    assert [item["id"] for item in plain] == [item["id"] for item in ids]
    checked = 0
    for before, after in zip(plain, ids, strict=True):
        for field in RELATIONSHIPS[name]:
            if field in before:
                assert (
                    before[field]
                    == f"http://testserver/api/v1/customers/25/endpoints/{after[field]}"
                )
                assert after[field].isdigit()
                checked += 1
        others = {k: v for k, v in after.items() if k not in RELATIONSHIPS[name]}
        assert others == {k: v for k, v in before.items() if k not in RELATIONSHIPS[name]}
    assert checked > 0


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_an_item_alternately_with_and_without_the_header_never_gets_the_others_answer(demo, name):
    """The same URL, kept answers on: each form keeps its own answer and its own ETag."""
    url, (field,) = f"{API}/{name}/{ITEMS[name]}", RELATIONSHIPS[name]
    answers = [demo.get(url, headers=IDS if turn % 2 else {}) for turn in range(6)]
    assert {a.status_code for a in answers} == {200}
    for turn, answer in enumerate(answers):
        assert answer.json()[field].isdigit() == bool(turn % 2), (turn, answer.json()[field])
    assert answers[0].json()[field].startswith("http://testserver/api/v1/customers/25/endpoints/")
    etags = [answer.headers["etag"] for answer in answers]
    assert (
        etags[0] != etags[1] and set(etags[0::2]) == {etags[0]} and set(etags[1::2]) == {etags[1]}
    )
    # Conditional GET: one form's ETag does not match the other form's answer.
    assert demo.get(url, headers={**IDS, "If-None-Match": etags[0]}).status_code == 200
    assert demo.get(url, headers={**IDS, "If-None-Match": etags[1]}).status_code == 304


def test_a_list_page_alternately_with_and_without_the_header(demo):
    url = f"{API}/phonenumbers?pageSize=5"
    for turn in range(4):
        body = demo.get(url, headers=IDS if turn % 2 else {}).json()
        destinations = [item["destination"] for item in body["items"] if "destination" in item]
        assert destinations and all(d.isdigit() == bool(turn % 2) for d in destinations)


def test_the_header_is_read_in_any_letters_and_other_values_keep_uris(demo):
    url = f"{API}/phonenumbers/47"
    assert demo.get(url, headers={"X-Relationship-Key": " ID "}).json()["destination"] == "94"
    for value in ("uri", "", "ids"):
        destination = demo.get(url, headers={"X-Relationship-Key": value}).json()["destination"]
        assert destination.endswith("/customers/25/endpoints/94"), value


ENDPOINTS = "http://testserver/api/v1/customers/25/endpoints"
# The endpoints' list and item: under the customer, the spec's /endpoint alias, and the global one.
ENDPOINT_PATHS = ("endpoints", "endpoint", "/api/v1/endpoint")


@pytest.mark.parametrize("headers", [{}, IDS], ids=["uris", "ids"])
def test_a_phone_number_is_routed_by_id_or_uri_whatever_the_header(demo, headers):
    url = f"{API}/phonenumbers/47"
    for given, want in (("1234", "1234"), (f"{ENDPOINTS}/94", "94"), (1234, "1234")):
        body = {"type": "did", "identifier": "DID", "destination": given}
        answer = demo.put(url, json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        shown = want if headers else f"{ENDPOINTS}/{want}"
        assert answer.json()["destination"] == shown
        assert demo.get(url).json()["destination"] == f"{ENDPOINTS}/{want}"
        assert demo.get(url, headers=IDS).json()["destination"] == want


def test_a_call_is_placed_from_an_endpoint_and_caller_id_given_by_id_or_uri(demo):
    caller = demo.get(f"{API}/outgoingcallerids/114").json()
    runtime = demo.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.new_session() as session:  # approve 114 for calls (the seed allows SMS only)
        session.get(OutgoingCallerId, 114).allow_calls = True
        session.commit()
    for placed, (endpoint, caller_id) in enumerate(
        ((94, caller["uri"]), (f"{ENDPOINTS}/1234", "114"))
    ):
        body = {"type": "call", "endpoint": endpoint, "to": "07700900123", "callerId": caller_id}
        answer = demo.post(f"{API}/calls", json=body, headers=IDS)
        assert (answer.status_code, answer.content) == (200, b"")  # as the spec's example
        calls = demo.get("http://testserver/_admin/calls").json()["items"]
        assert len(calls) == placed + 1
        assert {(c["endpointId"], c["callerId"]) for c in calls} >= {
            ((94, 1234)[placed], caller["number"])
        }


def test_the_document_names_the_header_where_answers_hold_relationships(demo):
    """Documented on the operations whose answers hold relationship fields, and only there."""
    paths = demo.get("http://testserver/openapi.json").json()["paths"]
    documented = set()
    for path, operations in paths.items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", [])]
            if "X-Relationship-Key" in names:
                documented.add((method, path.removeprefix("/api/v1/customers/{customerId}/")))
    assert documented == {
        ("get", "phonenumbers"),
        ("get", "phonenumbers/{itemId}"),
        ("put", "phonenumbers/{itemId}"),
        ("get", "recordings"),
        ("get", "recordings/{itemId}"),
        ("get", "bargegroups"),
        ("get", "bargegroups/{groupId}"),
        ("get", "callcharging"),
        ("put", "callcharging"),
        ("post", "endpoints"),
        ("put", "endpoints/{itemId}"),
        ("get", "endpoints/{endpointId}/forwardingrules"),
        ("post", "endpoints/{endpointId}/forwardingrules"),
        ("get", "endpoints/{endpointId}/forwardingrules/{ruleId}"),
        ("put", "endpoints/{endpointId}/forwardingrules/{ruleId}"),
        *(("get", f"{path}{item}") for path in ENDPOINT_PATHS for item in ("", "/{itemId}")),
        ("get", "endpoints/{endpointId}/queuememberships"),
        ("get", "endpoints/{endpointId}/queuememberships/{membershipId}"),
    }


def test_answers_outside_the_collections_hold_no_relationship_uris_in_either_form(demo):
    """The customer, a phone's SIP identity and a linked user: only uri, parent and links are
    URIs, and a linked user's defaultExtension is the bare id it always was."""
    for path in ("", "/endpoints/94/sip", "/linkedusers/me", "/creditstatus"):
        for headers in ({}, IDS):
            assert uri_fields(demo.get(f"{API}{path}", headers=headers).json()) == {}, path
    plain, ids = (demo.get(f"{API}/linkedusers/me", headers=h).json() for h in ({}, IDS))
    assert plain["defaultExtension"] == ids["defaultExtension"] == "1234"


def test_the_accounts_sub_resources_name_phones_and_plans_by_id_with_the_header(demo):
    """Barge groups' managers and members (phones), call charging's chargingPlan (a global plan):
    URIs without the header, bare ids with it; no other account answer holds any."""
    for path in ACCOUNT_PATHS:
        plain = uri_fields(demo.get(f"{API}/{path}").json())
        fields = {key.split(".")[-1].removesuffix("[]") for key in plain}
        assert fields == set(RELATIONSHIPS.get(path.split("/")[0], ())), path
        assert uri_fields(demo.get(f"{API}/{path}", headers=IDS).json()) == {}, path
    group = demo.get(f"{API}/bargegroups/1", headers=IDS).json()
    assert group["managers"] == ["94"] and all(m.isdigit() for m in group["members"])
    charging = demo.get(f"{API}/callcharging", headers=IDS).json()["chargingPlan"]
    assert (
        demo.get(f"{API}/callcharging")
        .json()["chargingPlan"]
        .endswith(f"/chargingplans/{charging}")
    )


def test_call_charging_takes_its_plan_by_id_or_uri_whatever_the_header(demo):
    plans = demo.get("http://testserver/api/v1/chargingplans").json()["items"]
    for plan, headers in ((plans[-1]["id"], {}), (plans[0]["uri"], IDS)):
        body = {"type": "customercallcharging", "chargingPlan": plan}
        answer = demo.put(f"{API}/callcharging", json=body, headers=headers)
        assert answer.status_code == 200, answer.text
    assert answer.json()["chargingPlan"] == plans[0]["id"]
