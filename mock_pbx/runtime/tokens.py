"""The tokens a login may use instead of its password, on the emulator's clock: access tokens
(POST /authenticate/, sent as `Authorization: Bearer ...`, valid ACCESS_SECONDS) and single-use
download tokens (GET /tokengenerator, sent as `?tokenid=` on one read-only GET, valid
DOWNLOAD_SECONDS). They live in this process's memory, as the journal and the rate-limit windows
do: a reset forgets them all, and with several workers a token works only on the worker that
issued it. At most MAX_LIVE of each kind are kept; past that the oldest is forgotten first."""

import secrets
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

ACCESS_SECONDS = 3600  # not documented; an hour, as the download tokens' documented lifetime
DOWNLOAD_SECONDS = 3600  # the docs: "expires" is one hour after "created"
MAX_LIVE = 10_000  # of each kind; a test suite logging in per test stays far below it
TOKENID = "tokenid"  # the query parameter of a download token


@dataclass(frozen=True, slots=True)
class Grant:
    """A token's login and lifetime."""

    username: str
    created: datetime
    expires: datetime
    inbox: bool = False  # asked for by the web inbox: its use is the inbox's request too


def bearer_token(authorization: bytes) -> str | None:
    """The token of an `Authorization: Bearer ...` value; None for any other scheme."""
    if authorization[:7].lower() != b"bearer ":
        return None
    return authorization[7:].strip().decode("latin-1")


@dataclass
class TokenKind:
    """Live tokens of one kind, oldest first (a token's expiry follows its issue)."""

    lifetime: timedelta
    live: OrderedDict[str, Grant] = field(default_factory=OrderedDict)

    def issue(self, token: str, username: str, now: datetime, inbox: bool = False) -> Grant:
        self.drop_expired(now)
        while len(self.live) >= MAX_LIVE:
            self.live.popitem(last=False)
        grant = Grant(username, now, now + self.lifetime, inbox)
        self.live[token] = grant
        return grant

    def drop_expired(self, now: datetime) -> None:
        for token, grant in list(self.live.items()):
            if grant.expires > now:
                return
            del self.live[token]

    def valid(self, grant: Grant | None, now: datetime) -> Grant | None:
        return grant if grant is not None and now < grant.expires else None


class Tokens:
    def __init__(self) -> None:
        self.access = TokenKind(timedelta(seconds=ACCESS_SECONDS))
        self.downloads = TokenKind(timedelta(seconds=DOWNLOAD_SECONDS))
        self.lock = threading.Lock()

    def issue_access(self, username: str, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.access.issue(token, username, now)
        return token

    def issue_download(self, username: str, now: datetime, inbox: bool) -> tuple[str, Grant]:
        token = str(uuid.uuid4())
        with self.lock:
            return token, self.downloads.issue(token, username, now, inbox)

    def bearer(self, authorization: bytes, now: datetime) -> str | None:
        """The login of a live access token in an Authorization value; None for anything else."""
        token = bearer_token(authorization)
        if token is None:
            return None
        with self.lock:
            grant = self.access.valid(self.access.live.get(token), now)
        return grant.username if grant is not None else None

    def spend(self, token: str, now: datetime) -> Grant | None:
        """A live download token's grant, used up by this call: a second use gets None."""
        with self.lock:
            return self.downloads.valid(self.downloads.live.pop(token, None), now)

    def clear(self) -> None:
        with self.lock:
            self.access.live.clear()
            self.downloads.live.clear()


# The ASGI scope key the front door sets on a read that offered `?tokenid=` without credentials:
# the login of the download token it spent, or None when the token was refused.
DOWNLOAD_LOGIN = "mock_pbx.download_login"
