"""Absolute URIs: every uri, link and page link is built here, from the request or MOCK_PBX_PUBLIC_URL."""

from dataclasses import dataclass

from starlette.requests import Request

from mock_pbx.settings import Settings

API_PREFIX = "/api/v1"
MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) store


def is_id(text: str) -> bool:
    """ASCII digits within the databases' integer range (str.isdigit also accepts Arabic digits,
    and int() of thousands of digits raises)."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID


def base_url(request: Request) -> str:
    """Scheme://host[:port] the client used, honouring a reverse proxy's X-Forwarded-* headers."""
    settings: Settings = request.app.state.settings
    public_url = settings.public_url
    if public_url:
        return public_url.rstrip("/")
    headers = request.headers
    scheme = forwarded_first(headers.get("x-forwarded-proto")) or request.url.scheme
    host = forwarded_first(headers.get("x-forwarded-host")) or headers.get("host")
    if not host:
        host = request.url.netloc
    return f"{scheme}://{host}"


def forwarded_first(value: str | None) -> str | None:
    """A proxy chain sends 'a, b': the first is what the client used."""
    return value.split(",")[0].strip() or None if value else None


@dataclass(frozen=True)
class Uris:
    """Builds the absolute URIs of one request's responses."""

    base: str

    @property
    def api(self) -> str:
        return self.base + API_PREFIX

    def customer(self, customer_id: int) -> str:
        return f"{self.api}/customers/{customer_id}"

    def collection(self, customer_id: int, collection: str) -> str:
        return f"{self.customer(customer_id)}/{collection}"

    def item(self, customer_id: int, collection: str, item_id: int | str) -> str:
        return f"{self.collection(customer_id, collection)}/{item_id}"


def uris_for(request: Request) -> Uris:
    return Uris(base_url(request))


def reference_id(value: object, segment: str) -> int | None:
    """The id in a relationship value: a bare id ("94", 94) or a URI ending /{segment}/94, as
    clients send either (X-Relationship-Key: id asks for bare ids)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).rstrip("/")
    if f"/{segment}/" in text:
        text = text.rsplit("/", 1)[1]
    return int(text) if is_id(text) else None
