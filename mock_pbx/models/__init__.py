"""SQLModel tables and the public models that share their fields (see base.py for the pattern).

Importing this package registers every table in SQLModel.metadata, which creates the schema."""

from mock_pbx.models.base import CustomerOwned, OwnedPublic, list_index
from mock_pbx.models.call import Call, CallPublic, LiveCall
from mock_pbx.models.callbundle import CallBundle, CallBundlePublic
from mock_pbx.models.customer import CreditStatusPublic, Customer, CustomerPublic
from mock_pbx.models.endpoint import Endpoint, EndpointPublic
from mock_pbx.models.forwarding import ForwardingRule, ForwardingRulePublic
from mock_pbx.models.numbers import (
    OutgoingCallerId,
    OutgoingCallerIdPublic,
    PhoneNumber,
    PhoneNumberPublic,
)
from mock_pbx.models.phonebook import PhoneBookEntry, PhoneBookEntryPublic
from mock_pbx.models.recording import Recording, RecordingPublic
from mock_pbx.models.schedule import ClockState, Step
from mock_pbx.models.sms import SmsMessage, SmsMessagePublic, WebhookAttempt
from mock_pbx.models.sound import Sound, SoundPublic
from mock_pbx.models.timeinterval import TimeInterval, TimeIntervalPublic

__all__ = [
    "Call",
    "CallBundle",
    "CallBundlePublic",
    "CallPublic",
    "ClockState",
    "CreditStatusPublic",
    "Customer",
    "CustomerOwned",
    "CustomerPublic",
    "Endpoint",
    "EndpointPublic",
    "ForwardingRule",
    "ForwardingRulePublic",
    "LiveCall",
    "OutgoingCallerId",
    "OutgoingCallerIdPublic",
    "OwnedPublic",
    "PhoneBookEntry",
    "PhoneBookEntryPublic",
    "PhoneNumber",
    "PhoneNumberPublic",
    "Recording",
    "RecordingPublic",
    "SmsMessage",
    "SmsMessagePublic",
    "Sound",
    "SoundPublic",
    "Step",
    "TimeInterval",
    "TimeIntervalPublic",
    "WebhookAttempt",
    "list_index",
]
