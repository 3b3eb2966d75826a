"""The web inbox in a real headless browser (Debian's Chromium, driven by Playwright): what the
app under test does through the API shows in the page, and what the page does shows in the API.

Without a browser these tests skip and say why; `.ci/run` installs one and sets
MOCK_PBX_REQUIRE_BROWSER=1, which turns a missing browser into a failure."""

import os
from collections.abc import Iterator

import httpx
import pytest

from mock_pbx import create_app
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.seeding import operations
from mock_pbx.settings import Settings
from mock_pbx.testing import CHROMIUM, CHROMIUM_FLAGS, LiveServer

from .conftest import START

WAIT_MS = 10_000  # the page polls every 1.5 s; this is the longest a test waits for it
HANDSET = "07700900123"


def browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        reason = f"Playwright is not installed: {exc}"
    else:
        if os.path.exists(CHROMIUM):
            return sync_playwright
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("MOCK_PBX_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(seeded) -> Iterator[LiveServer]:
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def api(server) -> Iterator[httpx.Client]:
    operations.reset(server.app.state.runtime)
    with httpx.Client(base_url=server.url, auth=("demo", "demo"), timeout=10) as client:
        yield client


def opened(browser, server, width=1280, path="/"):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url + path)
    return page


def login_form(browser, server, path="/"):
    """The sign-in form: this server has the default login, so the page signs in by itself; after
    Sign out it asks."""
    from playwright.sync_api import expect

    page = opened(browser, server, path=path)
    expect(page.locator("#app")).to_be_visible()
    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible()
    return page


def signed_in(browser, server, username="demo", password="demo", width=1280):
    """Signed in as the default login by itself, or as another user through the form."""
    from playwright.sync_api import expect

    if (username, password) == ("demo", "demo"):
        page = opened(browser, server, width)
    else:
        page = login_form(browser, server)
        page.set_viewport_size({"width": width, "height": 800})
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
    expect(page.locator("#app")).to_be_visible()
    return page


def send_sms(api, body, to=HANDSET):
    sms = {"type": "smsmessage", "to": to, "from": "07557000000", "body": body}
    response = api.post("/api/v1/customers/me/sms", json=sms)
    assert response.status_code == 201
    return response.json()


def advance(api, seconds):
    assert api.post("/_admin/clock", json={"advance": seconds}).status_code == 200


def open_thread(page, remote=HANDSET):
    page.click(f"li[data-thread='07557000000|{remote}']")


def test_an_sms_sent_through_the_api_appears_and_turns_delivered(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    sms = send_sms(api, "Your code is 482913. It expires in 10 minutes.")
    open_thread(page)
    bubble = page.locator(f"li.bubble[data-sms-id='{sms['id']}']")
    expect(bubble.locator("[data-status]")).to_have_text("sent")
    expect(bubble.locator("mark.otp")).to_have_text("482913")
    expect(bubble).to_contain_text("1 segment")
    expect(bubble).to_contain_text("£0.100")
    advance(api, 5)  # accepted at 1 s, delivered at 3 s
    expect(bubble.locator("[data-status]")).to_have_text("delivered")
    assert api.get(f"/api/v1/customers/me/sms/{sms['id']}").json()["deliveryStatus"] == 1
    page.close()


def test_an_admin_s_page_listens_to_the_event_stream(browser, server, api):
    # The stream makes the page refresh at once on each event (polling covers the rest).
    from .support import wait_until

    listeners = server.app.state.runtime.events.listeners
    before = len(listeners)
    page = signed_in(browser, server)
    wait_until(lambda: len(listeners) == before + 1)
    page.close()
    wait_until(lambda: len(listeners) == before)


def test_the_otp_copy_button_puts_the_code_on_the_clipboard(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    send_sms(api, "Use 7301 to sign in")
    open_thread(page)
    button = page.locator("button[data-copy='7301']")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "7301"
    page.close()


def test_a_reply_from_the_page_is_an_inbound_sms_in_the_api(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    send_sms(api, "Reply YES to confirm your booking")
    open_thread(page)
    page.fill("#compose textarea", "YES please")
    page.click("#compose button[type=submit]")
    expect(page.locator("li.bubble.in")).to_contain_text("YES please")
    received = api.get("/api/v1/customers/me/sms", params={"pageSize": 5}).json()["items"]
    reply = next(m for m in received if m["body"] == "YES please")
    assert (reply["direction"], reply["from"], reply["to"]) == ("in", HANDSET, "07557000000")
    page.close()


def test_search_finds_threads_by_number_and_by_text(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    # Words no seeded text has: the seeded traffic reads like real business SMS, parcels and all.
    send_sms(api, "Parcel QZ4471 is out for delivery", to="07700900555")
    send_sms(api, "Dinner at eight?", to="07700900666")
    threads = page.locator("#thread-list li[data-thread]")
    page.fill("#search", "qz4471")
    expect(threads).to_have_count(1)
    expect(threads.first).to_contain_text("07700900555")
    page.fill("#search", "900666")
    expect(threads).to_have_count(1)
    expect(threads.first).to_contain_text("Dinner at eight?")
    page.close()


def originate(api, to=HANDSET):
    endpoints = api.get("/api/v1/customers/me/endpoints", params={"pageSize": 200}).json()
    phone = next(e for e in endpoints["items"] if e["type"] == "phone")
    call = {"type": "call", "endpoint": phone["uri"], "to": to}
    assert api.post("/api/v1/customers/me/calls", json=call).status_code == 200
    return next(c for c in api.get("/_admin/calls").json()["items"] if c["remote"] == to)


def newest_call_to(api, to):
    calls = api.get("/api/v1/customers/me/calls", params={"pageSize": 5}).json()["items"]
    return next(c for c in calls if c["to"] == to)


def test_answering_an_originated_call_from_the_page_sets_its_outcome(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    live = originate(api)
    page.click("button[data-view=calls]")
    card = page.locator(f"li[data-live-call='{live['id']}']")
    expect(card.locator("[data-state]")).to_have_text("ringing")
    expect(card).to_contain_text(f"endpoint {live['endpointId']} → {HANDSET}")
    expect(page.locator("#ringing-badge")).to_have_text("1")
    card.locator("button[data-action=answer]").click()
    expect(card.locator("[data-state]")).to_have_text("answered")
    advance(api, 30)
    card.locator("button[data-action=hangup]").click()
    expect(card).to_have_count(0)
    record = newest_call_to(api, HANDSET)
    assert (record["outcome"], record["duration"]) == ("answered", 30)
    expect(page.locator("#call-log tr").first.locator("[data-outcome]")).to_have_text("answered")
    page.close()


@pytest.mark.parametrize(("button", "outcome"), [("busy", "busy"), ("reject", "no-answer")])
def test_busy_and_reject_end_a_ringing_call_unanswered(browser, server, api, button, outcome):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    live = originate(api)
    page.click("button[data-view=calls]")
    card = page.locator(f"li[data-live-call='{live['id']}']")
    card.locator(f"button[data-action={button}]").click()
    expect(card).to_have_count(0)
    record = newest_call_to(api, HANDSET)
    assert (record["outcome"], record["duration"]) == (outcome, 0)
    page.close()


def test_a_recording_plays_in_the_page(browser, server, api):
    from playwright.sync_api import expect

    log = api.get("/api/v1/customers/me/calls", params={"pageSize": 25, "includeLocal": "true"})
    recorded = next(
        c for c in log.json()["items"] if api.get(c["links"]["recordings"]).json()["totalItems"]
    )
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    page.locator(f"#call-log tr[data-call-id='{recorded['id']}'] button[data-recordings]").click()
    audio = page.locator("#call-log audio").first
    expect(audio).to_be_attached()
    duration = page.wait_for_function(
        "() => { const a = document.querySelector('#call-log audio');"
        " return a && a.readyState >= 1 && a.duration > 0 ? a.duration : null; }"
    ).json_value()
    assert duration > 0  # the browser decoded the WAV the API served
    page.close()


def test_top_up_from_the_account_panel(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    before = api.get("/api/v1/customers/me/creditstatus").json()["creditRemaining"]
    page.click("button[data-view=account]")
    expect(page.locator("#credit")).to_have_text(f"£{before:.3f}")
    page.fill("#topup input[name=amount]", "12.5")
    page.click("#topup button[type=submit]")
    expect(page.locator("#credit")).to_have_text(f"£{before + 12.5:.3f}")
    after = api.get("/api/v1/customers/me/creditstatus").json()["creditRemaining"]
    assert after == pytest.approx(before + 12.5)
    page.close()


def test_the_account_panel_moves_the_clock_clears_faults_and_resets(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    sms_fault = {"path": "/api/v1/customers/me/sms", "status": 503}
    calls_fault = {"path": "/api/v1/customers/me/calls", "status": 500}
    sms_rule = api.post("/_admin/faults", json=sms_fault).json()
    calls_rule = api.post("/_admin/faults", json=calls_fault).json()
    assert api.get("/api/v1/customers/me/sms").status_code == 503
    page.click("button[data-view=account]")
    expect(page.locator("#faults li[data-fault]")).to_have_count(2)
    expect(page.locator("#journal")).to_contain_text("503")  # the app's request, not the page's
    page.click(f"button[data-remove-fault='{calls_rule['id']}']")
    expect(page.locator("#faults li[data-fault]")).to_have_count(1)
    assert [f["id"] for f in api.get("/_admin/faults").json()["items"]] == [sms_rule["id"]]
    page.click("#clear-faults")
    expect(page.locator("#faults li[data-fault]")).to_have_count(0)
    assert api.get("/api/v1/customers/me/sms").status_code == 200
    page.click("button[data-advance='3600']")
    expect(page.locator("#clock-big")).to_have_text("2026-01-15 11:30:00")
    page.click("#reset")
    page.click("#reset")
    expect(page.locator("#clock-big")).to_have_text("2026-01-15 10:30:00")
    page.close()


def test_the_inbox_s_own_requests_stay_out_of_the_journal(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    expect(page.locator("#call-log tr")).not_to_have_count(0)
    page.click("button[data-view=account]")
    expect(page.locator("#credit")).not_to_be_empty()
    assert api.get("/_admin/requests").json()["items"] == []
    page.close()


def test_a_reseller_switches_customers(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server, "reseller", "reseller")
    options = page.locator("#customer option")
    expect(options).to_have_count(3)
    page.click("button[data-view=account]")
    page.select_option("#customer", "26")
    credit = api.get("/api/v1/customers/26/creditstatus", auth=("reseller", "reseller")).json()
    expect(page.locator("#account-type")).to_have_text(credit["accountType"])
    expect(page.locator("#credit")).to_have_text(f"£{credit['creditRemaining']:.3f}")
    page.close()


def test_a_wrong_password_is_refused_in_the_page(browser, server, api):
    from playwright.sync_api import expect

    page = login_form(browser, server, "/_ui")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    expect(page.locator("#app")).to_be_hidden()
    page.close()


def test_on_a_phone_screen_the_list_and_the_thread_take_turns(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server, width=390)
    send_sms(api, "Small screens too")
    expect(page.locator("#thread-list")).to_be_visible()
    open_thread(page)
    expect(page.locator("#bubbles")).to_be_visible()
    expect(page.locator("#thread-list")).to_be_hidden()
    page.click("#back")
    expect(page.locator("#thread-list")).to_be_visible()
    page.close()
