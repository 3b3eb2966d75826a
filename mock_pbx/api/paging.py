"""Running a list query a page at a time: the count and the page's rows, cheap at any depth."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session

from mock_pbx.wire.paging import PageParams


def run_page(
    session: Session, statement: Select[Any], params: PageParams
) -> tuple[int, Sequence[Any]]:
    """(total, rows of the page) of one list query."""
    # Core statements on the session's connection: the ORM's execution layer has nothing to add
    # to a select of plain columns, and costs a third of each query.
    connection = session.connection()
    total = connection.execute(count_of(statement)).scalar_one()
    rows: Sequence[Any] = []
    if params.offset < total:  # also keeps absurd page numbers away from SQL integer limits
        rows = connection.execute(page_of(statement, params)).all()
    return total, rows


def count_of(statement: Select[Any]) -> Select[Any]:
    """The list's size: its WHERE over its table, no ORDER BY or subquery (an index answers it)."""
    return statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)


def page_of(statement: Select[Any], params: PageParams) -> Select[Any]:
    """One page, ids first: the offset is skipped over an index (ids only), and only the page's
    rows are read from the table. A deep page costs about what the first does."""
    table = statement.columns_clause_froms[0]  # (get_final_froms compiles the statement)
    ids = statement.with_only_columns(table.c.id).offset(params.offset).limit(params.size)
    return statement.where(table.c.id.in_(ids.correlate(None).scalar_subquery()))
