"""The web inbox's layout and dates in Chromium: no view is wider than a phone, the lists date
their entries as a phone does (relative to the emulator's clock), and the empty pane names no
conversation."""

import pytest

from . import test_inbox_e2e
from .test_inbox_e2e import advance, open_thread, originate, send_sms, signed_in

server, browser, api = test_inbox_e2e.server, test_inbox_e2e.browser, test_inbox_e2e.api

DAY = 86_400
# An unbroken line longer than any phone is wide, as links in real texts are.
LONG_LINK = "https://example.co.uk/track/" + "0123456789" * 12
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def overflow_by_view(page) -> dict[str, int]:
    """How far each view sticks out to the right, in CSS pixels (0: it fits)."""
    from playwright.sync_api import expect

    seen = {}
    expect(page.locator("#thread-list li[data-thread]").first).to_be_visible()
    seen["messages"] = page.evaluate(OVERFLOW)
    open_thread(page)
    expect(page.locator("li.bubble").first).to_be_visible()
    seen["thread"] = page.evaluate(OVERFLOW)
    page.click("button[data-view=calls]")
    expect(page.locator("li.live-call.ringing")).to_be_visible()
    expect(page.locator("#call-log tr").first).to_be_visible()
    seen["calls"] = page.evaluate(OVERFLOW)
    page.click("button[data-view=account]")
    expect(page.locator("#journal tr").first).to_be_visible()
    seen["account"] = page.evaluate(OVERFLOW)
    return seen


@pytest.mark.parametrize("width", [360, 390, 430])
def test_no_view_is_wider_than_a_phone(browser, server, api, width):
    send_sms(api, f"Your parcel is on its way: {LONG_LINK} Reply STOP to opt out.")
    originate(api)  # a ringing call in the Calls view; the API request fills the journal
    page = signed_in(browser, server, width=width)
    assert overflow_by_view(page) == {"messages": 0, "thread": 0, "calls": 0, "account": 0}
    page.close()


def test_the_desktop_layout_fits_too(browser, server, api):
    send_sms(api, LONG_LINK)
    originate(api)
    page = signed_in(browser, server, width=1280)
    assert overflow_by_view(page) == {"messages": 0, "thread": 0, "calls": 0, "account": 0}
    page.close()


def stamp(page, remote):
    return page.locator(f"li[data-thread='07557000000|{remote}'] .who time")


def test_the_lists_date_entries_by_the_emulators_clock(browser, server, api):
    """Thursday 15 Jan 2026 10:30 is the tests' clock: the time today, the weekday within the
    week, the date before that; the full time on hover."""
    from playwright.sync_api import expect

    send_sms(api, "Your appointment is confirmed", to="07700900401")  # Thu 15 Jan 10:30
    advance(api, 3 * DAY)
    send_sms(api, "Your table is booked", to="07700900402")  # Sun 18 Jan 10:30
    advance(api, 3600)
    page = signed_in(browser, server)
    expect(stamp(page, "07700900402")).to_have_text("10:30")
    expect(stamp(page, "07700900401")).to_have_text("Thu")
    expect(stamp(page, "07700900401")).to_have_attribute("title", "2026-01-15 10:30:00 UTC")
    advance(api, 6 * DAY)  # Sat 24 Jan: a week and more after the first
    expect(stamp(page, "07700900401")).to_have_text("15 Jan 2026")
    expect(stamp(page, "07700900402")).to_have_text("Sun")
    open_thread(page, "07700900401")
    bubble_time = page.locator("li.bubble time")
    expect(bubble_time).to_have_text("15 Jan 2026")
    expect(bubble_time).to_have_attribute("title", "2026-01-15 10:30:00 UTC")
    page.close()


def test_a_message_from_years_ago_shows_its_year(browser, server, api):
    from playwright.sync_api import expect

    assert api.post("/_admin/clock", json={"set": "2014-03-10T13:37:00Z"}).status_code == 200
    send_sms(api, "An old one", to="07700900403")
    advance(api, 400 * DAY)
    page = signed_in(browser, server)
    expect(stamp(page, "07700900403")).to_have_text("10 Mar 2014")
    page.close()


def test_the_empty_pane_names_no_conversation(browser, server, api):
    from playwright.sync_api import expect

    send_sms(api, "Hello")
    page = signed_in(browser, server)
    expect(page.locator("#empty-thread")).to_be_visible()
    expect(page.locator("#thread .thread-head")).to_be_hidden()
    assert "with" not in page.locator("#thread").inner_text()
    open_thread(page)
    expect(page.locator("#thread .thread-head")).to_contain_text("07700900123 with 07557000000")
    page.close()
