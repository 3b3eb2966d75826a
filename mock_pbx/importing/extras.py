"""What a fixture set needs beyond the collections' lists, read per endpoint: do not disturb
(`phonestatus` -> the endpoint's `dndActive`), forwarding rules, and which endpoint each call
belongs to (not in a call's representation; `GET /calls?endpointId=` finds it)."""

from typing import Any

from mock_pbx.importing.client import ApiClient

Item = dict[str, Any]
INCLUDE_LOCAL = "includeLocal=true"  # without it, calls between extensions are not listed


def endpoint_links(endpoints: list[Item], link: str) -> list[tuple[str, str]]:
    """(endpoint id, its link named `link`) of each endpoint that has one."""
    found = []
    for endpoint in endpoints:
        target = (endpoint.get("links") or {}).get(link)
        if isinstance(target, str):
            found.append((str(endpoint["id"]), target))
    return found


def phone_statuses(client: ApiClient, endpoints: list[Item]) -> list[Item]:
    """[{id, dndActive}] of the phones and trunks."""
    statuses = []
    for endpoint_id, link in endpoint_links(endpoints, "status"):
        status = client.get(link)
        statuses.append({"id": endpoint_id, "dndActive": bool(status.get("dndActive"))})
    return statuses


def forwarding_rules(client: ApiClient, endpoints: list[Item]) -> list[Item]:
    """Every rule of every endpoint that has forwarding rules, as the API shows it."""
    rules: list[Item] = []
    for _, link in endpoint_links(endpoints, "forwardingRules"):
        for page in client.pages(link):
            rules += page
    return rules


def call_endpoints(client: ApiClient, customer: int, endpoints: list[Item]) -> list[Item]:
    """[{id: call id, endpointId}] for the calls each endpoint's filter lists."""
    owners: list[Item] = []
    for endpoint in endpoints:
        path = f"/customers/{customer}/calls?endpointId={endpoint['id']}&{INCLUDE_LOCAL}"
        for page in client.pages(path):
            owners += [{"id": call["id"], "endpointId": int(endpoint["id"])} for call in page]
    return owners


def local_recordings(
    client: ApiClient, customer: int, calls: list[Item], listed: list[Item]
) -> list[Item]:
    """The recordings no list shows: those of a local call's inbound leg, found only by the
    call's linkedId (GET /recordings?linkedId=). Each local call is asked once."""
    seen = {str(item["id"]) for item in listed}
    found: list[Item] = []
    linked = dict.fromkeys(str(c["linkedId"]) for c in calls if c.get("callType") == "local")
    for linked_id in linked:
        path = f"/customers/{customer}/recordings?linkedId={linked_id}&{INCLUDE_LOCAL}"
        for page in client.pages(path):
            for item in page:
                if str(item["id"]) not in seen:
                    seen.add(str(item["id"]))
                    found.append(item)
    return found
