"""How the web inbox signs in, in Chromium: straight into the inbox on a server left on the
documented default login (as Mailpit opens), through the form once signed out or when the server
has a password or an admin token of its own."""

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer

from . import test_inbox_e2e
from .conftest import START
from .test_inbox_e2e import opened

server, browser = test_inbox_e2e.server, test_inbox_e2e.browser


@contextmanager
def server_with(seeded, **settings) -> Iterator[LiveServer]:
    app = create_app(
        Settings(**settings), clock=ManualClock(START), template=seeded.state.runtime.db
    )
    with LiveServer(app) as live:
        yield live


def ui_config(base_url, **headers):
    response = httpx.get(base_url + "/_ui/config", headers=headers)
    assert response.status_code == 200
    return response.json()


def test_the_default_login_opens_straight_into_the_inbox(browser, server):
    from playwright.sync_api import expect

    page = opened(browser, server)
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#customer")).to_have_value("25")
    expect(page.locator("#login")).to_be_hidden()
    page.close()


def test_after_sign_out_the_tab_asks_and_keeps_asking(browser, server):
    from playwright.sync_api import expect

    page = opened(browser, server)
    expect(page.locator("#app")).to_be_visible()
    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#app")).to_be_hidden()
    expect(page.locator("input[name=username]")).to_have_value("demo")  # pre-filled
    page.reload()
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#app")).to_be_hidden()
    page.click("#login-form button[type=submit]")
    expect(page.locator("#app")).to_be_visible()
    page.close()


def test_the_server_tells_the_default_login_to_its_own_pages_only(server):
    expected = {"defaultLogin": {"username": "demo", "password": "demo"}}
    assert ui_config(server.url) == expected
    assert ui_config(server.url, **{"Sec-Fetch-Site": "same-origin"}) == expected
    foreign = {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"}
    assert ui_config(server.url, **foreign) == {"defaultLogin": None}


@pytest.mark.parametrize(
    ("settings", "login"),
    [
        ({"password": "s3cret"}, ("demo", "s3cret", "")),
        ({"username": "alice"}, ("alice", "demo", "")),
        ({"admin_token": "t0ken"}, ("demo", "demo", "t0ken")),
    ],
    ids=["password", "username", "admin-token"],
)
def test_a_server_with_its_own_login_or_token_keeps_the_form(browser, seeded, settings, login):
    from playwright.sync_api import expect

    username, password, token = login
    with server_with(seeded, **settings) as live:
        assert ui_config(live.url) == {"defaultLogin": None}
        page = opened(browser, live)
        expect(page.locator("#login-form")).to_be_visible()
        expect(page.locator("input[name=password]")).to_have_value("")
        expect(page.locator("#app")).to_be_hidden()
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        if token:
            page.click("#login-form summary")
            page.fill("input[name=token]", token)
        page.click("#login-form button[type=submit]")
        expect(page.locator("#app")).to_be_visible()
        expect(page.locator("#clock-now")).not_to_be_empty()  # /_admin's clock: it took the token
        page.close()
