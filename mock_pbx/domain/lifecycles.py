"""The lifecycles the runtime runs on its clock, by the `kind` of their steps: an SMS's delivery,
a call's answer and hang-up, a webhook's retries; and the webhook attempt its worker makes, and
the record of those it drops."""

from mock_pbx.domain.messaging import advance_sms
from mock_pbx.domain.telephony import progress_call
from mock_pbx.domain.webhooks import make_attempt, record_dropped, retry_webhook
from mock_pbx.runtime.runtime import Lifecycles

LIFECYCLES = Lifecycles(
    steps={"sms": advance_sms, "call": progress_call, "webhook": retry_webhook},
    webhook=make_attempt,
    webhooks_dropped=record_dropped,
)
