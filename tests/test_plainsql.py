"""runtime/plainsql.py: plain SQL stores and reads what the ORM stores and reads, and a session's
plain SQL and its ORM objects see one state."""

from datetime import UTC, datetime, timedelta, timezone

from sqlmodel import select

from mock_pbx.models.customer import Customer
from mock_pbx.models.phonebook import PhoneBookEntry
from mock_pbx.runtime.plainsql import insert, session_sql, sqlite_value, stored_time

PARIS = timezone(timedelta(hours=1))


def test_times_are_stored_in_utc_and_read_back_in_utc():
    assert sqlite_value(datetime(2026, 1, 1, 10, 0, tzinfo=PARIS)) == "2026-01-01 09:00:00.000000"
    assert stored_time("2026-01-01 09:00:00.000000") == datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    assert sqlite_value("text") == "text"


def test_an_inserted_row_reads_back_through_the_orm_as_the_orm_would_store_it(app):
    created = datetime(2026, 1, 1, 10, 0, tzinfo=PARIS)
    with app.state.runtime.db.session() as session:
        values = {"customer_id": 25, "created": created, "name": "Plain", "phone_number": "0123"}
        new_id = insert(session_sql(session), PhoneBookEntry, values)
        row = session.get(PhoneBookEntry, new_id)
        assert row is not None
        assert (row.name, row.speed_dial, row.email) == ("Plain", None, None)  # the defaults
        assert row.created == created


def test_a_session_and_its_plain_sql_see_one_state(app):
    with app.state.runtime.db.session() as session:
        customer = session.get(Customer, 25)
        assert customer is not None
        customer.credit = 12.5  # unflushed: plain SQL must still see it
        sql = session_sql(session)
        assert sql.one('SELECT "credit" FROM "customer" WHERE id = 25', {}) == (12.5,)
        sql.rows('UPDATE "customer" SET "credit" = 3.25 WHERE id = 25', {})
        assert customer.credit == 3.25  # the ORM reads again what plain SQL changed
        assert session.exec(select(Customer.credit).where(Customer.id == 25)).one() == 3.25
