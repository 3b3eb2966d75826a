"""Endpoints written on PostgreSQL answer as on SQLite: an IVR menu and a group's members (JSON
columns), a replaced endpoint, a phone's status and forwarding rules, a queue's status, a delete
refused and one done."""

from . import test_postgres

# test_postgres's server, database and app (reset before each test): the same fixtures here.
server_url, database_url = test_postgres.server_url, test_postgres.database_url
pg_app, pg = test_postgres.pg_app, test_postgres.pg

ENDPOINTS = "/customers/25/endpoints"
VOLATILE = ("id", "uri")  # ids come from each database's own sequence


def stable(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key not in VOLATILE}


def endpoint_story(client) -> list:
    """The same writes on either database; what each answered, ids left out."""
    seen = []
    group = client.post(
        ENDPOINTS,
        json={"type": "group", "name": "PG group", "shortNumber": "561", "members": ["94", "1234"]},
    )
    menu = {
        "type": "ivr",
        "name": "PG menu",
        "shortNumber": "562",
        "items": [
            {"key": "1", "action": {"type": "transfer", "destination": "1234"}},
            {"key": "2", "action": {"type": "goto", "destination": "101"}},
        ],
        "timeoutAction": {"type": "transfer", "destination": "94"},
    }
    ivr = client.post(ENDPOINTS, json=menu)
    seen += [group.status_code, stable(group.json()), ivr.status_code, stable(ivr.json())]
    menu["items"] = menu["items"][:1]
    replaced = client.put(ivr.json()["uri"], json=menu)
    seen += [replaced.status_code, stable(replaced.json())]
    refused = client.delete(f"{ENDPOINTS}/1234")  # the group and the menu still use it
    seen += [refused.status_code, refused.json()["validationErrors"][0]["field"]]
    status = client.put(f"{ENDPOINTS}/94/phonestatus", json={"dndActive": True})
    rule = client.post(
        f"{ENDPOINTS}/94/forwardingrules",
        json={
            "type": "forwardingrule",
            "action": "FORWARD",
            "callOutcome": "BUSY",
            "destination": "07700900456",
        },
    )
    seen += [status.json()["dndActive"], rule.status_code, stable(rule.json())]
    queue = client.get(ENDPOINTS, params={"type": "queue"}).json()["items"][0]
    seen.append(client.get(f"{queue['uri']}/queuestatus").json()["membersTotal"])
    for uri in (ivr.json()["uri"], group.json()["uri"]):
        seen.append(client.delete(uri).status_code)
    seen.append(client.get(f"{ENDPOINTS}?pageSize=200").json()["totalItems"])
    return seen


def test_endpoint_writes_on_postgres_answer_as_on_sqlite(pg, client):
    on_postgres, on_sqlite = endpoint_story(pg), endpoint_story(client)
    assert on_postgres == on_sqlite
    assert on_sqlite[0] == 201 and on_sqlite[1]["members"][0].endswith("/endpoints/94")
    assert on_sqlite[5]["items"] == [
        {"key": "1", "action": {"type": "transfer", "destination": on_sqlite[1]["members"][1]}}
    ]
    assert on_sqlite[-3:-1] == [204, 204]
