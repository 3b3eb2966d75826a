"""GET /customers/{c}/billing, /billing/invoices[/{id}], /billing/estimate and
/billing/paymentmethods: what the account pays, computed from its stored calls, SMS and bundles
(ledger.py) with the emulator's clock; the card on file is derived from the seed."""

import hashlib
import random
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mock_pbx.api.account import ledger, store
from mock_pbx.api.auth import CustomerIdDep
from mock_pbx.api.dependencies import PageDep, RuntimeDep, SessionDep
from mock_pbx.api.responses import CLOCKED, dump, json_response
from mock_pbx.models.account.billing import (
    BillingAccountPublic,
    InvoicePublic,
    PaymentMethodPublic,
)
from mock_pbx.runtime.runtime import Runtime
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.paging import Page, in_memory
from mock_pbx.wire.uris import uris_for

router = APIRouter(tags=["account"])
BILLING = "/customers/{customerId}/billing"
CARD_BRANDS = ("Visa", "Mastercard", "American Express")


def billing_url(request: Request, customer_id: int) -> str:
    return uris_for(request).collection(customer_id, "billing")


def envelope_of(request: Request, customer_id: int, uri: str) -> dict[str, Any]:
    return {"uri": uri, "parent": uris_for(request).customer(customer_id)}


@router.get(
    BILLING,
    name="billing:get",
    operation_id="getBilling",
    summary="Get an account's billing account",
    responses={200: {"model": BillingAccountPublic}},
)
async def get_billing(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, runtime: RuntimeDep
) -> JSONResponse:
    """How the account is billed (monthly, in GBP, by card), its feature prices (those of
    /pricing) and links to its invoices, payment methods and the month's estimate."""
    url = billing_url(request, customer_id)
    month = ledger.month_of(runtime.clock.now())
    body = {
        "id": str(customer_id),
        **envelope_of(request, customer_id, url),
        "paymentsEnabled": True,
        "providersEnabled": ["stripe"],
        "testAccount": False,
        "upgradeAllowed": True,
        "downgradeAllowed": True,
        "paymentMethodRequired": True,
        "currency": "GBP",
        "frequency": "MONTHLY",
        "nextBillingDate": ledger.invoice_date(month),
        "featurePricing": store.current(session, runtime.settings, customer_id, "pricing"),
        "links": {
            "invoices": f"{url}/invoices",
            "paymentMethods": f"{url}/paymentmethods",
            "estimate": f"{url}/estimate",
        },
    }
    answer = dump(BillingAccountPublic.model_validate(body))
    return json_response(answer, headers=CLOCKED)


def token_of(runtime: Runtime, customer_id: int, month: ledger.Month) -> str:
    seed = f"{runtime.settings.seed}:{customer_id}:{month[0]}{month[1]:02d}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def invoice_body(
    request: Request, runtime: Runtime, customer_id: int, books: ledger.Ledger, month: ledger.Month
) -> dict[str, Any]:
    invoice_id = f"{month[0]}{month[1]:02d}"
    uri = f"{billing_url(request, customer_id)}/invoices/{invoice_id}"
    body = {
        "id": invoice_id,
        **envelope_of(request, customer_id, uri),
        "ref": f"INV-{customer_id}-{invoice_id}",
        "token": token_of(runtime, customer_id, month),
        "date": ledger.invoice_date(month),
        "currency": "GBP",
        **books.bill(month),
        "credit": 0.0,
        "balance": 0.0,  # paid by card when raised
    }
    return dump(InvoicePublic.model_validate(body))


def past_months(books: ledger.Ledger, runtime: Runtime) -> list[ledger.Month]:
    now = runtime.clock.now()
    return [month for month in books.months() if ledger.is_past(month, now)]


@router.get(
    BILLING + "/invoices",
    name="invoices:list",
    operation_id="listInvoices",
    summary="List an account's invoices",
    responses={200: {"model": Page[InvoicePublic]}},
)
async def list_invoices(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    paging: PageDep,
) -> JSONResponse:
    """One invoice for each past month the account had calls, SMS or bundles, newest first."""
    books = ledger.ledger(session, customer_id, runtime.clock.now())
    months = past_months(books, runtime)
    url = f"{billing_url(request, customer_id)}/invoices"
    body = in_memory(
        request,
        url,
        paging,
        months,
        lambda month: invoice_body(request, runtime, customer_id, books, month),
    )
    return json_response(body, headers=CLOCKED)


@router.get(
    BILLING + "/invoices/{invoiceId}",
    name="invoices:get",
    operation_id="getInvoice",
    summary="Get one of an account's invoices",
    responses={200: {"model": InvoicePublic}},
)
async def get_invoice(
    request: Request,
    customer_id: CustomerIdDep,
    session: SessionDep,
    runtime: RuntimeDep,
    invoiceId: str,
) -> JSONResponse:
    """One invoice, by its id (the year and month it bills: 202603)."""
    books = ledger.ledger(session, customer_id, runtime.clock.now())
    found = [m for m in past_months(books, runtime) if f"{m[0]}{m[1]:02d}" == invoiceId]
    if not found:
        raise NotFound("No such invoice")
    body = invoice_body(request, runtime, customer_id, books, found[0])
    return json_response(body, headers=CLOCKED)


@router.get(
    BILLING + "/estimate",
    name="billing:estimate",
    operation_id="getBillingEstimate",
    summary="Get the estimate of an account's bill for this month",
    responses={200: {"model": InvoicePublic}},
)
async def get_estimate(
    request: Request, customer_id: CustomerIdDep, session: SessionDep, runtime: RuntimeDep
) -> JSONResponse:
    """The invoice the month so far would make (on the emulator's clock): it grows with every
    chargeable call and SMS."""
    now = runtime.clock.now()
    books = ledger.ledger(session, customer_id, now)
    uri = f"{billing_url(request, customer_id)}/estimate"
    body = {
        "id": f"E{customer_id}",
        **envelope_of(request, customer_id, uri),
        "ref": f"EST-{customer_id}",
        "token": token_of(runtime, customer_id, ledger.month_of(now)),
        "date": now,
        "currency": "GBP",
        **books.bill(ledger.month_of(now)),
        "credit": 0.0,
    }
    body["balance"] = body["total"]
    answer = dump(InvoicePublic.model_validate(body))
    return json_response(answer, headers=CLOCKED)


def card(runtime: Runtime, request: Request, customer_id: int) -> dict[str, Any]:
    rng = random.Random(f"{runtime.settings.seed}:{customer_id}:card")
    uri = f"{billing_url(request, customer_id)}/paymentmethods/1"
    body = {
        "id": "1",
        **envelope_of(request, customer_id, uri),
        "brand": rng.choice(CARD_BRANDS),
        "last4": f"{rng.randrange(10000):04d}",
        "expMonth": rng.randint(1, 12),
        "expYear": runtime.clock.now().year + rng.randint(1, 4),
        "default": True,
    }
    return dump(PaymentMethodPublic.model_validate(body))


@router.get(
    BILLING + "/paymentmethods",
    name="paymentmethods:list",
    operation_id="listPaymentMethods",
    summary="List an account's payment methods",
    responses={200: {"model": Page[PaymentMethodPublic]}},
)
async def list_payment_methods(
    request: Request, customer_id: CustomerIdDep, runtime: RuntimeDep, paging: PageDep
) -> JSONResponse:
    """The cards invoices are charged to: one, held by Stripe (derived from the seed)."""
    items = [card(runtime, request, customer_id)]
    url = f"{billing_url(request, customer_id)}/paymentmethods"
    return json_response(in_memory(request, url, paging, items))


@router.get(
    BILLING + "/paymentmethods/{methodId}",
    name="paymentmethods:get",
    operation_id="getPaymentMethod",
    summary="Get one of an account's payment methods",
    responses={200: {"model": PaymentMethodPublic}},
)
async def get_payment_method(
    request: Request, customer_id: CustomerIdDep, runtime: RuntimeDep, methodId: str
) -> JSONResponse:
    """One card on file, by its id in the list."""
    if methodId != "1":
        raise NotFound("No such payment method")
    return json_response(card(runtime, request, customer_id))
