"""Fixture sets (issue 18): app A (the seeded app) is read through its own API, every item turned
into a fixture record (importing/records.py) and written as a set; app B serves that set
(`Settings(fixtures=DIR)`) and answers every list (every page) and every item of customers 25, 26
and 27 with A's bytes, whether the set was read with URIs or with bare ids (X-Relationship-Key:
id). B generates nothing, logs in with the set's logins (demo/demo), resets to the set and starts
the same twice; a missing file is an empty collection, a malformed one a one-line refusal."""

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.cli import main
from mock_pbx.cli.checks import check_fixture_set
from mock_pbx.importing.records import (
    COLLECTIONS,
    TABLES,
    customer_record,
    record_of,
    write_fixture_set,
)
from mock_pbx.models.base import table_of
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.seeding.fixtures import FixtureSetError, column_values, fixture_key
from mock_pbx.settings import OptionError, Settings
from tests.conftest import BASE, START

CUSTOMERS = (25, 26, 27)
RESELLER = ("reseller", "reseller")  # A's login that sees all three
LOCAL = ("calls", "recordings")  # lists that hide local calls unless includeLocal=true
IDS = {"X-Relationship-Key": "id"}
ANN = {"type": "phonebookentry", "name": "Ann", "phoneNumber": "07700900123"}


def walk(client: TestClient, url: str, headers: dict[str, str] | None = None) -> list[bytes]:
    """Every page of a list, from `url` following nextPage."""
    pages = []
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text)
        pages.append(response.content)
        url = response.json().get("nextPage")
    return pages


def list_urls(customer: int, name: str) -> list[str]:
    base = f"{BASE}/customers/{customer}/{name}"
    urls = [base, f"{base}?pageSize=200"]
    return urls + ([f"{base}?pageSize=200&includeLocal=true"] if name in LOCAL else [])


def items_of(client: TestClient, customer: int, name: str, headers: dict[str, str]) -> list[Any]:
    """Every item a client can find in the lists (local calls' recordings by their linkedId)."""
    found = {}
    for url in list_urls(customer, name)[1:]:
        for page in walk(client, url, headers):
            found.update({item["id"]: item for item in json.loads(page)["items"]})
    if name == "recordings":
        calls = items_of(client, customer, "calls", headers)
        for linked in {c["linkedId"] for c in calls if c["callType"] == "local"}:
            url = f"{BASE}/customers/{customer}/recordings?linkedId={linked}&pageSize=200"
            for page in walk(client, url, headers):
                found.update({item["id"]: item for item in json.loads(page)["items"]})
    return list(found.values())


@pytest.fixture(scope="module")
def source(seeded: FastAPI) -> Iterator[TestClient]:
    """App A: a copy of the seeded app, read by the reseller."""
    app = create_app(
        Settings(database_url="sqlite://"),
        clock=ManualClock(START),
        template=seeded.state.runtime.db,
    )
    with TestClient(app, base_url=BASE) as client:
        client.auth = RESELLER
        yield client


def write_set(client: TestClient, directory: Path, headers: dict[str, str]) -> Path:
    customers, records = [], {name: [] for name in COLLECTIONS}
    for customer in CUSTOMERS:
        shown = client.get(f"/customers/{customer}", headers=headers).json()
        credit = client.get(f"/customers/{customer}/creditstatus").json()
        customers.append(customer_record(shown, credit))
        for name in COLLECTIONS:
            items = items_of(client, customer, name, headers)
            records[name] += [record_of(name, item, customer) for item in items]
    users = [{"username": "demo", "accessLevel": "RESELLER", "customers": list(CUSTOMERS)}]
    users[0]["default"] = True
    manifest = {"source": BASE, "customers": list(CUSTOMERS), "options": {}}
    write_fixture_set(directory, customers, records, users, manifest)
    return directory


@pytest.fixture(scope="module")
def fixture_set(source: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_set(source, tmp_path_factory.mktemp("set"), {})


def served(directory: Path) -> TestClient:
    app = create_app(
        Settings(database_url="sqlite://", fixtures=str(directory)), clock=ManualClock(START)
    )
    client = TestClient(app, base_url=BASE)
    client.auth = ("demo", "demo")
    return client


def assert_same(a: TestClient, b: TestClient, item_forms: tuple[dict[str, str], ...]) -> None:
    """Every list (every page, as URIs and as ids) and every item of every collection (in each
    of `item_forms`), and the customers and their credit, byte for byte."""
    urls = ["/customers?pageSize=200", "/customers/me"]
    for customer in CUSTOMERS:
        urls += [f"/customers/{customer}", f"/customers/{customer}/creditstatus"]
        for name in COLLECTIONS:
            urls += [
                f"/customers/{customer}/{name}/{item['id']}"
                for item in items_of(a, customer, name, {})
            ]
    for headers in item_forms:
        for url in urls:
            assert a.get(url, headers=headers).content == b.get(url, headers=headers).content, url
    for headers in ({}, IDS):
        for customer in CUSTOMERS:
            for name in COLLECTIONS:
                for url in list_urls(customer, name):
                    assert walk(a, url, headers) == walk(b, url, headers), url


def test_every_column_has_a_fixture_key_that_loads_back():
    for table in TABLES.values():
        for column in table_of(table).columns:
            loaded = column_values({fixture_key(column.name): "2014-03-10T13:37:00.000+0000"})
            assert set(loaded) == {column.name}
            # A date column is parsed from the API's text (column_values' DATE_COLUMNS).
            dated = isinstance(loaded[column.name], datetime)
            assert dated == ("DateTime" in type(column.type).__name__), column.name


def test_b_serves_a_s_bytes(source: TestClient, fixture_set: Path):
    with served(fixture_set) as b:
        assert_same(source, b, ({}, IDS))


def test_a_set_read_with_bare_ids_is_the_same(source: TestClient, tmp_path: Path):
    with served(write_set(source, tmp_path, IDS)) as b:
        assert_same(source, b, ({},))  # the lists show every item, in both forms


def test_the_set_is_readable_json_without_passwords(fixture_set: Path):
    users = json.loads((fixture_set / "users.json").read_text())
    assert all("password" not in user for user in users)
    sms = json.loads((fixture_set / "sms.json").read_text())
    assert [r["id"] for r in sms] == sorted(r["id"] for r in sms)
    assert (fixture_set / "sms.json").read_text().startswith("[\n  {\n")
    assert json.loads((fixture_set / "mock-pbx.json").read_text())["customers"] == [25, 26, 27]


def test_logins_come_from_the_set(fixture_set: Path):
    with served(fixture_set) as b:
        assert b.get("/customers/me").json()["id"] == "25"
        for login in (RESELLER, ("other", "other"), ("demo", "wrong")):
            assert b.get("/customers/me", auth=login).status_code == 401


def test_reset_returns_to_the_set_and_new_ids_come_after(source: TestClient, fixture_set: Path):
    with served(fixture_set) as b:
        before = walk(b, f"{BASE}/customers/25/phonebook?pageSize=200")
        top = max(r["id"] for r in json.loads((fixture_set / "phonebook.json").read_text()))
        made = b.post("/customers/25/phonebook", json=ANN)
        assert made.status_code == 201, made.text
        assert int(made.json()["id"]) > top
        assert b.post("http://testserver/_admin/reset").status_code in (200, 204)
        assert walk(b, f"{BASE}/customers/25/phonebook?pageSize=200") == before


def test_a_second_start_is_the_same(source: TestClient, fixture_set: Path):
    with served(fixture_set) as first, served(fixture_set) as second:
        for customer in CUSTOMERS:
            for name in COLLECTIONS:
                url = f"{BASE}/customers/{customer}/{name}?pageSize=200&includeLocal=true"
                assert walk(first, url) == walk(second, url)


def test_a_missing_collection_file_is_an_empty_collection(fixture_set: Path, tmp_path: Path):
    copy = tmp_path / "set"
    shutil.copytree(fixture_set, copy)
    (copy / "phonebook.json").unlink()
    with served(copy) as b:
        assert b.get("/customers/25/phonebook").json()["totalItems"] == 0
        assert b.get("/customers/25/sms").json()["totalItems"] > 0


@pytest.mark.parametrize(
    ("file", "text", "said"),
    [
        ("sms.json", "[{", "sms.json: not readable JSON"),
        ("sms.json", '{"id": 1}', "sms.json: not a list of records"),
        ("phonebook.json", '[{"id": 1, "customerId": 25}]', "phonebook.json: record 1: "),
        ("endpoints.json", '[{"id": "x"}]', "endpoints.json: record 1: "),
        ("users.json", '[{"username": "a"}]', "users.json: record 1: accessLevel"),
    ],
)
def test_a_malformed_set_is_one_line(fixture_set: Path, tmp_path: Path, capsys, file, text, said):
    copy = tmp_path / "set"
    shutil.copytree(fixture_set, copy)
    (copy / file).write_text(text)
    with pytest.raises(OptionError) as refused:
        check_fixture_set(str(copy))
    assert said in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--fixtures", str(copy), "--port", "0"])
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and said in lines[0], lines
    if file != "users.json":
        with pytest.raises(FixtureSetError, match=said.split(":")[0]):
            served(copy)


def with_history(fixture_set: Path, directory: Path) -> Path:
    """The set, its manifest asking for history older than the import (`import --history`)."""
    copy = Path(shutil.copytree(fixture_set, directory / "with-history"))
    manifest = json.loads((copy / "mock-pbx.json").read_text())
    (copy / "mock-pbx.json").write_text(json.dumps({**manifest, "fillHistory": True}))
    return copy


def instants(items: list[dict[str, Any]]) -> list[datetime]:
    return [datetime.strptime(item["created"], "%Y-%m-%dT%H:%M:%S.%f%z") for item in items]


def test_fill_history_adds_older_records_below_the_imported_ids(
    source: TestClient, fixture_set: Path, tmp_path: Path
):
    """The imported records stay as they are; generated SMS, calls and recordings come before
    the oldest of each customer's, numbered below the imported ids: lists stay newest first by
    date and by id at once."""
    with served(with_history(fixture_set, tmp_path)) as b:
        for customer in CUSTOMERS:
            for name in ("sms", "calls", "recordings"):
                imported = items_of(source, customer, name, {})
                everything = items_of(b, customer, name, {})
                ids = {item["id"] for item in imported}
                older = [item for item in everything if item["id"] not in ids]
                assert older, (customer, name)
                assert {item["id"]: item for item in everything if item["id"] in ids} == {
                    item["id"]: item for item in imported
                }
                assert max(instants(older)) < min(instants(imported)), (customer, name)
                assert max(int(i["id"]) for i in older) < min(int(i) for i in ids)
            listed = walk(b, f"/customers/{customer}/sms?pageSize=200")
            items = [item for page in listed for item in json.loads(page)["items"]]
            assert [int(i["id"]) for i in items] == sorted(
                (int(i["id"]) for i in items), reverse=True
            )
            assert instants(items) == sorted(instants(items), reverse=True)


def test_fill_history_is_the_same_on_every_start(fixture_set: Path, tmp_path: Path):
    directory = with_history(fixture_set, tmp_path)
    with served(directory) as one, served(directory) as two:
        for name in ("sms", "calls", "recordings"):
            url = f"/customers/25/{name}?pageSize=200&includeLocal=true"
            assert walk(one, url) == walk(two, url)
