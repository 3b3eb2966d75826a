"""The Host a request may name. A server on a developer's laptop listens on loopback; a web page
the developer visits can still reach it through DNS rebinding (its own name, resolved to
127.0.0.1), and then its requests carry that name as Host. So on loopback only loopback names
are served: localhost, 127.0.0.0/8 and [::1] (any port), plus MOCK_PBX_ALLOWED_HOSTS. Listening on
any other address (0.0.0.0 in a container, reached as http://mock-pbx:8000), every Host is
served unless MOCK_PBX_ALLOWED_HOSTS is set.

Only requests that came through a socket are checked: an in-process client (Starlette's
TestClient, httpx's ASGITransport) has no socket a web page could reach."""

import functools
import ipaddress
from dataclasses import dataclass

from starlette.types import Receive, Scope, Send

from mock_pbx.settings import Settings
from mock_pbx.wire.errors import error_response

LOOPBACK_NAMES = frozenset({"localhost"})


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """localhost, or an address in 127.0.0.0/8 or ::1."""
    if host.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    return is_ip_address(host) and ipaddress.ip_address(host).is_loopback


def host_name(header: str) -> str:
    """The name in a Host header, without its port: [::1]:8000 -> ::1, Localhost. -> localhost."""
    if header.startswith("["):
        name = header[1:].split("]", 1)[0]
    else:
        name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    return name.lower().rstrip(".")


def listed(setting: str) -> frozenset[str]:
    return frozenset(
        item.strip().lower().rstrip(".") for item in setting.split(",") if item.strip()
    )


@dataclass(frozen=True)
class HostPolicy:
    any_host: bool
    extra: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> "HostPolicy":
        extra = listed(settings.allowed_hosts)
        if "*" in extra:
            return cls(any_host=True, extra=frozenset())
        return cls(any_host=not is_loopback(settings.host) and not extra, extra=extra)

    def allows(self, header: str | None) -> bool:
        """A request without a Host (HTTP/1.0) names no other site: it is served."""
        if self.any_host or header is None:
            return True
        name = host_name(header)
        return is_loopback(name) or name in self.extra

    def allows_scope(self, scope: Scope, host: bytes | None) -> bool:
        """The request's Host is served, or the request did not come through a socket."""
        return host is None or self.host_allowed(host) or not through_socket(scope)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one policy per app, kept for the app's life
    def host_allowed(self, host: bytes) -> bool:
        return self.allows(host.decode("latin-1"))


def through_socket(scope: Scope) -> bool:
    """uvicorn gives the local address of the connection; in-process clients give a name."""
    server = scope.get("server")
    return server is not None and is_ip_address(str(server[0]))


async def refuse_host(scope: Scope, receive: Receive, send: Send, host: bytes | None) -> None:
    """421 Misdirected Request, before anything else runs."""
    name = host_name((host or b"").decode("latin-1"))
    message = (
        f"Host {name!r} is not served here (a guard against DNS rebinding): only "
        "localhost, 127.0.0.0/8, [::1] and the names in MOCK_PBX_ALLOWED_HOSTS are"
    )
    await error_response(421, message)(scope, receive, send)
