"""ASGI layers around the routes: the legacy quirks real clients rely on, and the control plane
of the emulated API (journal, body limit, rate limit, faults and latency, conditional GET); and
the one error path that turns every exception into the JSON error body."""
