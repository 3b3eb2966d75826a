"""/customers and /customers/{c}: the accounts a user may see, and /creditstatus of each."""

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session, col, select

from mock_pbx.api.account import routes as account
from mock_pbx.api.auth import CustomerIdDep, UserDep
from mock_pbx.api.dependencies import PageDep, SessionDep
from mock_pbx.api.responses import dump, json_response
from mock_pbx.models.customer import CreditStatusPublic, Customer, CustomerPublic
from mock_pbx.resources import Resource
from mock_pbx.resources.declaration import row_fields
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, in_memory
from mock_pbx.wire.uris import Uris, uris_for

CREDIT_STATUS = ("creditStatus", "creditstatus")  # a link to a view of the account itself
# The order of the spec's example of a customer's links; a resource not in it follows them.
LINKS_ORDER = (
    "recordings",
    "phoneBook",
    "timeIntervals",
    "endpoints",
    "phoneNumbers",
    "sms",
    "creditStatus",
    "calls",
    "sounds",
    "outgoingCallerIds",
    "callBundles",
)


def customer_links(resources: Sequence[Resource[Any]]) -> list[tuple[str, str]]:
    """(links key, URL segment) of every resource, and of the credit status."""
    links = [(r.links_key, r.name) for r in resources] + [CREDIT_STATUS, *account.LINKS]
    # The account's sub-resources follow the spec's links; other declared resources come last.
    ordered = (*LINKS_ORDER, *(key for key, _ in account.LINKS))
    rank = {key: index for index, key in enumerate(ordered)}
    return sorted(links, key=lambda link: rank.get(link[0], len(rank)))


def present_customer(
    row: Any, uris: Uris, links: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    customer_id = row.id or 0
    data: dict[str, Any] = {
        **row_fields(row),
        "id": str(customer_id),
        "uri": uris.customer(customer_id),
    }
    if links is not None:
        data["links"] = {key: uris.collection(customer_id, segment) for key, segment in links}
    return dump(CustomerPublic.model_validate(data))


def present_credit(row: Customer, uris: Uris) -> dict[str, Any]:
    balance = round(row.credit, 3)
    return dump(
        CreditStatusPublic(
            uri=uris.collection(row.id or 0, "creditstatus"),
            account_type=row.account_type,
            credit_remaining=balance,
            balance=balance,
        )
    )


def load_customer(session: Session, customer_id: int) -> Customer:
    row = session.get(Customer, customer_id)
    if row is None:
        raise NotFound()
    return row


router = APIRouter(tags=["customers"])


@router.get(
    "/customers",
    name="customers:list",
    operation_id="listCustomers",
    summary="List customers",
    responses={200: {"model": Page[CustomerPublic]}},
)
async def list_customers(
    request: Request, user: UserDep, session: SessionDep, params: PageDep
) -> JSONResponse:
    """The caller's own account, or every customer of a reseller."""
    uris = uris_for(request)
    # A login sees a few accounts at most: all are read, then one page of them kept.
    statement = select(Customer).where(col(Customer.id).in_(user.customers))
    found = session.exec(statement.order_by(col(Customer.id))).all()
    url = f"{uris.api}/customers"
    body = in_memory(request, url, params, found, lambda row: present_customer(row, uris))
    return json_response(body)


@router.get(
    "/customers/{customerId}",
    name="customers:get",
    operation_id="getCustomer",
    summary="Get one customer",
    responses={200: {"model": CustomerPublic}},
)
async def get_customer(
    request: Request, customer_id: CustomerIdDep, session: SessionDep
) -> JSONResponse:
    """One customer account; `me` is the caller's own."""
    row = load_customer(session, customer_id)
    links = customer_links(request.app.state.resources)
    return json_response(present_customer(row, uris_for(request), links))


@router.get(
    "/customers/{customerId}/creditstatus",
    name="creditstatus:get",
    operation_id="getCreditStatus",
    summary="Get a customer's credit status",
    responses={200: {"model": CreditStatusPublic}},
)
async def get_credit_status(
    request: Request, customer_id: CustomerIdDep, session: SessionDep
) -> JSONResponse:
    """Account type and the calling credit remaining."""
    row = load_customer(session, customer_id)
    return json_response(present_credit(row, uris_for(request)))
