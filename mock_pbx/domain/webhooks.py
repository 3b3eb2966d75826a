"""SMS webhooks: each inbound SMS is POSTed form-encoded to its number's smsNotificationUrl by the
runtime's worker thread, with a short timeout, and retries that back off on the clock."""

import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

from sqlmodel import Session, col, select

from mock_pbx.models.numbers import PhoneNumber
from mock_pbx.models.schedule import Step
from mock_pbx.models.sms import SmsMessage, WebhookAttempt
from mock_pbx.runtime.database import after_commit
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.runtime.steps import later, schedule


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
            return int(response.status), None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:200]


def first_attempt(session: Session, runtime: Runtime, sms_id: int) -> None:
    """Queue the first POST once the SMS is committed (no request waits on a slow receiver)."""
    after_commit(session, lambda: runtime.webhooks.submit((sms_id, 1)))


def make_attempt(runtime: Runtime, sms_id: int, attempt: int) -> None:
    """One POST, in the worker thread; recorded, and a retry scheduled if it failed."""
    target = webhook_target(runtime, sms_id)
    if target is None:
        return
    url, payload, customer_id = target
    status, error = post_form(url, payload, runtime.settings.webhook_timeout_seconds)
    ok = status is not None and 200 <= status < 300
    with runtime.db.session() as session:
        now = runtime.clock.now()
        retry = None if ok else retry_time(runtime, now, attempt)
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


def webhook_target(runtime: Runtime, sms_id: int) -> tuple[str, dict[str, str], int] | None:
    """(url, form, customer) of an inbound SMS whose number has a webhook; None otherwise."""
    with runtime.db.session() as session:
        sms = session.get(SmsMessage, sms_id)
        if sms is None:
            return None
        url = session.exec(
            select(PhoneNumber.sms_notification_url).where(
                col(PhoneNumber.customer_id) == sms.customer_id,
                col(PhoneNumber.number) == sms.to,
            )
        ).first()
        return (url, form_payload(sms), sms.customer_id) if url else None


def retry_time(runtime: Runtime, now: datetime, attempt: int) -> datetime | None:
    settings = runtime.settings
    if attempt >= settings.webhook_attempts:
        return None
    return later(now, settings.webhook_retry_seconds * 2 ** (attempt - 1))


def retry_webhook(session: Session, runtime: Runtime, step: Step) -> None:
    """The step of kind "webhook": a retry fell due; the worker makes it once this commits."""
    after_commit(session, lambda: runtime.webhooks.submit((step.ref, step.stage)))
