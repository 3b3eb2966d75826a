"""SMS webhooks: each inbound SMS is POSTed form-encoded to its number's smsNotificationUrl, and
every attempt is recorded (GET /_admin/webhooks), with retries that back off on the clock.

Attempts run on the runtime's worker (runtime.worker.Worker: an asyncio loop on its own thread,
a few attempts in flight at once, so a slow receiver holds up no other). Each has one deadline
for the whole exchange, MOCK_PBX_WEBHOOK_TIMEOUT_SECONDS; redirects are not followed (a 3xx is
the answer, and a failure); an attempt dropped because too many wait is recorded as failed too.
The database is read and written from a thread (asyncio.to_thread), never on the loop."""

import asyncio
import functools
import ssl
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlmodel import Session, col, select

from mock_pbx.models.numbers import PhoneNumber
from mock_pbx.models.sms import SmsMessage, WebhookAttempt
from mock_pbx.runtime.database import after_commit
from mock_pbx.runtime.plainsql import session_sql
from mock_pbx.runtime.runtime import Runtime, WebhookJob
from mock_pbx.runtime.steps import DueStep, later, schedule


@dataclass(frozen=True)
class Target:
    """Where an inbound SMS's webhook goes, and what it says."""

    url: str
    form: dict[str, str]
    customer_id: int


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def form_payload(sms: SmsMessage) -> dict[str, str]:
    # The real service's fields; udh links the parts of a concatenated message (none here).
    return {"to": sms.to, "from": sms.sender, "body": sms.body, "udh": ""}


@functools.cache
def tls() -> ssl.SSLContext:
    """Built once (loading the CA bundle takes milliseconds), shared by every attempt's client."""
    return httpx.create_ssl_context()


async def post_form(url: str, payload: dict[str, str], deadline: float) -> Outcome:
    """One POST, whole answer read (and discarded) within `deadline` seconds; a 2xx is success,
    anything else, or no complete answer in time, a failure."""
    try:
        async with (
            asyncio.timeout(deadline),
            httpx.AsyncClient(timeout=None, verify=tls()) as client,
            client.stream("POST", url, data=payload) as response,
        ):
            async for _ in response.aiter_raw():
                pass  # read to the end, keeping nothing
    except TimeoutError:
        return Outcome(error=f"no complete answer within {deadline:g} s")
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        return Outcome(error=(str(exc) or type(exc).__name__)[:200])
    return Outcome(response.status_code, status_error(response.status_code))


def status_error(status: int) -> str | None:
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return f"HTTP {status} (redirects are not followed)"
    return f"HTTP {status}"


def first_attempt(session: Session, runtime: Runtime, sms_id: int) -> None:
    """Queue the first POST once the SMS is committed (no request waits on a slow receiver)."""
    after_commit(session, lambda: runtime.webhooks.submit((sms_id, 1)))


async def make_attempt(runtime: Runtime, sms_id: int, attempt: int) -> None:
    """One POST, on the worker's loop; recorded, and a retry scheduled if it failed."""
    target = await asyncio.to_thread(webhook_target, runtime, sms_id)
    if target is None:
        return
    outcome = await post_form(target.url, target.form, runtime.settings.webhook_timeout_seconds)
    await asyncio.to_thread(record_outcome, runtime, sms_id, attempt, target, outcome)


def record_outcome(
    runtime: Runtime, sms_id: int, attempt: int, target: Target, outcome: Outcome
) -> None:
    with runtime.db.session() as session:
        add_attempt(session, runtime, (sms_id, attempt), target, outcome)
        session.commit()


def record_dropped(runtime: Runtime, dropped: list[tuple[WebhookJob, str]]) -> None:
    """Attempts the worker had no room for: failures like any other, retried on the clock."""
    with runtime.db.session() as session:
        for job, why in dropped:
            target = target_of(session, job[0])
            if target is not None:
                add_attempt(session, runtime, job, target, Outcome(error=why))
        session.commit()


def add_attempt(
    session: Session, runtime: Runtime, job: WebhookJob, target: Target, outcome: Outcome
) -> None:
    """The attempt's record, and its retry if it failed and attempts are left."""
    (sms_id, attempt), now = job, runtime.clock.now()
    retry = None if outcome.ok else retry_time(runtime, now, attempt)
    session.add(
        WebhookAttempt(
            created=now,
            customer_id=target.customer_id,
            sms_id=sms_id,
            url=target.url,
            attempt=attempt,
            status_code=outcome.status,
            error=outcome.error,
            ok=outcome.ok,
            next_retry=retry,
        )
    )
    if retry is not None:
        schedule(session_sql(session), retry, "webhook", sms_id, attempt + 1, target.customer_id)


def webhook_target(runtime: Runtime, sms_id: int) -> Target | None:
    with runtime.db.session() as session:
        return target_of(session, sms_id)


def target_of(session: Session, sms_id: int) -> Target | None:
    """Where an inbound SMS goes, if its number has a webhook; None otherwise."""
    sms = session.get(SmsMessage, sms_id)
    if sms is None:
        return None
    url = session.exec(
        select(PhoneNumber.sms_notification_url).where(
            col(PhoneNumber.customer_id) == sms.customer_id,
            col(PhoneNumber.number) == sms.to,
        )
    ).first()
    return Target(url, form_payload(sms), sms.customer_id) if url else None


def retry_time(runtime: Runtime, now: datetime, attempt: int) -> datetime | None:
    settings = runtime.settings
    if attempt >= settings.webhook_attempts:
        return None
    return later(now, settings.webhook_retry_seconds * 2 ** (attempt - 1))


def retry_webhook(session: Session, runtime: Runtime, step: DueStep) -> None:
    """The step of kind "webhook": a retry fell due; the worker makes it once this commits."""
    after_commit(session, lambda: runtime.webhooks.submit((step.ref, step.stage)))
