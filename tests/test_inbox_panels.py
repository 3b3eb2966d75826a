"""The web inbox's Account panel tools in Chromium: a journal entry opened in full (with the fault
rule that fired for it), on a desktop and on a phone screen, and fault rules created from the page
that then break the app's next matching request.

Without a browser these tests skip and say why, as the web inbox's other tests do."""

import pytest

from . import test_inbox_e2e
from .test_inbox_e2e import send_sms

# The live server and headless Chromium of the web inbox's tests, the same fixtures here.
server, browser, api = test_inbox_e2e.server, test_inbox_e2e.browser, test_inbox_e2e.api
PHONE = 390
LONG = "x" * 900  # one word: it cannot wrap at a space


def signed_in(browser, server, width=1280):
    """Looked up when called: the inbox's tests own how a page signs in."""
    return test_inbox_e2e.signed_in(browser, server, width=width)


def account(page):
    from playwright.sync_api import expect

    page.click("button[data-view=account]")
    expect(page.locator("#credit")).not_to_be_empty()


def journalled(api, method, path):
    """The id of the newest entry for this request (the test's own, not the seed's)."""
    entries = api.get("/_admin/requests", params={"method": method, "path": path}).json()["items"]
    return entries[-1]["id"]


def open_entry(page, entry_id):
    from playwright.sync_api import expect

    page.click(f"#journal tr[data-journal-id='{entry_id}']")
    detail = page.locator("#journal-detail")
    expect(detail).to_be_visible()
    expect(detail).to_have_attribute("data-entry", str(entry_id))
    return detail


def test_a_journal_entry_opens_with_everything_the_journal_kept(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    send_sms(api, "Your parcel arrives today between 2pm and 4pm")
    entry_id = journalled(api, "POST", "/api/v1/customers/me/sms")
    account(page)
    detail = open_entry(page, entry_id)
    expect(detail.locator("h2")).to_have_text("POST /api/v1/customers/me/sms")
    expect(detail.locator("[data-field=status]")).to_have_text("201")
    expect(detail.locator("[data-field='fault rule']")).to_have_text("none")
    expect(detail.locator("[data-field=login]")).to_have_text("demo")
    expect(detail.locator("[data-field=time]")).to_have_text("2026-01-15 10:30:00.000 UTC")
    expect(detail.locator("[data-field=duration]")).to_contain_text(" ms")
    expect(detail.locator("[data-headers]")).to_contain_text("authorization[redacted]")
    expect(detail.locator("[data-headers]")).to_contain_text("content-typeapplication/json")
    body = detail.locator("[data-body]").inner_text()
    assert body.startswith('{\n  "type": "smsmessage",\n  "to": "07700900123",\n')  # laid out
    assert body.endswith('\n  "body": "Your parcel arrives today between 2pm and 4pm"\n}')
    assert "demo:demo" not in detail.inner_text() and "ZGVtbzpkZW1v" not in detail.inner_text()
    detail.locator("[data-close]").click()
    expect(detail).to_be_hidden()
    page.close()


def test_the_detail_names_the_fault_rule_that_answered_the_request(browser, server, api):
    from playwright.sync_api import expect

    rule = {"path": "/api/v1/customers/*/calls", "method": "GET", "status": 502, "times": 1}
    rule_id = api.post("/_admin/faults", json=rule).json()["id"]
    assert api.get("/api/v1/customers/me/calls", params={"pageSize": 2}).status_code == 502
    entry_id = journalled(api, "GET", "/api/v1/customers/me/calls")
    page = signed_in(browser, server)
    account(page)
    row = page.locator(f"#journal tr[data-journal-id='{entry_id}']")
    row.focus()
    page.keyboard.press("Enter")  # a row opens from the keyboard too
    detail = page.locator("#journal-detail")
    expect(detail.locator("[data-field='fault rule']")).to_have_text(
        f"rule {rule_id} GET /api/v1/customers/*/calls: 502, 1 of 1"
    )
    expect(detail.locator("[data-field=query]")).to_have_text("pageSize=2")
    expect(detail.locator("[data-body]")).to_have_text("(no body)")
    page.keyboard.press("Escape")
    expect(detail).to_be_hidden()
    page.close()


def test_on_a_phone_a_long_entry_wraps_inside_its_box(browser, server, api):
    from playwright.sync_api import expect

    sms = {"type": "smsmessage", "to": "07700900123", "from": "07557000000", "body": LONG}
    response = api.post("/api/v1/customers/me/sms", json=sms, headers={"X-Trace": LONG})
    assert response.status_code == 201
    entry_id = journalled(api, "POST", "/api/v1/customers/me/sms")
    page = signed_in(browser, server, width=PHONE)
    account(page)
    detail = open_entry(page, entry_id)
    expect(detail.locator("[data-headers]")).to_contain_text(LONG)
    widths = page.evaluate(
        """() => {
            const box = document.querySelector('#journal-detail');
            const inner = [...box.querySelectorAll('dl, dd, pre')];
            return {
                page: document.documentElement.scrollWidth,
                right: box.getBoundingClientRect().right,
                box: box.scrollWidth - box.clientWidth,
                inner: Math.max(...inner.map((e) => e.getBoundingClientRect().right)),
            };
        }"""
    )
    assert widths["page"] <= PHONE, widths
    assert widths["right"] <= PHONE and widths["inner"] <= widths["right"], widths
    assert widths["box"] == 0, widths  # nothing scrolls sideways, even inside the box
    page.close()


def test_a_fault_rule_made_in_the_page_breaks_the_next_matching_request(browser, server, api):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    account(page)
    page.fill("#fault-form input[name=path]", "/api/v1/customers/*/sms")
    page.select_option("#fault-form select[name=method]", "GET")
    page.fill("#fault-form input[name=status]", "503")
    page.fill("#fault-form input[name=times]", "2")
    page.fill("#fault-form input[name=delayMs]", "20")
    page.click("#fault-form button[type=submit]")
    listed = page.locator("#faults li[data-fault]")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("/api/v1/customers/*/sms")
    expect(page.locator("#fault-errors")).to_be_hidden()
    (rule,) = api.get("/_admin/faults").json()["items"]
    assert (rule["path"], rule["method"], rule["status"], rule["times"], rule["delayMs"]) == (
        "/api/v1/customers/*/sms",
        "GET",
        503,
        2,
        20,
    )
    assert api.get("/api/v1/customers/me/sms").status_code == 503
    assert send_sms(api, "POST is not GET: this one goes through")["id"]
    page.click(f"button[data-remove-fault='{rule['id']}']")
    expect(listed).to_have_count(0)
    assert api.get("/_admin/faults").json()["items"] == []
    assert api.get("/api/v1/customers/me/sms").status_code == 200
    page.close()


@pytest.mark.parametrize(
    ("fields", "shown", "invalid"),
    [
        ({}, "a fault needs a status or a delayMs", None),
        ({"status": "99"}, "status: Input should be greater than or equal to 200", "status"),
        ({"status": "204"}, "status: a 204 cannot carry a body", "status"),
        ({"status": "500", "times": "0"}, "times: Input should be greater than", "times"),
    ],
)
def test_the_server_s_refusal_of_a_rule_shows_in_the_form(
    browser, server, api, fields, shown, invalid
):
    from playwright.sync_api import expect

    page = signed_in(browser, server)
    account(page)
    for name, value in fields.items():
        page.fill(f"#fault-form input[name={name}]", value)
    page.click("#fault-form button[type=submit]")
    errors = page.locator("#fault-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text(shown)
    if invalid:
        expect(page.locator(f"#fault-form [name={invalid}]")).to_have_attribute(
            "aria-invalid", "true"
        )
    assert api.get("/_admin/faults").json()["items"] == []
    page.fill("#fault-form input[name=status]", "500")
    page.fill("#fault-form input[name=times]", "1")
    page.click("#fault-form button[type=submit]")
    expect(errors).to_be_hidden()  # put right, the rule is made and the errors go
    expect(page.locator("#fault-form [aria-invalid]")).to_have_count(0)
    assert [rule["status"] for rule in api.get("/_admin/faults").json()["items"]] == [500]
    page.close()
