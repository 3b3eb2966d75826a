"""Request headers with a meaning to mock-pbx itself."""

# Marks the web inbox's own requests: the journal, faults, latency and rate limit leave them out,
# so what a test inspects or breaks is only what the application under test sent; and a failed
# login gets no Basic challenge (the browser would put up its own dialog over the page's).
CLIENT_HEADER = b"x-mock-pbx-client"


def is_inbox_request(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(key == CLIENT_HEADER for key, _ in headers)
