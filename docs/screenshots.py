"""`make screenshots`: the README's pictures of the web inbox, taken in headless Chromium from a
server with a little traffic on it (an OTP, a delivered SMS and a reply, a ringing call, a caller
with a name), at desktop and phone sizes: the conversations, one conversation, calls, the account
panel, and one journal entry opened.

Needs Debian's chromium and the test extra (Playwright); writes docs/*.png."""

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

from mock_pbx import create_app
from mock_pbx.runtime.clock import SystemClock
from mock_pbx.settings import Settings
from mock_pbx.testing import CHROMIUM, CHROMIUM_FLAGS, LiveServer

HERE = Path(__file__).parent


def traffic(api: httpx.Client) -> None:
    """What an app under test might have done: codes, reminders, a reply, a call."""
    for to, body in [
        ("07700900123", "Your Acme verification code is 482913. It expires in 10 minutes."),
        ("07700900123", "Thanks! Your account is now verified."),
        ("07700900456", "Reminder: your appointment is tomorrow at 09:30. Reply C to cancel."),
        ("07700900789", "Ihr Paket 4471 ist unterwegs \u2013 bis später!"),  # UCS-2: the dash
    ]:
        sms = {"type": "smsmessage", "to": to, "from": "07557000000", "body": body}
        api.post("/api/v1/customers/me/sms", json=sms).raise_for_status()
    api.post("/_admin/clock", json={"advance": 5}).raise_for_status()
    reply = {"from": "07700900456", "to": "07557000000", "body": "C"}
    api.post("/_admin/sms/inbound", json=reply).raise_for_status()
    caller = {"to": "07557000000", "from": "07700900777", "callerIdName": "Harriet Cole"}
    api.post("/_admin/calls/inbound", json=caller).raise_for_status()
    endpoints = api.get("/api/v1/customers/me/endpoints", params={"pageSize": 200}).json()
    phone = next(e for e in endpoints["items"] if e["type"] == "phone")
    call = {"type": "call", "endpoint": phone["uri"], "to": "07700900123"}
    api.post("/api/v1/customers/me/calls", json=call).raise_for_status()


VIEWPORTS = {"desktop": (1280, 760), "phone": (390, 780)}


def main() -> None:
    # The manual clock on the morning of the day the history was generated for (it ends at
    # midnight before today), so the page dates it as a phone would: times, weekdays, dates.
    today = SystemClock().now().date()
    settings = Settings(clock="manual", clock_start=f"{today}T10:30:00Z", seed_cache="off")
    with LiveServer(create_app(settings)) as server, sync_playwright() as playwright:
        with httpx.Client(base_url=server.url, auth=("demo", "demo")) as api:
            traffic(api)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for size, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(server.url + "/")  # the default login: straight into the inbox
            expect(page.locator("#app")).to_be_visible()
            shoot(page, size)
            page.close()
        browser.close()
    print("written:", *sorted(p.name for p in HERE.glob("*.png")))


def shoot(page: Page, size: str) -> None:
    """Each view at one size: the conversations, one conversation, calls, the account panel."""
    expect(page.locator("#thread-list li[data-thread]").first).to_be_visible()
    if size == "phone":
        page.screenshot(path=HERE / f"inbox-list-{size}.png")
    page.click("li[data-thread='07557000000|07700900123']")
    expect(page.locator("mark.otp")).to_be_visible()
    page.screenshot(path=HERE / f"inbox-messages-{size}.png")
    page.click("button[data-view=calls]")
    expect(page.locator("[data-caller-name]").first).to_be_visible()
    page.screenshot(path=HERE / f"inbox-calls-{size}.png", full_page=size == "phone")
    page.click("button[data-view=account]")
    expect(page.locator("#journal tr").first).to_be_visible()
    page.screenshot(path=HERE / f"inbox-account-{size}.png", full_page=size == "phone")
    if size == "desktop":
        page.locator("#journal tr[data-journal-id]").first.click()
        expect(page.locator("dialog[open]")).to_be_visible()
        page.screenshot(path=HERE / "inbox-journal-desktop.png")


if __name__ == "__main__":
    main()
