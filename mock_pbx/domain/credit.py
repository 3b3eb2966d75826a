"""Credit: what an account may spend, and charging it."""

from typing import Any

from mock_pbx.runtime.plainsql import Sql
from mock_pbx.wire.errors import ValidationFailed

BALANCE = 'SELECT "account_type", "credit" FROM "customer" WHERE id = :id'
SET_CREDIT = 'UPDATE "customer" SET "credit" = :credit WHERE id = :id'


def balance(sql: Sql, customer_id: int) -> Any | None:
    """(account_type, credit) of the customer, if there is one."""
    return sql.one(BALANCE, {"id": customer_id})


def check_credit(sql: Sql, customer_id: int, cost: float, field: str) -> None:
    """A prepaid account may not spend more than its credit (postpaid ones may)."""
    refuse_beyond_credit(balance(sql, customer_id), cost, field)


def charge(sql: Sql, customer_id: int, cost: float, field: str) -> None:
    """check_credit, then debit, with one read of the balance."""
    found = balance(sql, customer_id)
    refuse_beyond_credit(found, cost, field)
    take(sql, customer_id, found, cost)


def refuse_beyond_credit(found: Any | None, cost: float, field: str) -> None:
    if found is not None and found[0] == "prepaid" and found[1] + 1e-9 < cost:
        raise ValidationFailed(
            [(field, f"costs {cost:.3f} but only {found[1]:.3f} credit remains")],
            "Insufficient credit",
        )


def debit(sql: Sql, customer_id: int, amount: float) -> None:
    """Move the customer's credit by -amount (a top-up is a negative debit)."""
    take(sql, customer_id, balance(sql, customer_id), amount)


def take(sql: Sql, customer_id: int, found: Any | None, amount: float) -> None:
    """`amount` off the balance `found` (of no customer: nothing to take it from)."""
    if found is not None:
        sql.rows(SET_CREDIT, {"id": customer_id, "credit": round(found[1] - amount, 3)})
