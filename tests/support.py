"""Shared by the tests: the collections of a customer and a helper that walks every page."""

from typing import Any

# URL segment -> the id of customer 25's record the spec shows (None: the spec shows none).
COLLECTIONS: dict[str, str | None] = {
    "phonebook": None,
    "sms": "253368",
    "calls": "7592317",
    "sounds": "1035",
    "recordings": "1358371",
    "timeintervals": "31",
    "endpoints": "101",
    "phonenumbers": "47",
    "outgoingcallerids": "114",
    "callbundles": "1040",
}
NAMES = sorted(COLLECTIONS)


def every(client: Any, path: str, **params: Any) -> list[dict[str, Any]]:
    """All items of a list, following nextPage to the end."""
    body = client.get(path, params={"pageSize": 200, **params}).json()
    items = body["items"]
    while "nextPage" in body:
        body = client.get(body["nextPage"]).json()
        items += body["items"]
    return items
