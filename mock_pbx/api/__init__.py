"""The emulated API under /api/v1: its routes, built from the resource declarations
(collections.py) plus the hand-written ones where behaviour differs (writes, customers, stream)."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from fastapi import APIRouter

from mock_pbx.api import calls, customers, phonebook, phonenumbers, sms, stream
from mock_pbx.api.collections import alias_routers, collection_router
from mock_pbx.resources import Resource

# Routes that write, by the collection they belong to (their module documents them).
WRITES = {
    "phonebook": phonebook.router,
    "sms": sms.router,
    "calls": calls.router,
    "phonenumbers": phonenumbers.router,
}


def api_routers(resources: Sequence[Resource[Any]]) -> list[APIRouter]:
    """Every router of the API, in the order the OpenAPI document lists them."""
    routers = [customers.router]
    for resource in resources:
        routers += resource_routers(resource)
    return [*routers, stream.router]


@cache
def resource_routers(resource: Resource[Any]) -> list[APIRouter]:
    """Built once per declaration (a router is reused by every app that includes it)."""
    routers = [collection_router(resource)]
    if resource.name in WRITES:
        routers.append(WRITES[resource.name])
    return routers + alias_routers(resource)
