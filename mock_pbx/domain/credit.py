"""Credit: what an account may spend, and charging it."""

from sqlmodel import Session

from mock_pbx.models.customer import Customer
from mock_pbx.wire.errors import ValidationFailed


def check_credit(session: Session, customer_id: int, cost: float, field: str) -> None:
    """A prepaid account may not spend more than its credit (postpaid ones may)."""
    customer = session.get(Customer, customer_id)
    if customer and customer.account_type == "prepaid" and customer.credit + 1e-9 < cost:
        raise ValidationFailed(
            [(field, f"costs {cost:.3f} but only {customer.credit:.3f} credit remains")],
            "Insufficient credit",
        )


def debit(session: Session, customer_id: int, amount: float) -> None:
    """Move the customer's credit by -amount (a top-up is a negative debit)."""
    customer = session.get(Customer, customer_id)
    if customer is not None:
        customer.credit = round(customer.credit - amount, 3)
        session.add(customer)
