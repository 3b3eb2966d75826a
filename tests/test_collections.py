"""Rules every collection follows: the envelope, paging, uris, trailing slashes, HEAD, `me`, errors."""

import pytest

from .support import COLLECTIONS, NAMES

ENVELOPE = {"totalItems", "pageSize", "page", "items"}


def first_id(client, name):
    return COLLECTIONS[name] or client.get(f"/customers/me/{name}").json()["items"][0]["id"]


@pytest.mark.parametrize("name", NAMES)
def test_list_has_the_envelope_and_default_page_size(client, name):
    """{totalItems, pageSize, page, items}; pageSize 20 unless asked; no prevPage on page 1."""
    body = client.get(f"/customers/me/{name}").json()
    assert set(body) >= ENVELOPE
    assert (body["pageSize"], body["page"]) == (20, 1)
    assert "prevPage" not in body
    assert len(body["items"]) == min(20, body["totalItems"])


@pytest.mark.parametrize("name", NAMES)
def test_following_next_pages_visits_every_item_once(client, name):
    """nextPage links, absolute and followable, walk the whole list without repeats."""
    url, seen = f"/customers/25/{name}?pageSize=7", []
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url = body.get("nextPage")
        assert url is None or url.startswith(f"http://testserver/api/v1/customers/25/{name}?")
    assert len(seen) == len(set(seen)) == body["totalItems"]


@pytest.mark.parametrize("name", NAMES)
def test_prev_page_leads_back(client, name):
    """Page 2 links back to page 1 with the same pageSize."""
    body = client.get(f"/customers/me/{name}", params={"pageSize": 1, "page": 2}).json()
    assert body["prevPage"] == f"http://testserver/api/v1/customers/25/{name}?pageSize=1&page=1"
    assert client.get(body["prevPage"]).json()["page"] == 1


@pytest.mark.parametrize("name", NAMES)
def test_every_item_uri_fetches_that_item(client, name):
    """An item's absolute uri returns the same representation."""
    for item in client.get(f"/customers/me/{name}", params={"pageSize": 5}).json()["items"]:
        assert client.get(item["uri"]).json() == item


@pytest.mark.parametrize("name", NAMES)
def test_items_carry_type_string_id_and_parent(client, name):
    item = client.get(f"/customers/me/{name}").json()["items"][0]
    assert isinstance(item["type"], str)
    assert item["uri"].endswith(f"/customers/25/{name}/{item['id']}")
    assert item["parent"] == "http://testserver/api/v1/customers/25"


@pytest.mark.parametrize("name", NAMES)
def test_me_and_the_numeric_id_give_the_same_bytes(client, name):
    assert (
        client.get(f"/customers/me/{name}").content == client.get(f"/customers/25/{name}").content
    )


@pytest.mark.parametrize("name", NAMES)
def test_trailing_slash_is_the_same_resource_without_redirect(client, name):
    item_id = first_id(client, name)
    for path in (f"/customers/me/{name}", f"/customers/me/{name}/{item_id}"):
        plain, slashed = client.get(path), client.get(path + "/", follow_redirects=False)
        assert slashed.status_code == 200
        assert slashed.content == plain.content


@pytest.mark.parametrize("name", NAMES)
def test_head_answers_like_get_without_a_body(client, name):
    get, head = client.get(f"/customers/me/{name}"), client.head(f"/customers/me/{name}")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]


@pytest.mark.parametrize("name", NAMES)
def test_unknown_item_is_a_json_404(client, name):
    for item_id in ("999999999", "abc", "99999999999999999999999", "1" * 5000):
        response = client.get(f"/customers/me/{name}/{item_id}")
        assert response.status_code == 404
        assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize("name", NAMES)
def test_another_customers_item_is_not_found_under_ours(client, name):
    """customer 26's rows do not exist under customer 25."""
    with_reseller = client.get(f"/customers/26/{name}", auth=("reseller", "reseller")).json()
    if not with_reseller["items"]:
        pytest.fail(f"customer 26 has no {name} to test with")
    assert client.get(f"/customers/25/{name}/{with_reseller['items'][0]['id']}").status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_missing_credentials_are_a_401_with_a_basic_challenge(anonymous, name):
    response = anonymous.get(f"/customers/me/{name}")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize("name", NAMES)
def test_a_customer_the_user_may_not_see_is_a_401(client, name):
    assert client.get(f"/customers/26/{name}").status_code == 401


# Methods beyond GET/HEAD that a collection (list) or its items accept.
LIST_WRITES = {
    "phonebook": {"POST"},
    "sms": {"POST"},
    "calls": {"POST"},
    "phonenumbers": {"POST"},
    "endpoints": {"POST"},
}
ITEM_WRITES = {
    "phonebook": {"PUT", "DELETE"},
    "endpoints": {"PUT", "DELETE"},
    "phonenumbers": {"PUT", "DELETE"},
    "linkedusers": {"DELETE"},
}


@pytest.mark.parametrize("name", NAMES)
def test_unsupported_methods_are_a_405_whose_allow_lists_the_supported_ones(client, name):
    item = f"/customers/me/{name}/{first_id(client, name)}"
    for path, writes in ((f"/customers/me/{name}", LIST_WRITES), (item, ITEM_WRITES)):
        allowed = {"GET", "HEAD"} | writes.get(name, set())
        for method in {"POST", "PUT", "DELETE", "PATCH"} - allowed:
            response = client.request(method, path)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].split(", ")) == allowed
            assert response.json()["message"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", ["0", "-1", "x", "1.5", ""])
def test_page_and_page_size_must_be_whole_numbers_from_one(client, name, bad):
    for key in ("page", "pageSize"):
        response = client.get(f"/customers/me/{name}", params={key: bad})
        assert response.status_code == 400
        assert response.json()["validationErrors"][0]["field"] == key


@pytest.mark.parametrize("name", NAMES)
def test_page_size_above_200_is_served_and_echoed_as_200(client, name):
    body = client.get(f"/customers/me/{name}", params={"pageSize": 5000}).json()
    assert body["pageSize"] == 200


@pytest.mark.parametrize("name", NAMES)
def test_a_page_past_the_end_is_empty_not_an_error(client, name):
    response = client.get(f"/customers/me/{name}", params={"page": 10**12})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert "nextPage" not in response.json()


@pytest.mark.parametrize("name", NAMES)
def test_unknown_query_parameters_are_ignored(client, name):
    plain = client.get(f"/customers/me/{name}")
    noisy = client.get(
        f"/customers/me/{name}", params={"_": "123", "X-Atmosphere-tracking-id": "0"}
    )
    assert noisy.json()["items"] == plain.json()["items"]
