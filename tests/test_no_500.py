"""No 500 from input: dates at the edge of the range, the clock's range, scenarios and fault rules
each end in a 400 that names what is wrong, and store nothing on the way."""

import json
import math
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlmodel import SQLModel, text

from mock_pbx.runtime.clock import ManualClock, SystemClock
from mock_pbx.settings import Settings

ADMIN = "http://testserver/_admin"
CLOCK = f"{ADMIN}/clock"
SCENARIOS = f"{ADMIN}/scenarios"
START = "2026-01-15T10:30:00.000+0000"  # the tests' manual clock (conftest.START)
SQL_WORDS = ("INSERT", "SELECT", "UNIQUE constraint", "[SQL", "parameters")
ENTRY = {"name": "Alice", "phoneNumber": "07700900001"}
SMS = {"direction": "out", "from": "Sipcentric", "to": "07700900123", "body": "Code 4815"}
BLOCK = {"startTime": "00:00", "endTime": 2359, "includeDays": "MON-SUN"}  # a number for a time


def table_dump(app):
    """Every row of every table: what a refused request must leave exactly as it was."""
    with app.state.runtime.db.session() as session:
        return {
            t.name: session.execute(text(f'SELECT * FROM "{t.name}" ORDER BY 1')).all()
            for t in SQLModel.metadata.sorted_tables
        }


def post_raw(client, url, body: str):
    """JSON that Python's parser takes and json.dumps cannot write: NaN, Infinity, 1e400."""
    return client.post(url, content=body, headers={"Content-Type": "application/json"})


def fields_at_fault(response):
    return [error["field"] for error in response.json()["validationErrors"]]


# 1. Dates at the edge of the range

EDGE_DATES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]
DATE_FILTERS = ["startedAfter", "startedBefore", "createdAfter", "createdBefore"]


@pytest.mark.parametrize("path", ["/customers/me/calls", "/customers/me/recordings"])
@pytest.mark.parametrize("field", DATE_FILTERS)
@pytest.mark.parametrize("value", EDGE_DATES)
def test_a_date_filter_past_the_range_in_utc_is_a_400_naming_it(client, path, field, value):
    response = client.get(path, params={field: value})
    assert (response.status_code, fields_at_fault(response)) == (400, [field])


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00"]
)
def test_a_date_filter_at_the_edge_of_the_range_in_utc_still_works(client, value):
    assert client.get("/customers/me/calls", params={"startedAfter": value}).status_code == 200


def test_a_journal_since_without_an_offset_is_taken_as_utc(client):
    client.get("/customers/me")  # an entry at 2026-01-15T10:30Z: compared with a naive time
    response = client.get(f"{ADMIN}/requests", params={"since": "2026-01-01T00:00:00"})
    assert [entry["path"] for entry in response.json()["items"]] == ["/api/v1/customers/me"]


@pytest.mark.parametrize("value", EDGE_DATES)
def test_a_journal_since_past_the_range_in_utc_is_a_400_naming_it(client, value):
    client.get("/customers/me")
    response = client.get(f"{ADMIN}/requests", params={"since": value})
    assert (response.status_code, fields_at_fault(response)) == (400, ["since"])


# 2. The clock's range: 1970-01-01T00:00:00Z to 2999-12-31T23:59:59Z

OUT_OF_RANGE = [
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+01:00",
    "1969-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "2999-12-31T23:59:59-01:00",
]


@pytest.mark.parametrize("when", OUT_OF_RANGE)
def test_setting_the_clock_out_of_its_range_is_a_400_naming_set(client, when):
    response = client.post(CLOCK, json={"set": when})
    assert (response.status_code, fields_at_fault(response)) == (400, ["set"])


@pytest.mark.parametrize("when", OUT_OF_RANGE)
def test_setting_the_clock_out_of_its_range_moves_nothing(client, when):
    client.post(CLOCK, json={"set": when})
    assert client.get(CLOCK).json()["now"] == START


@pytest.mark.parametrize("when", ["1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z"])
def test_the_api_answers_at_either_end_of_the_clocks_range(client, when):
    assert client.post(CLOCK, json={"set": when}).status_code == 200
    assert client.get("/customers/me/sms").status_code == 200


def test_an_advance_past_the_end_of_the_range_is_a_400_naming_advance(client):
    client.post(CLOCK, json={"set": "2999-12-31T00:00:00Z"})
    response = client.post(CLOCK, json={"advance": "P2D"})
    assert (response.status_code, fields_at_fault(response)) == (400, ["advance"])


def test_an_advance_past_the_end_of_the_range_moves_nothing(client):
    client.post(CLOCK, json={"set": "2999-12-31T00:00:00Z"})
    client.post(CLOCK, json={"advance": "P2D"})
    assert client.get(CLOCK).json()["now"] == "2999-12-31T00:00:00.000+0000"


def test_a_set_with_an_advance_past_the_end_does_not_set_either(client):
    client.post(CLOCK, json={"set": "2999-12-31T23:00:00Z", "advance": 7200})
    assert client.get(CLOCK).json()["now"] == START


def test_an_advance_to_the_very_end_of_the_range_is_taken(client):
    client.post(CLOCK, json={"set": "2999-12-31T23:59:00Z"})
    assert client.post(CLOCK, json={"advance": 59}).json()["now"] == "2999-12-31T23:59:59.000+0000"


@pytest.mark.parametrize("body", ['{"advance": NaN}', '{"advance": Infinity}', '{"set": NaN}'])
def test_clock_numbers_that_are_not_finite_are_a_400(client, body):
    assert post_raw(client, CLOCK, body).status_code == 400


@pytest.mark.parametrize("advance", [10**400, "P" + "9" * 400 + "D", "PT1e9S", -0.001])
def test_absurd_advances_are_a_400(client, advance):
    assert client.post(CLOCK, json={"advance": advance}).status_code == 400


@pytest.mark.parametrize("when", OUT_OF_RANGE)
def test_a_scenarios_clock_out_of_the_range_is_a_400_naming_clock(client, when):
    response = client.post(SCENARIOS, json={"clock": when})
    assert (response.status_code, fields_at_fault(response)) == (400, ["clock"])


@pytest.mark.parametrize("when", [*OUT_OF_RANGE, "1969-12-31T23:59:59"])
def test_a_clock_start_setting_out_of_the_range_is_refused(when):
    with pytest.raises(ValidationError, match="clock_start"):
        Settings(clock="manual", clock_start=when)


@pytest.mark.parametrize("when", ["1970-01-01T00:00:00Z", "2999-12-31T23:59:59", "2026-01-01"])
def test_a_clock_start_setting_in_the_range_is_kept(when):
    assert Settings(clock="manual", clock_start=when).clock_start is not None


def test_a_manual_clock_refuses_to_move_past_its_range():
    clock = ManualClock(datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC))
    with pytest.raises(ValueError, match="2999-12-31T23:59:59Z"):
        clock.advance(1)


def test_a_manual_clock_that_refused_a_move_keeps_its_time():
    clock = ManualClock(datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC))
    with pytest.raises(ValueError):
        clock.set(datetime(1, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize("seconds", [1e20, float("inf"), float("nan")])
def test_a_real_clock_refuses_an_advance_it_cannot_make(seconds):
    with pytest.raises(ValueError, match="1970-01-01T00:00:00Z"):
        SystemClock().advance(seconds)


# 3. Scenarios

VOICEMAIL_DEFAULTS = {
    "autoAnswer": False,
    "pin": "0000",
    "playEnvelope": True,
    "playCallerId": True,
    "allowReview": True,
}


def endpoint_record(**fields):
    record = {"type": "ivr", "name": "Menu", "shortNumber": "650", **fields}
    return {"records": {"endpoints": [record]}}


BAD_SCENARIOS = [
    ({"clock": 12345}, "clock"),
    ({"clock": None}, "clock"),
    ({"records": []}, "records"),
    ({"records": {"phonebook": {"name": "x"}}}, "records.phonebook"),
    ({"records": {"phonebook": ["x"]}}, "records.phonebook[0]"),
    ({"records": {"faxes": []}}, "records.faxes"),
    ({"records": None}, "records"),
    ({"customer": 0}, "customer"),
    ({"customer": 2**63}, "customer"),
    ({"customer": "me"}, "customer"),
    ({"description": 5}, "description"),
    ({"customers": {"id": 25}}, "customers"),
    ({"customers": [{"credit": 1}]}, "customers[0].id"),
    ({"customers": [{"id": 25, "accountType": "gold"}]}, "customers[0].accountType"),
    ({"customers": [{"id": 25, "credit": None}]}, "customers[0].credit"),
    ({"customers": [{"id": 999, "credit": 1}]}, "customers[0].id"),
    ({"replace": "phonebook"}, "replace"),
    ({"replace": ["faxes"]}, "replace[0]"),
    ({"replace": ["customers"]}, "replace[0]"),
    (
        {"records": {"phonebook": [{**ENTRY, "speedDial": "DROP TABLE"}]}},
        "records.phonebook[0].speedDial",
    ),
    (
        {"records": {"phonebook": [ENTRY, {"name": "No number"}]}},
        "records.phonebook[1].phoneNumber",
    ),
    ({"records": {"phonebook": [{**ENTRY, "speedDial": 2**64}]}}, "records.phonebook[0].speedDial"),
    ({"records": {"phonebook": [{**ENTRY, "customerId": "x"}]}}, "records.phonebook[0].customerId"),
    ({"records": {"phonebook": [{**ENTRY, "created": None}]}}, "records.phonebook[0].created"),
    ({"records": {"phonebook": [{**ENTRY, "created": 5}]}}, "records.phonebook[0].created"),
    (
        {"records": {"phonebook": [{**ENTRY, "created": "0001-01-01T00:00:00+01:00"}]}},
        "records.phonebook[0].created",
    ),
    ({"records": {"phonebook": [{**ENTRY, "id": "abc"}]}}, "records.phonebook[0].id"),
    ({"records": {"phonebook": [{**ENTRY, "id": 2**64}]}}, "records.phonebook[0].id"),
    ({"records": {"phonebook": [{**ENTRY, "id": 0}]}}, "records.phonebook[0].id"),
    ({"records": {"sms": [{**SMS, "id": 2**63 - 1}]}}, "records.sms[0].id"),
    ({"records": {"customers": [{"id": 25, "credit": "lots"}]}}, "records.customers[0].credit"),
    (
        {"records": {"timeintervals": [{"name": "T", "repeat": "WEEKLY", "data": [BLOCK]}]}},
        "records.timeintervals[0].data[0].endTime",
    ),
    # An endpoint's JSON columns, as the table keeps them (ids where the API shows URIs): each
    # would otherwise be stored and break every list of the customer's endpoints.
    (endpoint_record(ivrItems=[{"key": "1"}]), "records.endpoints[0].ivrItems[0].action"),
    (endpoint_record(ivrItems=[1]), "records.endpoints[0].ivrItems[0]"),
    (
        endpoint_record(ivrItems=[{"key": "1", "action": {"type": "goto", "destination": "x"}}]),
        "records.endpoints[0].ivrItems[0].action.destination",
    ),
    (endpoint_record(ivrTimeoutAction="x"), "records.endpoints[0].ivrTimeoutAction"),
    (endpoint_record(ivrInvalidAction={"type": 5}), "records.endpoints[0].ivrInvalidAction.type"),
    (
        endpoint_record(ivrInvalidAction={"type": "goto", "to": 5}),
        "records.endpoints[0].ivrInvalidAction.to",
    ),
    (
        endpoint_record(voicemail={**VOICEMAIL_DEFAULTS, "pin": 1}),
        "records.endpoints[0].voicemail.pin",
    ),
    (endpoint_record(memberRefs={"a": 1}), "records.endpoints[0].memberRefs"),
    (endpoint_record(announceSoundRefs=[None]), "records.endpoints[0].announceSoundRefs[0]"),
]
RAW_BAD_SCENARIOS = [
    ('{"customer": 1e400}', "customer"),
    ('{"customers": [{"id": 25, "credit": Infinity}]}', "customers[0].credit"),
    ('{"records": {"customers": [{"id": 25, "credit": NaN}]}}', "records.customers[0].credit"),
    (json.dumps({"records": {"sms": [{**SMS, "cost": math.inf}]}}), "records.sms[0].cost"),
]


@pytest.mark.parametrize(("scenario", "field"), BAD_SCENARIOS)
def test_a_malformed_scenario_is_a_400_naming_the_part_at_fault(client, scenario, field):
    response = client.post(SCENARIOS, json=scenario)
    assert (response.status_code, fields_at_fault(response)) == (400, [field])


@pytest.mark.parametrize(("scenario", "field"), RAW_BAD_SCENARIOS)
def test_a_scenario_with_numbers_json_cannot_carry_is_a_400_naming_them(client, scenario, field):
    response = post_raw(client, SCENARIOS, scenario)
    assert (response.status_code, fields_at_fault(response)) == (400, [field])


@pytest.mark.parametrize(("scenario", "field"), BAD_SCENARIOS)
def test_a_malformed_scenario_changes_nothing(client, app, scenario, field):
    before = table_dump(app)
    client.post(
        SCENARIOS, json={"replace": ["phonebook"], "clock": "2026-02-01T00:00Z", **scenario}
    )
    assert (table_dump(app), client.get(CLOCK).json()["now"]) == (before, START)


def test_a_refused_speed_dial_leaves_the_phone_book_readable(client):
    client.post(SCENARIOS, json={"records": {"phonebook": [{**ENTRY, "speedDial": "DROP TABLE"}]}})
    assert client.get("/customers/me/phonebook").status_code == 200


CONFLICTS = [
    {"records": {"phonebook": [{**ENTRY, "speedDial": 91}, {**ENTRY, "speedDial": 91}]}},
    {"records": {"phonebook": [{**ENTRY, "customerId": 999}]}},
    {"replace": ["endpoints"]},  # the calls and recordings still name them
]


@pytest.mark.parametrize("scenario", CONFLICTS)
def test_a_scenario_that_conflicts_with_the_data_is_a_400_in_plain_words(client, scenario):
    response = client.post(SCENARIOS, json=scenario)
    text_of_errors = str(response.json())
    assert response.status_code == 400
    assert "conflicts with the existing data" in text_of_errors
    assert not [word for word in SQL_WORDS if word in text_of_errors]


def test_a_conflicting_record_is_named_by_its_collection_and_index(client):
    scenario = CONFLICTS[0]
    response = client.post(SCENARIOS, json=scenario)
    assert fields_at_fault(response) == ["records.phonebook[1]"]


@pytest.mark.parametrize("scenario", CONFLICTS)
def test_a_scenario_that_conflicts_changes_nothing(client, app, scenario):
    before = table_dump(app)
    client.post(SCENARIOS, json=scenario)
    assert table_dump(app) == before


def test_a_customer_record_may_change_only_some_fields(client):
    scenario = {"records": {"customers": [{"id": 25, "credit": 7}]}}
    assert client.post(SCENARIOS, json=scenario).status_code == 200
    assert (
        client.get("/customers/me").json()["company"],
        client.get("/customers/me/creditstatus").json()["balance"],
    ) == ("Bloggs co", 7.0)


def test_a_record_may_leave_out_fields_with_defaults(client):
    response = client.post(SCENARIOS, json={"records": {"phonebook": [ENTRY]}})
    assert response.json() == {"applied": {"phonebook": 1}}


def test_a_scenario_may_leave_every_part_out(client):
    assert client.post(SCENARIOS, json={}).json() == {"applied": {}}


# 4. Fault rules


@pytest.mark.parametrize("status", [100, 101, 199, 204, 205, 304])
def test_a_fault_status_that_cannot_carry_a_body_is_a_400_naming_status(client, status):
    response = client.post(f"{ADMIN}/faults", json={"status": status})
    assert (response.status_code, fields_at_fault(response)) == (400, ["status"])


@pytest.mark.parametrize("status", [100, 204, 304])
def test_a_refused_fault_status_adds_no_rule(client, status):
    client.post(f"{ADMIN}/faults", json={"status": status})
    assert client.get(f"{ADMIN}/faults").json()["items"] == []


@pytest.mark.parametrize("status", [200, 203, 206, 303, 305, 418, 599])
def test_every_other_fault_status_from_200_to_599_is_answered(client, status):
    client.post(f"{ADMIN}/faults", json={"path": "/api/v1/customers/me", "status": status})
    assert client.get("/customers/me").status_code == status


@pytest.mark.parametrize("body", ['{"x": NaN}', "[Infinity]", '{"a": {"b": -Infinity}}'])
def test_a_fault_body_with_numbers_json_cannot_carry_is_a_400_naming_body(client, body):
    response = post_raw(client, f"{ADMIN}/faults", f'{{"status": 503, "body": {body}}}')
    assert (response.status_code, fields_at_fault(response)) == (400, ["body"])
