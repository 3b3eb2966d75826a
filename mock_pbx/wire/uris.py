"""Absolute URIs: every uri, link and page link is built here, from the request or MOCK_PBX_PUBLIC_URL."""

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from starlette.requests import Request

from mock_pbx.settings import Settings

API_PREFIX = "/api/v1"
MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) store
WEB_SCHEMES = ("http", "https")  # a link never gets another scheme, whatever a header says
HOST = re.compile(r"^[a-z0-9.\-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$")  # name[:port]


def is_id(text: str) -> bool:
    """ASCII digits within the databases' integer range (str.isdigit also accepts Arabic digits,
    and int() of thousands of digits raises)."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID


def base_url(request: Request) -> str:
    """Scheme://host[:port] the client used; behind a trusted proxy (MOCK_PBX_TRUSTED_PROXIES), the
    one its X-Forwarded-Proto and X-Forwarded-Host name; MOCK_PBX_PUBLIC_URL overrides both."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url.rstrip("/")
    headers = request.headers
    # The scope's scheme, not request.url's: building the URL costs a tenth of a list's time.
    scheme, host = request.scope.get("scheme", "http"), headers.get("host") or request.url.netloc
    if settings.trusted_proxies and from_trusted_proxy(request, settings.trusted_proxies):
        scheme = forwarded_first(headers.get("x-forwarded-proto")) or scheme
        forwarded_host = forwarded_first(headers.get("x-forwarded-host"))
        host = forwarded_host if forwarded_host and HOST.match(forwarded_host) else host
    return f"{scheme if scheme in WEB_SCHEMES else 'http'}://{host}"


def forwarded_first(value: str | None) -> str | None:
    """A proxy chain sends 'a, b': the first is what the client used."""
    return value.split(",")[0].strip().lower() or None if value else None


def from_trusted_proxy(request: Request, setting: str) -> bool:
    client = request.client.host if request.client else ""
    networks = proxy_networks(setting)
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in network for network in networks)


@lru_cache(maxsize=8)
def proxy_networks(setting: str) -> tuple[IPv4Network | IPv6Network, ...] | None:
    """MOCK_PBX_TRUSTED_PROXIES as networks (a bare address is a network of one); None: any."""
    items = [item.strip() for item in setting.split(",") if item.strip()]
    if "*" in items:
        return None
    return tuple(ipaddress.ip_network(item, strict=False) for item in items)


RELATIONSHIP_KEY = "x-relationship-key"  # the Node client always sends `X-Relationship-Key: id`


# The collections whose answers hold relationship fields, by field (the values Uris.reference
# writes; tests/test_relationship_key.py finds no other URI-valued field in any answer).
RELATIONSHIPS = {
    "phonenumbers": ("destination",),
    "recordings": ("endpoint",),
    # resources/endpoints.py: lists for members and periodicAnnounceSounds; an IVR's actions
    # (in items[], timeoutAction and invalidAction) name theirs as destination, sound, playSound
    "endpoints": (
        "defaultCallerId",
        "failoverDestination",
        "members",
        "entrySound",
        "periodicAnnounceSounds",
        "timeoutDestination",
        "keypressDestination",
        "destination",
        "sound",
        "playSound",
    ),
    "forwardingrules": ("timeInterval",),  # an endpoint's (api/endpoints/forwarding.py)
    "queuememberships": ("endpoint",),  # the member phone (api/endpoints/queues.py)
    "bargegroups": ("managers", "members"),  # lists of endpoints (api/account/plans.py)
    "callcharging": ("chargingPlan",),  # a global /chargingplans (api/account/singletons.py)
}


def relationship_key_doc(fields: tuple[str, ...]) -> dict[str, Any]:
    """The header, documented on an operation whose answer holds these relationship fields (as
    FastAPI's openapi_extra: a parameter the route never reads itself, so it costs nothing)."""
    named = ", ".join(f"`{field}`" for field in fields)
    description = (
        f"`id`: write {named} as the bare id of the resource it names (a string) instead of its"
        " absolute URI. The official Node client always sends it. `uri`, `parent` and `links`"
        " stay URIs; writes accept either form whatever it says."
    )
    parameter = {
        "name": "X-Relationship-Key",
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string", "enum": ["id"]},
    }
    return {"parameters": [parameter]}


def wants_ids(value: str | bytes | None) -> bool:
    """Whether a request's X-Relationship-Key asks for relationship fields as bare ids (`id`, in
    any letters); anything else, or none, keeps them as URIs."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value is not None and value.strip().lower() == "id"


@dataclass(frozen=True)
class Uris:
    """Builds the absolute URIs of one request's responses; `ids`: the request asked for
    relationship fields as bare ids (X-Relationship-Key: id), which `reference` writes."""

    base: str
    ids: bool = False

    @property
    def api(self) -> str:
        return self.base + API_PREFIX

    def customer(self, customer_id: int) -> str:
        return f"{self.api}/customers/{customer_id}"

    def collection(self, customer_id: int, collection: str) -> str:
        return f"{self.customer(customer_id)}/{collection}"

    def item(self, customer_id: int, collection: str, item_id: int | str) -> str:
        return f"{self.collection(customer_id, collection)}/{item_id}"

    def reference(self, customer_id: int, collection: str, item_id: int | str) -> str:
        """A relationship field's value (a phone number's destination, a recording's endpoint):
        the other resource's URI, or its bare id when the request asked for ids. `uri`, `parent`
        and `links` name the resource itself and its parts, never a relationship: always URIs."""
        return str(item_id) if self.ids else self.item(customer_id, collection, item_id)


def uris_for(request: Request) -> Uris:
    return Uris(base_url(request), wants_ids(request.headers.get(RELATIONSHIP_KEY)))


def reference_id(value: object, segment: str) -> int | None:
    """The id in a relationship value: a bare id ("94", 94) or a URI ending /{segment}/94, as
    clients send either (X-Relationship-Key: id asks for bare ids)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).rstrip("/")
    if f"/{segment}/" in text:
        text = text.rsplit("/", 1)[1]
    return int(text) if is_id(text) else None
