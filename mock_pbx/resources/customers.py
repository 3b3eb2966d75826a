"""/customers and /customers/{c}: the accounts a user may see, and /creditstatus of each."""

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import Field, Session, SQLModel, select

from mock_pbx.auth import CustomerIdDep, UserDep
from mock_pbx.db import SessionDep
from mock_pbx.envelope import ApiDateTime, ApiModel, Page, PageDep, paginate
from mock_pbx.errors import NotFound
from mock_pbx.resources.base import dump, json_response, row_fields
from mock_pbx.urls import Uris, uris_for

# links key -> URL segment, in the order of the spec's example (callBundles from the real service).
LINKS = {
    "recordings": "recordings",
    "phoneBook": "phonebook",
    "timeIntervals": "timeintervals",
    "endpoints": "endpoints",
    "phoneNumbers": "phonenumbers",
    "sms": "sms",
    "creditStatus": "creditstatus",
    "calls": "calls",
    "sounds": "sounds",
    "outgoingCallerIds": "outgoingcallerids",
    "callBundles": "callbundles",
}


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created: datetime
    company: str
    first_name: str
    last_name: str
    telephone: str
    email: str
    address1: str
    address2: str | None = None
    city: str
    postcode: str
    account_type: str = "postpaid"  # prepaid or postpaid, as creditstatus spells it
    credit: float = 0.0


class CustomerPublic(ApiModel):
    type: Literal["customer"] = "customer"
    id: str
    uri: str
    created: ApiDateTime
    company: str
    first_name: str
    last_name: str
    telephone: str
    email: str
    address1: str
    address2: str | None = None
    city: str
    postcode: str
    links: dict[str, str] | None = None


class CreditStatusPublic(ApiModel):
    type: Literal["creditstatus"] = "creditstatus"
    uri: str
    account_type: str
    credit_remaining: float
    balance: float  # the real service's name for creditRemaining; both are sent


def present_customer(row: Customer, uris: Uris, with_links: bool) -> CustomerPublic:
    data: dict[str, Any] = {
        **row_fields(row),
        "id": str(row.id),
        "uri": uris.customer(row.id or 0),
    }
    if with_links:
        data["links"] = {key: uris.collection(row.id or 0, seg) for key, seg in LINKS.items()}
    return CustomerPublic.model_validate(data)


def present_credit(row: Customer, uris: Uris) -> CreditStatusPublic:
    balance = round(row.credit, 3)
    return CreditStatusPublic(
        uri=uris.collection(row.id or 0, "creditstatus"),
        account_type=row.account_type,
        credit_remaining=balance,
        balance=balance,
    )


def load_customer(session: Session, customer_id: int) -> Customer:
    row = session.get(Customer, customer_id)
    if row is None:
        raise NotFound()
    return row


router = APIRouter(tags=["customers"])


@router.get("/customers", name="customers:list", responses={200: {"model": Page[CustomerPublic]}})
async def list_customers(
    request: Request, user: UserDep, session: SessionDep, params: PageDep
) -> JSONResponse:
    """The caller's own account, or every customer of a reseller."""
    uris = uris_for(request)
    statement = (
        select(*Customer.__table__.columns)
        .where(Customer.id.in_(user.customers))  # type: ignore[union-attr]
        .order_by(Customer.id)
    )
    body = paginate(
        session,
        statement,
        params,
        request,
        f"{uris.api}/customers",
        lambda row: dump(present_customer(row, uris, with_links=False)),
    )
    return json_response(body)


@router.get(
    "/customers/{customerId}", name="customers:get", responses={200: {"model": CustomerPublic}}
)
async def get_customer(
    request: Request, customer_id: CustomerIdDep, session: SessionDep
) -> JSONResponse:
    """One customer account; `me` is the caller's own."""
    row = load_customer(session, customer_id)
    return json_response(dump(present_customer(row, uris_for(request), with_links=True)))


@router.get(
    "/customers/{customerId}/creditstatus",
    name="creditstatus:get",
    tags=["creditstatus"],
    responses={200: {"model": CreditStatusPublic}},
)
async def get_credit_status(
    request: Request, customer_id: CustomerIdDep, session: SessionDep
) -> JSONResponse:
    """Account type and the calling credit remaining."""
    row = load_customer(session, customer_id)
    return json_response(dump(present_credit(row, uris_for(request))))
