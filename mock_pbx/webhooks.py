"""SMS webhooks: each inbound SMS is POSTed form-encoded to its number's smsNotificationUrl, by a
worker thread, with a short timeout and retries that back off on the clock."""

import contextlib
import queue
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from sqlmodel import Field, Session, SQLModel, select

from mock_pbx.db import after_commit
from mock_pbx.engine import handles, later, schedule
from mock_pbx.resources.phonenumbers import PhoneNumber
from mock_pbx.resources.sms import SmsMessage

QUEUE_BOUND = 10_000


class WebhookAttempt(SQLModel, table=True):
    """One POST to a webhook and how it went; readable through GET /_admin/webhooks."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    created: datetime
    customer_id: int = Field(index=True)
    sms_id: int
    url: str
    attempt: int
    status_code: int | None = None
    error: str | None = None
    ok: bool = False
    next_retry: datetime | None = None


def form_payload(sms: SmsMessage) -> dict[str, str]:
    # The real service's fields; udh links the parts of a concatenated message (none here).
    return {"to": sms.to, "from": sms.sender, "body": sms.body, "udh": ""}


def post_form(url: str, payload: dict[str, str], timeout: float) -> tuple[int | None, str | None]:
    """(status, error): a 2xx is success; anything else, or no answer, is a failure."""
    data = urllib.parse.urlencode(payload).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:200]


class Webhooks:
    """A worker thread that makes the attempts, so no request waits on a slow receiver."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        # Bounded: past QUEUE_BOUND waiting attempts, new ones are dropped (and not recorded).
        self.jobs: queue.Queue[tuple[int, int] | None] = queue.Queue(maxsize=QUEUE_BOUND)
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def first_attempt(self, session: Session, sms_id: int) -> None:
        after_commit(session, lambda: self.submit(sms_id, 1))

    def submit(self, sms_id: int, attempt: int) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(
                    target=self.work, name="mock-pbx-webhooks", daemon=True
                )
                self.thread.start()
        with contextlib.suppress(queue.Full):
            self.jobs.put_nowait((sms_id, attempt))

    def stop(self) -> None:
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join(timeout=5)
            self.thread = None

    def work(self) -> None:
        while (job := self.jobs.get()) is not None:
            self.attempt(*job)

    def attempt(self, sms_id: int, attempt: int) -> None:
        target = self.target(sms_id)
        if target is None:
            return
        url, payload, customer_id = target
        status, error = post_form(url, payload, self.runtime.settings.webhook_timeout_seconds)
        ok = status is not None and 200 <= status < 300
        with self.runtime.db.session() as session:
            now = self.runtime.clock.now()
            retry = None if ok else self.retry_time(now, attempt)
            session.add(
                WebhookAttempt(
                    created=now,
                    customer_id=customer_id,
                    sms_id=sms_id,
                    url=url,
                    attempt=attempt,
                    status_code=status,
                    error=error,
                    ok=ok,
                    next_retry=retry,
                )
            )
            if retry is not None:
                schedule(session, retry, "webhook", sms_id, attempt + 1, customer_id)
            session.commit()

    def target(self, sms_id: int) -> tuple[str, dict[str, str], int] | None:
        with self.runtime.db.session() as session:
            sms = session.get(SmsMessage, sms_id)
            if sms is None:
                return None
            url = session.exec(
                select(PhoneNumber.sms_notification_url).where(
                    PhoneNumber.customer_id == sms.customer_id, PhoneNumber.number == sms.to
                )
            ).first()
            return (url, form_payload(sms), sms.customer_id) if url else None

    def retry_time(self, now: datetime, attempt: int) -> datetime | None:
        settings = self.runtime.settings
        if attempt >= settings.webhook_attempts:
            return None
        return later(now, settings.webhook_retry_seconds * 2 ** (attempt - 1))


@handles("webhook")
def retry_webhook(session: Session, runtime: Any, step: Any) -> None:
    """A retry fell due: hand it to the worker once this transaction is committed."""
    after_commit(session, lambda: runtime.webhooks.submit(step.ref, step.stage))
