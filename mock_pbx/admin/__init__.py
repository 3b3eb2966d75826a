"""/_admin: mock-pbx's own control API (not part of the emulated API): the clock, inbound traffic,
credit top-ups, live calls and webhook attempts."""

from fastapi import APIRouter

from mock_pbx.admin import clock, traffic

router = APIRouter(prefix="/_admin", tags=["admin"])
router.include_router(clock.router)
router.include_router(traffic.router)
