"""The listening sockets, taken before the app is even imported, so that a busy port or an address
not of this machine is one line before the banner and before seeding (not a traceback after
them). Bound as asyncio's create_server binds for uvicorn: every address the host name has
(localhost: 127.0.0.1 and ::1), with SO_REUSEADDR; and listening at once,
so that a second server starting at the same time is refused here too."""

import errno
import socket

from mock_pbx.settings import HOST_ALLOWED, OptionError

HOST = "--host / MOCK_PBX_HOST"
PORT = "--port / MOCK_PBX_PORT"
PORT_ALLOWED = "a free port from 1 to 65535 (0 picks one)"
BACKLOG = 2048  # uvicorn's default


def listening_sockets(host: str, port: int) -> list[socket.socket]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise OptionError(HOST, f"{host!r}: {error.strerror}", HOST_ALLOWED) from None
    addresses = list(dict.fromkeys((family, address) for family, _, _, _, address in found))
    sockets: list[socket.socket] = []
    try:
        for family, address in addresses:
            bound = bind(family, address, sockets, several=len(addresses) > 1)
            if bound is not None:
                sockets.append(bound)
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    if not sockets:
        raise OptionError(HOST, f"cannot listen on {host!r}", HOST_ALLOWED)
    return sockets


def bind(
    family: int, address: tuple[object, ...], others: list[socket.socket], several: bool
) -> socket.socket | None:
    """One listening socket; None if this address cannot be had but others may (::1 on a
    machine without IPv6). Port 0: every address gets the port the first one was given. An IPv6
    socket alone (`--host ::`) also takes IPv4, as uvicorn's own socket does, so that the
    banner's http://127.0.0.1 answers; beside an IPv4 one, it is IPv6-only, as asyncio's are."""
    if others and address[1] == 0:
        address = (address[0], others[0].getsockname()[1], *address[2:])
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(several))
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        if several and error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            return None
        raise refusal(error, address) from None
    return sock


def refusal(error: OSError, address: tuple[object, ...]) -> OptionError:
    host, port = address[0], address[1]
    if error.errno == errno.EADDRINUSE:
        problem = f"port {port} is already in use on {host} (another mock-pbx?)"
        return OptionError(PORT, problem, PORT_ALLOWED)
    if error.errno == errno.EACCES:
        return OptionError(PORT, f"port {port} needs privileges", "a port from 1024 to 65535")
    return OptionError(HOST, f"cannot listen on {host}: {error.strerror}", HOST_ALLOWED)
