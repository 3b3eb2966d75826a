"""What an account is billed for, month by month, from the stored records: its calls' costs, its
outbound SMS' costs and its bundles' monthly prices (plus VAT at 20%). Past months are invoices;
the current month up to the emulator's clock is the estimate, so every call or SMS moves it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import extract, func, literal
from sqlmodel import Session, col, select

from mock_pbx.models.call import Call
from mock_pbx.models.callbundle import CallBundle
from mock_pbx.models.sms import SmsMessage

VAT_RATE = 0.2
Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class Usage:
    """One month's chargeable records of one kind: how many, how much used, what they cost."""

    count: int
    used: int
    cost: float


def month_of(moment: datetime) -> Month:
    return (moment.year, moment.month)


def month_start(month: Month) -> datetime:
    return datetime(month[0], month[1], 1, tzinfo=UTC)


def next_month(month: Month) -> Month:
    return (month[0] + month[1] // 12, month[1] % 12 + 1)


def monthly(session: Session, table: Any, used: Any, *where: Any) -> dict[Month, Usage]:
    """count, sum(used) and sum(cost) of the chargeable rows, by the month they were created."""
    created = table.created
    yyyymm = extract("year", created) * 100 + extract("month", created)  # one key: 202603
    statement = (
        select(yyyymm, func.count(), func.sum(used), func.sum(table.cost))
        .where(col(table.cost) > 0, *where)
        .group_by(yyyymm)
    )
    found = {}
    for key, count, total_used, cost in session.exec(statement):
        year, month = divmod(int(key), 100)
        found[(year, month)] = Usage(int(count), int(total_used or 0), float(cost or 0))
    return found


def calls_by_month(session: Session, customer_id: int, until: datetime) -> dict[Month, Usage]:
    where = (col(Call.customer_id) == customer_id, col(Call.created) <= until)
    return monthly(session, Call, Call.duration, *where)


def sms_by_month(session: Session, customer_id: int, until: datetime) -> dict[Month, Usage]:
    where = (
        col(SmsMessage.customer_id) == customer_id,
        col(SmsMessage.direction) == "out",
        col(SmsMessage.created) <= until,
    )
    return monthly(session, SmsMessage, literal(1), *where)  # used: one a message


def bundles_by_month(
    session: Session, customer_id: int, until: datetime
) -> dict[Month, list[CallBundle]]:
    """Each bundle is charged in the month its period starts (a handful of rows per account)."""
    statement = select(CallBundle).where(
        col(CallBundle.customer_id) == customer_id, col(CallBundle.valid_from) <= until
    )
    found: dict[Month, list[CallBundle]] = defaultdict(list)
    for bundle in session.exec(statement.order_by(col(CallBundle.id))):
        found[month_of(bundle.valid_from)].append(bundle)
    return found


def line(description: str, usage: Usage) -> dict[str, Any]:
    unit = round(usage.cost / usage.count, 4) if usage.count else 0.0
    return {
        "description": description,
        "unitPrice": unit,
        "quantity": usage.count,
        "lineTotal": round(usage.cost, 2),
        "usage": usage.used,
    }


def bundle_line(bundle: CallBundle) -> dict[str, Any]:
    price = float(bundle.price_monthly)
    return {
        "description": bundle.name,
        "unitPrice": price,
        "quantity": 1,
        "lineTotal": price,
        "usage": bundle.used_mins,
    }


def amounts(lines: list[dict[str, Any]]) -> dict[str, float]:
    net = round(sum(item["lineTotal"] for item in lines), 2)
    vat = round(net * VAT_RATE, 2)
    return {"netAmount": net, "vatAmount": vat, "total": round(net + vat, 2)}


@dataclass(frozen=True)
class Ledger:
    """An account's chargeable records up to a moment, by month."""

    calls: dict[Month, Usage]
    sms: dict[Month, Usage]
    bundles: dict[Month, list[CallBundle]]

    def months(self) -> list[Month]:
        """Every month with something to charge, newest first."""
        every = set(self.calls) | set(self.sms) | set(self.bundles)
        return sorted(every, reverse=True)

    def lines(self, month: Month) -> list[dict[str, Any]]:
        found = [line("Calls", self.calls[month])] if month in self.calls else []
        if month in self.sms:
            found.append(line("SMS", self.sms[month]))
        return found + [bundle_line(bundle) for bundle in self.bundles.get(month, [])]

    def bill(self, month: Month) -> dict[str, Any]:
        lines = self.lines(month)
        return {"lines": lines, **amounts(lines)}


def ledger(session: Session, customer_id: int, now: datetime) -> Ledger:
    until = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    return Ledger(
        calls_by_month(session, customer_id, until),
        sms_by_month(session, customer_id, until),
        bundles_by_month(session, customer_id, until),
    )


def invoice_date(month: Month) -> datetime:
    """An invoice is raised on the first day of the month after the one it bills."""
    return month_start(next_month(month))


def is_past(month: Month, now: datetime) -> bool:
    return month < month_of(now)
