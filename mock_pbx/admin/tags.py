"""The control API's operations grouped by purpose: one OpenAPI tag each, named `admin: ...` so
the groups in /docs and the modules of a generated client stay apart from the emulated API's."""

SERVICE = "admin: service"
STATE = "admin: state"
TIME = "admin: time"
TRAFFIC = "admin: traffic"
OUTBOX = "admin: outbox"
JOURNAL = "admin: journal"
FAULTS = "admin: faults"

DESCRIPTIONS = {
    SERVICE: "The index of the control routes (`GET /_admin`) and the health checks, which need "
    "no token.",
    STATE: "The data the API serves: reset it to the seeded state (all of it or one customer's), "
    "reseed it, apply a scenario, save and restore snapshots.",
    TIME: "The emulator's clock: read it, move it on (SMS deliveries, calls and webhook retries "
    "that fall due run), set it, or switch between real and manual time.",
    TRAFFIC: "Traffic from outside: inbound SMS and calls, the handset's answer to a live call, "
    "credit top-ups, and the webhook deliveries they caused.",
    OUTBOX: "The SMS the app under test sent, found by recipient or text, each with the one-time "
    "code in it; can wait for one to arrive.",
    JOURNAL: "The request journal: every request the app under test sent to the emulated API, and "
    "how it was answered (credentials redacted).",
    FAULTS: "Making the API misbehave on purpose: fault rules (a status and body, or a "
    "delay, for the requests that match), latency, and the rate limit's 429s.",
}

# The form FastAPI's openapi_tags takes, in the order /docs shows the groups.
ADMIN_TAGS: list[dict[str, str]] = [
    {"name": name, "description": text} for name, text in DESCRIPTIONS.items()
]
