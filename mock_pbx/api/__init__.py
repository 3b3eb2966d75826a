"""The emulated API under /api/v1: its routes, built from the resource declarations
(collections.py) plus the hand-written ones where behaviour differs (writes, customers, stream)."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from fastapi import APIRouter

from mock_pbx.api import calls, customers, phonebook, phonenumbers, sms, stream
from mock_pbx.api.account import routes as account
from mock_pbx.api.collections import alias_routers, collection_router
from mock_pbx.api.endpoints import forwarding, phonestatus, queues, writes
from mock_pbx.api.identities import linkedusers, sip
from mock_pbx.api.inventory import areacodes, availablenumbers, routingrules
from mock_pbx.resources import Resource

# Routes that write, by the collection they belong to (their module documents them).
WRITES = {
    "phonebook": phonebook.router,
    "sms": sms.router,
    "calls": calls.router,
    "phonenumbers": phonenumbers.router,
    "linkedusers": linkedusers.router,  # also GET .../linkedusers/me: see resource_routers
    "endpoints": writes.router,
}
# Sub-resources of a collection's items (/endpoints/{id}/sip), by the collection.
BELOW = {
    "endpoints": (sip.router, phonestatus.router, forwarding.router, queues.router),
    "phonenumbers": (routingrules.router,),
}
# Collections whose own routes must match before the collection's GET /{id} takes `me` for an id.
AHEAD = {"linkedusers"}


def api_routers(resources: Sequence[Resource[Any]]) -> list[APIRouter]:
    """Every router of the API, in the order the OpenAPI document lists them."""
    routers = [customers.router, *account.ROUTERS]
    for resource in resources:
        routers += resource_routers(resource)
    return [*routers, availablenumbers.router, areacodes.router, stream.router]


@cache
def resource_routers(resource: Resource[Any]) -> list[APIRouter]:
    """Built once per declaration (a router is reused by every app that includes it)."""
    routers = [collection_router(resource)]
    if resource.name in WRITES:
        own = WRITES[resource.name]
        routers = [own, *routers] if resource.name in AHEAD else [*routers, own]
    if resource.name in BELOW:
        routers += BELOW[resource.name]
    return routers + alias_routers(resource)
