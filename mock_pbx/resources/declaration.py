"""Resource: the one declaration of a customer-scoped collection. From it follow its list and get
routes (mock_pbx.api.collections), its representation, its key in a customer's `links`, its
fixture file, its generated records (mock_pbx.seeding) and its name in scenarios."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Row
from sqlmodel import Session

from mock_pbx.models.base import CustomerOwned, OwnedPublic, table_of
from mock_pbx.resources.queries import Filter
from mock_pbx.seeding.fixtures import FIXTURES_DIR
from mock_pbx.seeding.world import Seed
from mock_pbx.wire.errors import NotFound
from mock_pbx.wire.presenting import Present, presenter
from mock_pbx.wire.uris import Uris, is_id

Table = TypeVar("Table", bound=CustomerOwned)
ExtraFields = Callable[[Any, Uris], dict[str, Any]]  # (a table row or a list's plain row, uris)


def row_fields(row: Any) -> dict[str, Any]:
    """A row's columns by name, from a list's plain row or a single item's ORM object alike."""
    return row._asdict() if isinstance(row, Row) else row.model_dump()


@dataclass(frozen=True, eq=False)
class Resource(Generic[Table]):
    """One collection under /customers/{c}/{name}: its table and public model (which share their
    fields: see mock_pbx.models.base), and how it is listed, linked, aliased and seeded."""

    name: str  # the URL segment; also the fixture file's name and the key in scenarios
    table: type[Table]
    public: type[OwnedPublic]
    links_key: str  # its key in a customer's `links`
    # Fields of the public model that are not columns (URIs of related records, links).
    extra_fields: ExtraFields | None = None
    order_by: Sequence[str] = ("id",)  # columns; "-id" is by id, descending
    filters: Sequence[Filter] = ()  # the list's query parameters (resources/queries.py)
    audio_size: Callable[[Any], int] | None = None  # rows served as WAV on Accept: audio/wav
    aliases: tuple[str, ...] = ()  # other URL segments the spec uses for it (see api.collections)
    seed: Seed | None = None
    fixture_file: Path | None = None  # default: fixtures/{name}.json, if it exists
    tags: Sequence[str] = field(default_factory=tuple)  # OpenAPI tags; default: the name
    # In words, for the OpenAPI document's summaries and operation ids ("phonebook entry" ->
    # listPhonebookEntries, getPhonebookEntry); default: the name.
    singular: str = ""
    plural: str = ""
    about: str = ""  # what the collection is: its tag's description in the OpenAPI document

    def noun(self, many: bool) -> str:
        return (self.plural if many else self.singular) or self.name

    def operation_id(self, verb: str, many: bool, suffix: str = "") -> str:
        """listPhonebookEntries, getPhonebookEntry: the verb, then each word capitalised."""
        words = self.noun(many).split()
        return verb + "".join(word[:1].upper() + word[1:].lower() for word in words) + suffix

    @property
    def fixture(self) -> Path | None:
        return self.fixture_file or FIXTURES_DIR / f"{self.name}.json"

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in table_of(self.table).columns)

    def find(self, session: Session, customer_id: int, item_id: str) -> Table:
        """The customer's row with this id, or 404 (another customer's rows do not exist here)."""
        if not is_id(item_id):
            raise NotFound()
        row = session.get(self.table, int(item_id))
        if row is None or row.customer_id != customer_id:
            raise NotFound()
        return row

    @cached_property
    def present(self) -> Present:
        """row, uris -> the row as the API shows it: its columns, id, uri and parent, and any
        extra fields, as the public model has them (resources/presenting.py)."""
        return presenter(self.public, set(self.columns), self.name, self.extra_fields)
