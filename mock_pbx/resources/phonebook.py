"""/customers/{c}/phonebook: contacts (writing them: mock_pbx.api.phonebook)."""

from mock_pbx.models.phonebook import PhoneBookEntry, PhoneBookEntryPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.configuration import phonebook_rows
from mock_pbx.seeding.world import Seed

PHONEBOOK = Resource(
    name="phonebook",
    singular="phonebook entry",
    plural="phonebook entries",
    about=(
        "Contacts (`phonebookentry`): names, numbers and speed dials. The one fully writable "
        "collection: create, replace and delete."
    ),
    table=PhoneBookEntry,
    public=PhoneBookEntryPublic,
    links_key="phoneBook",
    seed=Seed(phonebook_rows, volume=30),
)
