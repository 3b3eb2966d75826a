"""Available numbers over HTTP: a global stock of UK numbers, the same for one seed, filtered by
country, location and area code, paged with the house envelope, open to any login."""

import re

from fastapi.testclient import TestClient

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings

from .conftest import BASE, START
from .support import every

LOGINS = [(login, login) for login in ("demo", "extension", "reseller", "other")]
ID = re.compile(r"^4-44-(\d{2,4})-(\d{6,8})$")


def leeds(client, **params):
    return client.get("/availablenumbers", params={"country": "44", "areaCode": "113", **params})


def test_leeds_numbers_have_the_facts_shape(client):
    answer = leeds(client, pageSize=100)
    assert answer.status_code == 200
    body = answer.json()
    assert body["totalItems"] == len(body["items"]) > 10
    for item in body["items"]:
        area, number = ID.match(item["id"]).groups()
        assert (area, item["areaCode"], item["country"], item["type"]) == (
            "113",
            "113",
            "44",
            "availablenumber",
        )
        assert item["number"] == number and len(number) == 7 and number[0] not in "01"
        assert item["formatted"] == f"0113 {number[:3]} {number[3:]}"
        assert item["uri"] == f"{BASE}/availablenumbers/{item['id']}"
        assert client.get(item["uri"]).json() == item


def test_the_stock_covers_many_areas_each_formatted_as_the_uk_writes_it(client):
    items = every(client, "/availablenumbers", pageSize=200)
    areas = {item["areaCode"] for item in items}
    assert {"113", "121", "161", "20", "1223", "330", "800"} <= areas
    by_area = {item["areaCode"]: item["formatted"] for item in items}
    assert re.match(r"^020 [378]\d{3} \d{4}$", by_area["20"])
    assert re.match(r"^01223 \d{6}$", by_area["1223"])
    assert re.match(r"^0800 \d{3} \d{4}$", by_area["800"])
    assert len({item["id"] for item in items}) == len(items)


def test_filters_select_and_other_countries_have_none(client):
    assert leeds(client).json()["totalItems"] == leeds(client, areaCode="0113").json()["totalItems"]
    assert leeds(client, location="GB").json()["totalItems"] > 0
    for params in ({"country": "1"}, {"location": "US"}, {"areaCode": "999"}):
        body = client.get("/availablenumbers", params=params).json()
        assert (body["totalItems"], body["items"]) == (0, [])
    manchester = every(client, "/availablenumbers", areaCode="161")
    assert manchester and {item["areaCode"] for item in manchester} == {"161"}


def test_pages_follow_the_house_envelope(client):
    whole = leeds(client, pageSize=200).json()["items"]
    first = leeds(client, pageSize=5).json()
    assert (first["page"], first["pageSize"], len(first["items"])) == (1, 5, 5)
    assert "prevPage" not in first and "areaCode=113" in first["nextPage"]
    second = client.get(first["nextPage"]).json()
    assert second["items"] == whole[5:10] and first["items"] == whole[:5]
    assert "page=1" in second["prevPage"]


def test_any_login_may_list_and_no_login_may_not(client, anonymous):
    ids = {login: leeds(client, auth=login).json()["totalItems"] for login in LOGINS}
    assert len(set(ids.values())) == 1
    assert anonymous.get("/availablenumbers").status_code == 401


def test_an_unknown_id_is_a_404_with_a_json_body(client):
    for number_id in ("4-44-113-0000000", "nonsense", "4-44-113-", "%00"):
        answer = client.get(f"/availablenumbers/{number_id}")
        assert answer.status_code == 404
        assert "message" in answer.json()


def stock_of(seed: int) -> list[str]:
    app = create_app(Settings(database_url="sqlite://", seed=seed), clock=ManualClock(START))
    with TestClient(app, base_url=BASE) as fresh:
        fresh.auth = ("demo", "demo")
        return [item["id"] for item in every(fresh, "/availablenumbers", pageSize=200)]


def test_the_stock_is_the_same_for_one_seed_and_differs_between_seeds(client):
    default = [item["id"] for item in every(client, "/availablenumbers", pageSize=200)]
    assert stock_of(Settings().seed) == default
    assert stock_of(Settings().seed + 1) != default


def test_area_codes_list_every_area_the_stock_has_numbers_in(client, anonymous):
    codes = every(client, "/areacodes")
    assert {code["areaCode"] for code in codes} == {
        item["areaCode"] for item in every(client, "/availablenumbers", pageSize=200)
    }
    leeds_code = next(code for code in codes if code["areaCode"] == "113")
    assert (leeds_code["id"], leeds_code["description"], leeds_code["type"]) == (
        "44-113",
        "Leeds",
        "areacode",
    )
    assert client.get(leeds_code["uri"]).json() == leeds_code
    assert client.get("/areacodes", params={"country": "1"}).json()["totalItems"] == 0
    assert client.get("/areacodes/44-999").status_code == 404
    assert client.get("/areacodes", auth=("extension", "extension")).status_code == 200
    assert anonymous.get("/areacodes").status_code == 401
