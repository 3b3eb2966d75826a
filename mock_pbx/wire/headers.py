"""Request headers with a meaning to mock-pbx itself."""

# Marks the web inbox's own requests: the journal, faults, latency and rate limit leave them out,
# so what a test inspects or breaks is only what the application under test sent; and a failed
# login gets no Basic challenge (the browser would put up its own dialog over the page's).
CLIENT_HEADER = b"x-mock-pbx-client"


def is_inbox_request(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(key == CLIENT_HEADER for key, _ in headers)


def first_values(headers: list[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """Each header's first value, as Starlette's `Headers.get` (and so every route) reads it: a
    plain dict of the list would keep the last, and a request with two Authorization headers
    could be checked under one login and answered under the other."""
    return dict(reversed(headers))
