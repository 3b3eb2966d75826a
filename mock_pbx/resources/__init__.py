"""Every emulated resource; ROUTERS is the one list of what the API serves under /api/v1."""

from mock_pbx.resources import (
    callbundles,
    calls,
    customers,
    endpoints,
    outgoingcallerids,
    phonebook,
    phonenumbers,
    recordings,
    sms,
    sounds,
    stream,
    timeintervals,
)

ROUTERS = [
    customers.router,
    phonebook.router,
    sms.router,
    calls.router,
    sounds.router,
    recordings.router,
    timeintervals.router,
    endpoints.router,
    endpoints.alias,
    phonenumbers.router,
    outgoingcallerids.router,
    outgoingcallerids.alias,
    callbundles.router,
    callbundles.alias,
    stream.router,
]
