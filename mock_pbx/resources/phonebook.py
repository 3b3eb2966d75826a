"""/customers/{c}/phonebook: contacts (writing them: mock_pbx.api.phonebook)."""

from mock_pbx.models.phonebook import PhoneBookEntry, PhoneBookEntryPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import phonebook_rows
from mock_pbx.seeding.world import Seed

PHONEBOOK = Resource(
    name="phonebook",
    table=PhoneBookEntry,
    public=PhoneBookEntryPublic,
    links_key="phoneBook",
    seed=Seed(phonebook_rows, volume=30),
)
