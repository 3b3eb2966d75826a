"""The web inbox's Calls view in Chromium: who is ringing, which calls offer their recordings,
and paging through the whole call log."""

from . import test_inbox_e2e
from .test_inbox_e2e import advance, signed_in

server, browser, api = test_inbox_e2e.server, test_inbox_e2e.browser, test_inbox_e2e.api

RECORDED = "07557000000"  # routed to endpoint 1234, which records every call
PAGE_SIZE = 25  # the page's call log page


def inbound(api, caller, **extra):
    call = {"to": RECORDED, "from": caller, **extra}
    response = api.post("/_admin/calls/inbound", json=call)
    assert response.status_code == 201
    return response.json()


def log_page(api, page):
    params = {"pageSize": PAGE_SIZE, "page": page, "includeLocal": "true"}
    return api.get("/api/v1/customers/me/calls", params=params).json()


def test_a_ringing_call_shows_the_callers_name(browser, server, api):
    from playwright.sync_api import expect

    live = inbound(api, "07700900777", callerIdName="Harriet Cole")
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    card = page.locator(f"li[data-live-call='{live['id']}']")
    expect(card.locator("[data-state]")).to_have_text("ringing")
    expect(card.locator("[data-caller-name]")).to_have_text("Harriet Cole")
    expect(card).to_contain_text(f"Harriet Cole 07700900777 → {RECORDED}")
    page.close()


def test_a_caller_without_a_name_shows_the_number(browser, server, api):
    from playwright.sync_api import expect

    live = inbound(api, "07700900778")
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    card = page.locator(f"li[data-live-call='{live['id']}']")
    expect(card).to_contain_text(f"07700900778 → {RECORDED}")
    expect(card.locator("[data-caller-name]")).to_have_count(0)
    page.close()


def recorded_ids(api, calls):
    return {c["id"] for c in calls if api.get(c["links"]["recordings"]).json()["totalItems"]}


def test_only_recorded_calls_offer_recordings(browser, server, api):
    """On each of the first pages, the rows with a Recordings button are the calls whose
    links.recordings lists any: an answered call to a recording endpoint, not a busy or failed
    one."""
    from playwright.sync_api import expect

    inbound(api, "07700900771", outcome="answered", duration=30)
    inbound(api, "07700900772", outcome="busy")
    inbound(api, "07700900773", outcome="failed")
    advance(api, 60)
    newest = log_page(api, 1)["items"]
    by_caller = {c["from"]: c["id"] for c in newest}
    assert by_caller["07700900771"] in recorded_ids(api, newest)
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    with_button = page.locator("#call-log tr:has(button[data-recordings])")
    for number in (1, 2, 3):
        if number > 1:
            page.click("#log-older")
        calls = log_page(api, number)["items"]
        expect(page.locator("#call-log tr").last).to_have_attribute("data-call-id", calls[-1]["id"])
        expected = recorded_ids(api, calls)
        expect(with_button).to_have_count(len(expected))
        assert set(with_button.evaluate_all("rows => rows.map(r => r.dataset.callId)")) == expected
    unrecorded = page.locator("#call-log tr", has_text="07700900772")
    page.click("#log-newer")
    page.click("#log-newer")
    expect(unrecorded.locator("[data-outcome]")).to_have_text("busy")
    expect(unrecorded.locator("button[data-recordings]")).to_have_count(0)
    page.close()


def test_the_call_log_pages_through_the_whole_history(browser, server, api):
    from playwright.sync_api import expect

    first, second = log_page(api, 1), log_page(api, 2)
    pages = -(-first["totalItems"] // PAGE_SIZE)
    assert pages > 2  # the seeded history is long enough to page through
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    rows = page.locator("#call-log tr")
    expect(rows.first).to_have_attribute("data-call-id", str(first["items"][0]["id"]))
    expect(page.locator("#log-page")).to_have_text(
        f"Page 1 of {pages} · {first['totalItems']} calls"
    )
    expect(page.locator("#log-newer")).to_be_disabled()
    page.click("#log-older")
    expect(page.locator("#log-page")).to_contain_text(f"Page 2 of {pages}")
    expect(rows).to_have_count(len(second["items"]))
    ids = [r.get_attribute("data-call-id") for r in rows.all()]
    assert ids == [c["id"] for c in second["items"]]
    page.click("#log-newer")
    expect(rows.first).to_have_attribute("data-call-id", str(first["items"][0]["id"]))
    page.close()


def test_the_last_page_of_the_call_log_is_the_oldest(browser, server, api):
    from playwright.sync_api import expect

    total = log_page(api, 1)["totalItems"]
    pages = -(-total // PAGE_SIZE)
    last = log_page(api, pages)["items"]
    page = signed_in(browser, server)
    page.click("button[data-view=calls]")
    for _ in range(pages - 1):
        page.click("#log-older")
    expect(page.locator("#log-page")).to_contain_text(f"Page {pages} of {pages}")
    expect(page.locator("#log-older")).to_be_disabled()
    expect(page.locator("#call-log tr")).to_have_count(len(last))
    expect(page.locator("#call-log tr").last).to_have_attribute("data-call-id", str(last[-1]["id"]))
    page.close()
