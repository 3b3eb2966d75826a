"""/docs (Swagger UI) and /redoc (ReDoc) work with no network: their pages name nothing outside
the server, the files they load come from the installed fastapi-offline package, and a headless
Chromium that may reach only the server renders both (operations included).

Without a browser the Chromium tests skip and say why; MOCK_PBX_REQUIRE_BROWSER=1 (set by
`.ci/run`) turns a missing browser into a failure, as for the web inbox's tests."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_pbx.testing import LiveServer

from . import test_inbox_e2e

# The live server and headless Chromium of the web inbox's tests, the same fixtures here.
server, browser = test_inbox_e2e.server, test_inbox_e2e.browser
PAGES = ["/docs", "/redoc"]
WAIT_MS = 20_000  # Swagger UI and ReDoc build the whole document in the page: seconds, not more
REDOCLY_LOGO = "cdn.redoc.ly/redoc/logo-mini.svg"
LINK = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']*)["']|url:\s*'([^']*)'""")


def links(html: str) -> list[str]:
    """What a page loads or points to: src, href, ReDoc's spec-url, Swagger UI's url."""
    return [a or b for a, b in LINK.findall(html)]


@pytest.mark.parametrize("page", PAGES)
def test_a_docs_page_names_nothing_outside_the_server(anonymous, page):
    response = anonymous.get(f"http://testserver{page}")
    assert response.status_code == 200
    html = response.text
    assert "http://" not in html and "https://" not in html  # no CDN, no Google Fonts
    found = links(html)
    assert "/openapi.json" in found
    assert found and all(link.startswith("/") and not link.startswith("//") for link in found)
    assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("page", PAGES)
def test_every_file_a_docs_page_loads_is_served_from_the_package(anonymous, page):
    html = anonymous.get(f"http://testserver{page}").text
    assets = [link for link in links(html) if link.startswith("/_docs/")]
    assert len(assets) >= 2  # a script, and the icon (Swagger UI: a style sheet too)
    package = Path(__import__("fastapi_offline").__file__).parent / "static"
    for link in assets:
        served = anonymous.get(f"http://testserver{link}")
        assert served.status_code == 200, link
        assert served.content == (package / link.rsplit("/", 1)[1]).read_bytes()


def test_a_docs_file_is_revalidated_with_its_etag(anonymous):
    first = anonymous.get("http://testserver/_docs/swagger-ui.css")
    again = anonymous.get(
        "http://testserver/_docs/swagger-ui.css", headers={"If-None-Match": first.headers["etag"]}
    )
    assert first.headers["content-type"].startswith("text/css")
    assert again.status_code == 304 and not again.content


@pytest.mark.parametrize("name", ["core.py", "..%2F__init__.py", "static", "", "favicon.ico"])
def test_only_the_four_docs_files_are_served(anonymous, name):
    response = anonymous.get(f"http://testserver/_docs/{name}")
    assert response.status_code == 404
    assert response.json()["message"] and "errors" in response.json()


def test_fastapis_own_cdn_pages_are_gone(anonymous):
    response = anonymous.get("http://testserver/docs/oauth2-redirect")
    assert response.status_code == 404
    assert "errors" in response.json()


class OfflinePage:
    """A page whose browser reaches the server only: every other request is aborted and kept in
    `elsewhere`; Content-Security-Policy complaints are kept in `refused`."""

    def __init__(self, browser, server: LiveServer) -> None:
        self.server, self.elsewhere, self.refused = server, [], []
        self.context = browser.new_context(service_workers="block")
        self.context.route("**/*", self.only_the_server)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("console", self.on_console)

    def only_the_server(self, route, request) -> None:
        if request.url.startswith(self.server.url + "/"):
            route.continue_()
        else:
            self.elsewhere.append(request.url)
            route.abort("internetdisconnected")

    def on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def open(self, path: str):
        response = self.page.goto(self.server.url + path, wait_until="load")
        assert response is not None and response.status == 200
        return self.page


@pytest.fixture
def offline(browser, server) -> Iterator[OfflinePage]:
    page = OfflinePage(browser, server)
    yield page
    page.context.close()


def test_swagger_ui_renders_the_operations_offline(offline):
    from playwright.sync_api import expect

    page = offline.open("/docs")
    sms = page.locator('.opblock-summary-path[data-path="/api/v1/customers/{customerId}/sms"]')
    expect(sms.first).to_be_visible()
    expect(page.locator('.opblock-summary-path[data-path="/_admin/reset"]')).to_be_visible()
    expect(page.locator(".opblock-tag", has_text="admin: journal")).to_be_visible()
    assert page.locator(".opblock").count() >= 60  # the API's operations and the control API's
    assert offline.elsewhere == [] and offline.refused == []


def test_redoc_renders_the_operations_offline(offline):
    from playwright.sync_api import expect

    page = offline.open("/redoc")
    expect(page.locator("h1", has_text="mock-pbx")).to_be_visible()
    expect(page.locator("h2", has_text="List the control routes")).to_be_attached()
    expect(page.get_by_text("/api/v1/customers/{customerId}/sms").first).to_be_attached()
    # ReDoc's credit line shows Redocly's logo from their CDN; the page's policy refuses it
    # before any request leaves (nothing in `elsewhere`), and the rest of the page needs nothing.
    assert offline.elsewhere == []
    assert all(REDOCLY_LOGO in refusal for refusal in offline.refused)


def test_swagger_ui_tries_an_operation_against_the_server(offline):
    """ "Try it out" calls the server from the page: the page's own policy lets it."""
    from playwright.sync_api import expect

    page = offline.open("/docs")
    path = page.locator('.opblock-summary-path[data-path="/_admin"]')
    operation = page.locator(".opblock", has=path)
    path.click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200", timeout=WAIT_MS)
    expect(operation.locator(".live-responses-table")).to_contain_text("listControlRoutes")
    assert offline.elsewhere == [] and offline.refused == []
