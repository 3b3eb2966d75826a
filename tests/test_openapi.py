"""The OpenAPI document is fit for client generators: valid OpenAPI, a short unique camelCase
operation id on every operation, one summary style, one described tag per group, no enum with
two spellings of one value, a description on every field of the emulated API and the spec's
examples; and a client that openapi-python-client generates from it lists and sends SMS."""

import base64
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from mock_pbx.http.handlers import SPEC_EXAMPLES, spec_example
from mock_pbx.testing import LiveServer

from . import test_inbox_e2e

server = test_inbox_e2e.server  # the web inbox's tests' live server, the same fixture here

CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
VERBS = ("List", "Get", "Send", "Originate", "Create", "Replace", "Update", "Delete", "Stream")
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def document(seeded) -> dict[str, Any]:
    return seeded.openapi()


def operations(document: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if path.startswith(prefix):
                yield method, path, operation


def api_operations(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return list(operations(document, "/api/v1/"))


def test_the_document_is_valid_openapi(document):
    validate(document)  # raises on the first error


def test_every_operation_id_is_camel_case_and_unique(document):
    """Unique over the whole document; camelCase on the emulated API and /healthz (the control
    API's are held by tests/test_admin_index.py)."""
    ids = [op.get("operationId", "") for _, _, op in operations(document)]
    ours = [(path, op["operationId"]) for _, path, op in operations(document) if path[:2] != "/_"]
    assert len(ids) == len(set(ids))
    assert {"/healthz", "/api/v1/customers"} <= {path for path, _ in ours}
    assert [i for _, i in ours if not CAMEL_CASE.match(i)] == []


def test_the_operations_have_the_short_ids_a_client_calls(document):
    ids = {(method, path): op["operationId"] for method, path, op in api_operations(document)}
    customer = "/api/v1/customers/{customerId}"
    assert ids[("get", f"{customer}/sms")] == "listSms"
    assert ids[("get", f"{customer}/sms/{{itemId}}")] == "getSms"
    assert ids[("post", f"{customer}/sms")] == "sendSms"
    assert ids[("post", f"{customer}/calls")] == "originateCall"
    assert ids[("get", f"{customer}/calls/{{itemId}}")] == "getCall"
    assert ids[("post", f"{customer}/phonebook")] == "createPhonebookEntry"
    assert ids[("put", f"{customer}/phonebook/{{itemId}}")] == "updatePhonebookEntry"
    assert ids[("delete", f"{customer}/phonebook/{{itemId}}")] == "deletePhonebookEntry"
    assert ids[("get", f"{customer}/phonebook")] == "listPhonebookEntries"
    assert ids[("get", f"{customer}/creditstatus")] == "getCreditStatus"
    assert ids[("get", "/api/v1/customers")] == "listCustomers"
    assert ids[("get", f"{customer}/outgoingcallerids")] == "listOutgoingCallerIds"


def test_the_aliases_are_deprecated_in_favour_of_the_collections_own_path(document):
    deprecated = {
        op["operationId"] for _, _, op in api_operations(document) if op.get("deprecated")
    }
    assert deprecated == {
        f"{verb}{noun}{where}"
        for verb, noun in (("list", "Endpoints"), ("get", "Endpoint"))
        for where in ("Global", "Alias")
    } | {
        f"{verb}{noun}{where}"
        for verb, noun in (("list", "OutgoingCallerIds"), ("get", "OutgoingCallerId"))
        for where in ("Global", "Alias")
    } | {"listCallBundlesGlobal", "getCallBundleGlobal"}


def test_summaries_share_one_style(document):
    """A verb, then the thing in words: "List SMS", "Get one call", "Send an SMS"."""
    summaries = [op["summary"] for _, _, op in api_operations(document)]
    odd = [s for s in summaries if s.split()[0] not in VERBS or ":" in s]
    assert odd == []
    assert len(set(summaries)) == len(summaries)


def test_each_operation_has_one_tag_and_every_tag_is_described_once(document):
    declared = [tag["name"] for tag in document["tags"]]
    assert len(declared) == len(set(declared))
    assert all(tag["description"].strip() for tag in document["tags"])
    for _, _, op in api_operations(document):
        assert len(op["tags"]) == 1 and op["tags"][0] in declared
    credit = document["paths"]["/api/v1/customers/{customerId}/creditstatus"]["get"]
    assert credit["tags"] == ["customers"] and "creditstatus" not in declared


def enums(value: Any) -> Iterator[list[Any]]:
    if isinstance(value, dict):
        if "enum" in value:
            yield value["enum"]
        for item in value.values():
            yield from enums(item)
    elif isinstance(value, list):
        for item in value:
            yield from enums(item)


def test_no_enum_spells_one_value_twice(document):
    found = list(enums(document))
    assert found  # the walk reaches them: direction, type, includeLocal, ...
    twice = [e for e in found if len({str(v).lower() for v in e}) < len(e)]
    assert twice == []


def test_the_direction_filter_documents_one_case_and_accepts_both(document, client):
    listing = document["paths"]["/api/v1/customers/{customerId}/calls"]["get"]
    (direction,) = [p for p in listing["parameters"] if p["name"] == "direction"]
    assert direction["schema"]["enum"] == ["in", "out"]
    lower = client.get("/customers/me/calls", params={"direction": "in"}).json()["totalItems"]
    upper = client.get("/customers/me/calls", params={"direction": "IN"}).json()["totalItems"]
    assert lower == upper > 0


def referenced(document: dict[str, Any], value: Any, seen: set[str]) -> None:
    """The names of the component schemas `value` refers to, directly or through others."""
    if isinstance(value, dict):
        ref = value.get("$ref", "")
        if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[-1]) not in seen:
            seen.add(name)
            referenced(document, document["components"]["schemas"][name], seen)
        for item in value.values():
            referenced(document, item, seen)
    elif isinstance(value, list):
        for item in value:
            referenced(document, item, seen)


def test_every_field_of_the_emulated_apis_models_has_a_description(document):
    names: set[str] = set()
    referenced(document, [op for _, _, op in api_operations(document)], names)
    schemas = document["components"]["schemas"]
    assert {"SmsMessagePublic", "CallPublic", "Page_SmsMessagePublic_", "SmsSend"} <= names
    bare = [
        f"{name}.{field}"
        for name in sorted(names)
        for field, schema in schemas[name].get("properties", {}).items()
        if not schema.get("description", "").strip()
    ]
    assert bare == []
    delivery = schemas["SmsMessagePublic"]["properties"]["deliveryStatus"]["description"]
    assert all(f"{code} " in delivery for code in (0, 8, 1, 2, 4, 16))


def answer_example(document: dict[str, Any], method: str, path: str, status: str) -> Any:
    answer = document["paths"][path][method]["responses"][status]
    return answer["content"]["application/json"].get("example")


def test_the_spec_examples_are_the_answers_examples(document):
    examples = json.loads(SPEC_EXAMPLES.read_text())
    shown = 0
    for example in examples:
        method, url = example["request"].split(" ", 1)
        path = url.split("/api/v1", 1)[1].split("?")[0].replace("/me", "/{customerId}")
        path = re.sub(r"/\d+$", "/{itemId}", path)
        if example["response"] is None or not path.startswith("/customers/{customerId}/"):
            continue
        expected = spec_example(example["response"])
        status = str(example["status"])
        assert answer_example(document, method.lower(), "/api/v1" + path, status) == expected
        shown += 1
    assert shown >= 15
    sms = answer_example(document, "get", "/api/v1/customers/{customerId}/sms", "200")
    assert sms["items"][0]["uri"].endswith("/customers/25/sms/253368")  # not /me/: an erratum
    one_call = answer_example(
        document, "get", "/api/v1/customers/{customerId}/calls/{itemId}", "200"
    )
    calls = answer_example(document, "get", "/api/v1/customers/{customerId}/calls", "200")
    assert one_call == calls["items"][0]  # no get example in the spec: the list's first item


@pytest.fixture(scope="module")
def generated(document, tmp_path_factory) -> Iterator[Any]:
    """The package openapi-python-client (default configuration) generates from the document."""
    folder = tmp_path_factory.mktemp("client")
    (folder / "openapi.json").write_text(json.dumps(document))
    environment = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        [VENV_BIN / "openapi-python-client", "generate", "--path", "openapi.json"],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(folder / "mock-pbx-client"))
    try:
        yield importlib.import_module("mock_pbx_client")
    finally:
        sys.path.remove(str(folder / "mock-pbx-client"))
        for name in [m for m in sys.modules if m.split(".")[0] == "mock_pbx_client"]:
            del sys.modules[name]


def sms_operations() -> tuple[Any, Any, Any]:
    """The generated modules of listSms, sendSms and getSms."""
    return tuple(
        importlib.import_module(f"mock_pbx_client.api.sms.{name}")
        for name in ("list_sms", "send_sms", "get_sms")
    )


@pytest.fixture
def api_client(generated: Any, server: LiveServer) -> Iterator[Any]:
    """The generated client, logged in with HTTP Basic as the document says; closed after."""
    login = base64.b64encode(b"demo:demo").decode()
    client = generated.AuthenticatedClient(base_url=server.url, token=login, prefix="Basic")
    with client as open_client:
        yield open_client


def test_a_generated_client_lists_and_sends_sms(api_client):
    list_sms, send_sms, get_sms = sms_operations()
    models = importlib.import_module("mock_pbx_client.models")

    before = list_sms.sync("me", client=api_client, page_size=5)
    assert isinstance(before, models.PageSmsMessagePublic)
    assert before.page_size == 5 and len(before.items) == 5
    assert before.items[0].type_ == "smsmessage" and before.items[0].from_

    body = models.SmsSend(type_="smsmessage", to="07902000000", from_="07557000000", body="Hi")
    response = send_sms.sync_detailed("me", client=api_client, body=body)
    assert response.status_code == 201
    sent = response.parsed
    assert isinstance(sent, models.SmsMessagePublic)
    assert (sent.direction, sent.to, sent.body) == ("out", "07902000000", "Hi")

    after = list_sms.sync("me", client=api_client, page_size=5)
    assert after.total_items == before.total_items + 1
    assert after.items[0].id == sent.id  # newest first
    again = get_sms.sync("me", sent.id, client=api_client)
    assert (again.uri, again.from_, again.cost) == (sent.uri, "07557000000", sent.cost)


def test_a_generated_client_reads_an_error_as_the_error_body(api_client):
    _, send_sms, _ = sms_operations()
    models = importlib.import_module("mock_pbx_client.models")
    body = models.SmsSend(type_="smsmessage", to="not a number", from_="07557000000", body="Hi")
    refused = send_sms.sync_detailed("me", client=api_client, body=body)
    assert refused.status_code == 400
    assert isinstance(refused.parsed, models.ErrorBody)
    assert [e.field for e in refused.parsed.errors] == ["to"]
