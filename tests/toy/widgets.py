"""A toy resource, declared the way the README's "Adding a resource" says: a field base shared by
its table and its public model, one Resource declaration with a Seed, and a fixture file. Run as
a script (tests/test_resource_declaration.py does), it serves an app with it and prints what the
API shows of it as JSON: a table defined here joins SQLModel's metadata for good, so it lives in
a process of its own, not in the test workers."""

import json
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from mock_pbx import create_app
from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.resources import RESOURCES, Resource
from mock_pbx.seeding.world import CustomerWorld, Rows, Seed
from mock_pbx.settings import Settings


class WidgetFields(BaseModel):
    name: str
    colour: str


class Widget(WidgetFields, CustomerOwned, table=True):
    pass


class WidgetPublic(WidgetFields, OwnedPublic):
    type: str = "widget"


def widget_rows(world: CustomerWorld, volume: int) -> Rows:
    fake = world.fake("widgets")
    missing = world.missing(volume, len(world.existing(Widget)))
    return [
        {"name": fake.word(), "colour": fake.color_name(), "created": world.when(fake.random)}
        for _ in range(missing)
    ]


WIDGETS = Resource(
    name="widgets",
    table=Widget,
    public=WidgetPublic,
    links_key="widgets",
    seed=Seed(widget_rows, volume=3),
    fixture_file=Path(__file__).with_name("widgets.json"),
)


def observe() -> dict[str, Any]:
    settings = Settings(database_url="sqlite://", seed_cache="off")
    app = create_app(settings, resources=(*RESOURCES, WIDGETS))
    client = TestClient(app, base_url="http://testserver/api/v1")
    client.auth = ("reseller", "reseller")
    scenario = {"records": {"widgets": [{"id": 950, "name": "sprocket", "colour": "red"}]}}
    return {
        "list": client.get("/customers/25/widgets").json(),
        "other customer": client.get("/customers/26/widgets").json(),
        "one": client.get("/customers/25/widgets/900").json(),
        "links": client.get("/customers/25").json()["links"],
        "paths": list(app.openapi()["paths"]),
        "schemas": list(app.openapi()["components"]["schemas"]),
        "scenario": TestClient(app).post("/_admin/scenarios", json=scenario).json(),
        "after scenario": client.get("/customers/25/widgets/950").json(),
    }


if __name__ == "__main__":
    json.dump(observe(), sys.stdout)
