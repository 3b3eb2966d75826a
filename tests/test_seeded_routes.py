"""The generated endpoints reach each other as a real account's do: ring groups and queues have
phones as members, failover and timeout destinations; queues play the customer's own sounds;
every customer has a menu whose keys transfer to phones, play sounds or go to another menu;
phones present the customer's caller id. The same seed gives the same routes, another seed
others."""

import pytest

from mock_pbx.settings import Settings

from .test_seed import fresh

RESELLER = ("reseller", "reseller")  # sees customers 25, 26 and 27
IDS = {"X-Relationship-Key": "id"}


def endpoints_of(client, customer):
    url = f"/customers/{customer}/endpoints"
    listed = client.get(url, params={"pageSize": 200}, headers=IDS, auth=RESELLER).json()
    return {e["id"]: e for e in listed["items"]}


def ids_of(client, customer, name):
    url = f"/customers/{customer}/{name}"
    listed = client.get(url, params={"pageSize": 200}, auth=RESELLER).json()
    return {item["id"] for item in listed["items"]}


def of_type(endpoints, kind):
    return [e for e in endpoints.values() if e["type"] == kind]


@pytest.mark.parametrize("customer", [25, 26, 27])
def test_groups_and_queues_ring_the_customers_own_phones(client, customer):
    endpoints = endpoints_of(client, customer)
    for team in of_type(endpoints, "group") + of_type(endpoints, "queue"):
        if team["id"] == "101" or not team["created"] > "2015":
            continue  # the spec's records
        assert 2 <= len(team["members"]) <= 4 and len(set(team["members"])) == len(team["members"])
        assert {endpoints[m]["type"] for m in team["members"]} == {"phone"}
    groups = of_type(endpoints, "group")
    failovers = [g["failoverDestination"] for g in groups if "failoverDestination" in g]
    assert failovers and all(endpoints[f]["type"] in ("mailbox", "phone") for f in failovers)


@pytest.mark.parametrize("customer", [25, 26, 27])
def test_queues_play_the_customers_sounds_and_time_out_to_a_mailbox(client, customer):
    endpoints, sounds = endpoints_of(client, customer), ids_of(client, customer, "sounds")
    queues = of_type(endpoints, "queue")
    assert queues
    for queue in queues:
        assert queue["entrySound"] in sounds
        assert queue["periodicAnnounceSounds"] and set(queue["periodicAnnounceSounds"]) <= sounds
        assert endpoints[queue["timeoutDestination"]]["type"] == "mailbox"
    assert "keypressDestination" in queues[0]


@pytest.mark.parametrize("customer", [25, 26, 27])
def test_every_customer_has_a_generated_menu_whose_keys_go_somewhere_of_the_right_type(
    client, customer
):
    endpoints, sounds = endpoints_of(client, customer), ids_of(client, customer, "sounds")
    menus = [m for m in of_type(endpoints, "ivr") if m.get("items")]
    assert menus and menus[0]["name"] in ("Main menu", "Out of hours menu")
    expected = {"transfer": ("phone", "virtual"), "goto": ("ivr",)}
    for menu in menus:
        actions = [i["action"] for i in menu["items"]]
        actions += [menu["timeoutAction"], menu["invalidAction"]]
        for action in actions:
            if action["type"] in expected:
                assert endpoints[action["destination"]]["type"] in expected[action["type"]]
            for key in ("sound", "playSound"):
                assert action.get(key, next(iter(sounds))) in sounds
        keys = [i["key"] for i in menu["items"]]
        assert {"1", "2", "0"} <= set(keys) and len(keys) == len(set(keys))
        assert menu["entrySound"] in sounds


@pytest.mark.parametrize("customer", [25, 26])
def test_generated_phones_present_the_customers_caller_id(client, customer):
    callerids = ids_of(client, customer, "outgoingcallerids")
    phones = of_type(endpoints_of(client, customer), "phone")
    generated = [p for p in phones if p["created"] > "2015"]
    assert generated and {p["defaultCallerId"] for p in generated} <= callerids


def test_the_same_seed_gives_the_same_routes_and_another_seed_others():
    one, again = fresh(Settings(seed=5, scale=0.5)), fresh(Settings(seed=5, scale=0.5))
    other = fresh(Settings(seed=6, scale=0.5))
    routes = [endpoints_of(c, 26) for c in (one, again, other)]
    assert routes[0] == routes[1]
    assert routes[0] != routes[2]
