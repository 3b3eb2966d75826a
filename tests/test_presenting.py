"""Resource.present (wire/presenting.py: a field plan built from the public model) writes exactly
what pydantic writes from the public model, for every seeded row of every collection, whether
the row is an ORM object or the fast path's plain SQL row; and json_bytes encodes it as
Starlette would."""

from typing import Any

import pytest
from sqlmodel import col, select
from starlette.responses import JSONResponse

from mock_pbx.api.reading import row_type
from mock_pbx.api.responses import json_bytes
from mock_pbx.resources import RESOURCES
from mock_pbx.runtime.plainsql import sqlite_sql
from mock_pbx.wire.uris import Uris

URIS = Uris("http://pbx.test")


def by_pydantic(resource: Any, row: Any) -> dict[str, Any]:
    """The representation as pydantic makes it: the reference."""
    data = {
        **row.model_dump(),
        "id": str(row.id),
        "uri": URIS.item(row.customer_id, resource.name, row.id),
        "parent": URIS.customer(row.customer_id),
    }
    if resource.extra_fields is not None:
        data.update(resource.extra_fields(row, URIS))
    model = resource.public.model_validate(data)
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_every_row_is_written_as_pydantic_writes_it(app, resource):
    runtime = app.state.runtime
    with runtime.db.session() as session:
        rows = session.exec(select(resource.table).order_by(col(resource.table.id))).all()
        expected = [by_pydantic(resource, row) for row in rows]
        from_orm = [resource.present(row, URIS) for row in rows]
        connection = session.connection().connection.driver_connection
        columns = ", ".join(f'"{c}"' for c in resource.columns)
        sql = f'SELECT {columns} FROM "{resource.table.__tablename__}" ORDER BY id'
        plain = sqlite_sql(connection, {}).rows(sql, {}, row_type(resource)._make)
        from_sql = [resource.present(row, URIS) for row in plain]
    assert len(expected) > 0
    assert from_orm == expected
    assert from_sql == expected
    assert [list(item) for item in from_sql] == [list(item) for item in expected]  # key order


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_every_row_is_encoded_as_starlette_encodes_it(app, resource):
    """json_bytes (orjson) writes the bytes Starlette's JSONResponse would, for every seeded row;
    an integer past 64 bits (a page number) too."""
    with app.state.runtime.db.session() as session:
        rows = session.exec(select(resource.table)).all()
        items = [resource.present(row, URIS) for row in rows]
    starlette = JSONResponse(None)
    assert len(items) > 0
    for body in [*items, {"items": items, "page": 2**70}]:
        assert json_bytes(body) == starlette.render(body)
