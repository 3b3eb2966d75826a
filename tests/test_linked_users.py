"""Linked users over HTTP: the web users of an account match the emulator's logins (`me` is the
caller's own, its defaultExtension a bare id of its phone), deleting one unlinks it, and
`?removeUser=true` also removes the login until a reset."""

import re
from collections.abc import Iterator

import pytest

from .support import every

RESET = "http://testserver/_admin/reset"
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")
LOGINS = {login: (login, login) for login in ("demo", "extension", "reseller", "other")}


@pytest.fixture
def resets(client) -> Iterator[None]:
    """A removed login comes back only with the control API's reset (not the suite's own)."""
    yield
    assert client.post(RESET).status_code == 200


def me(client, login, customer="25"):
    return client.get(f"/customers/{customer}/linkedusers/me", auth=LOGINS[login])


def test_the_account_lists_a_web_user_for_each_login_that_sees_it_and_other_staff(client):
    users = every(client, "/customers/25/linkedusers")
    by_name = {u["username"]: u for u in users}
    assert {"demo", "extension", "reseller"} <= set(by_name)
    assert "other" not in by_name  # the admin of customer 26
    assert len(users) > 3  # staff who are not logins of the emulator
    assert {by_name[n]["accessLevel"] for n in ("demo", "extension", "reseller")} == {
        "CUSTOMER",
        "EXTENSION",
        "RESELLER",
    }
    for user in users:
        assert user["type"] == "linkeduser"
        assert user["uri"] == f"http://testserver/api/v1/customers/25/linkedusers/{user['id']}"
        assert user["parent"] == "http://testserver/api/v1/customers/25"
        assert DATE.match(user["created"])
        assert user["pending"] or DATE.match(user["acceptedInvite"])
        assert user["recordingAccess"] in ("NONE", "OWN", "ALL")


def test_default_extensions_are_bare_ids_of_the_accounts_own_phones_one_each(client):
    users = every(client, "/customers/25/linkedusers")
    extensions = [u["defaultExtension"] for u in users if "defaultExtension" in u]
    assert len(extensions) == len(set(extensions)) > 2
    for extension in extensions:
        assert extension.isdigit()
        assert client.get(f"/customers/25/endpoints/{extension}").json()["type"] == "phone"


def test_me_is_the_callers_own_web_user(client):
    demo = me(client, "demo").json()
    assert (demo["username"], demo["accessLevel"], demo["owner"]) == ("demo", "CUSTOMER", True)
    assert (demo["firstName"], demo["lastName"], demo["email"]) == (
        "Fred",
        "Bloggs",
        "contact@fredbloggs.com",
    )
    assert demo["defaultExtension"] == "1234"  # the phone named Fred Bloggs
    assert client.get(f"/customers/25/linkedusers/{demo['id']}").json() == demo
    extension = me(client, "extension").json()
    assert (extension["username"], extension["accessLevel"]) == ("extension", "EXTENSION")
    assert extension["recordingAccess"] == "OWN"
    assert extension["defaultExtension"] not in (None, demo["defaultExtension"])
    reseller = me(client, "reseller").json()
    assert reseller["accessLevel"] == "RESELLER" and "defaultExtension" not in reseller


def test_a_reseller_is_one_web_user_on_each_of_its_customers(client):
    records = [me(client, "reseller", c).json() for c in ("25", "26", "27")]
    assert len({r["userId"] for r in records}) == 1
    assert len({r["email"] for r in records}) == 1
    assert [r["parent"].rsplit("/", 1)[1] for r in records] == ["25", "26", "27"]
    assert me(client, "other", "26").json()["username"] == "other"


def test_me_takes_the_node_clients_trailing_slash_and_the_customers_me(client):
    expected = me(client, "demo").json()
    assert client.get("/customers/25/linkedusers/me/").json() == expected
    assert client.get("/customers/me/linkedusers/me").json() == expected


def test_another_customers_web_users_are_not_shown(client):
    demo_id = me(client, "demo").json()["id"]
    for path in ("/customers/25/linkedusers", "/customers/25/linkedusers/me"):
        assert client.get(path, auth=LOGINS["other"]).status_code == 401
    response = client.get(f"/customers/26/linkedusers/{demo_id}", auth=LOGINS["other"])
    assert response.status_code == 404  # customer 25's record, asked for under 26
    assert "Bloggs" not in response.text


def test_an_extension_user_reads_the_web_users_but_may_not_delete_one(client):
    assert client.get("/customers/25/linkedusers", auth=LOGINS["extension"]).status_code == 200
    demo_id = me(client, "demo").json()["id"]
    response = client.delete(f"/customers/25/linkedusers/{demo_id}", auth=LOGINS["extension"])
    assert response.status_code == 401
    assert me(client, "demo").status_code == 200


def test_deleting_unlinks_the_user_from_this_customer_only(client):
    reseller = me(client, "reseller").json()
    assert client.delete(f"/customers/25/linkedusers/{reseller['id']}").status_code == 204
    assert client.get(f"/customers/25/linkedusers/{reseller['id']}").status_code == 404
    assert me(client, "reseller").status_code == 404
    assert me(client, "reseller", "26").status_code == 200  # still linked to its other customers
    assert client.get("/customers/me", auth=LOGINS["reseller"]).status_code == 200  # login kept
    usernames = {u["username"] for u in every(client, "/customers/25/linkedusers")}
    assert "reseller" not in usernames


def test_remove_user_deletes_the_web_user_everywhere_and_its_login_until_a_reset(client, resets):
    reseller = me(client, "reseller").json()
    for path in ("/customers/me", "/customers/25/phonebook"):  # answers kept, a login known
        assert client.get(path, auth=LOGINS["reseller"]).status_code == 200
    response = client.delete(f"/customers/25/linkedusers/{reseller['id']}?removeUser=true")
    assert response.status_code == 204 and response.content == b""
    for path in ("/customers/me", "/customers/25/phonebook", "/customers/25/phonebook"):
        assert client.get(path, auth=LOGINS["reseller"]).status_code == 401, path
    listed = client.get("/customers/26/linkedusers", auth=LOGINS["other"]).json()["items"]
    assert "reseller" not in {u["username"] for u in listed}
    assert client.get("/customers/me", auth=LOGINS["demo"]).status_code == 200
    assert client.post(RESET).status_code == 200
    assert client.get("/customers/me", auth=LOGINS["reseller"]).status_code == 200
    assert me(client, "reseller").json() == reseller


def test_remove_user_of_a_web_user_without_a_login_keeps_every_login(client):
    staff = [u for u in every(client, "/customers/25/linkedusers") if u["userId"].startswith("1")]
    url = f"/customers/25/linkedusers/{staff[0]['id']}?removeUser=true"
    assert client.delete(url).status_code == 204
    assert client.get(f"/customers/25/linkedusers/{staff[0]['id']}").status_code == 404
    for login in LOGINS:
        assert client.get("/customers/me", auth=LOGINS[login]).status_code == 200


@pytest.mark.parametrize("query", ["", "?removeUser=true"])
def test_nobody_removes_their_own_linked_user(client, query):
    demo = me(client, "demo").json()
    response = client.delete(f"/customers/25/linkedusers/{demo['id']}{query}")
    assert response.status_code == 400
    assert "your own" in response.json()["errors"][0]["message"]
    assert me(client, "demo").json() == demo


@pytest.mark.parametrize("item", ["me", "0", "99999999", "abc", "1e3", "-1", "%00"])
def test_deleting_what_is_not_a_linked_user_is_a_404_or_400(client, item):
    response = client.delete(f"/customers/25/linkedusers/{item}")
    assert response.status_code in (400, 404)
    assert set(response.json()) >= {"message", "errors"}


def test_remove_user_must_be_a_boolean(client):
    extension = me(client, "extension").json()
    response = client.delete(f"/customers/25/linkedusers/{extension['id']}?removeUser=perhaps")
    assert response.status_code == 400
    assert me(client, "extension").status_code == 200


def test_a_plain_reset_puts_an_unlinked_user_back(client):
    extension = me(client, "extension").json()
    assert client.delete(f"/customers/25/linkedusers/{extension['id']}").status_code == 204
    assert client.post(RESET, params={"customer": 25}).status_code == 200
    assert me(client, "extension").json() == extension
