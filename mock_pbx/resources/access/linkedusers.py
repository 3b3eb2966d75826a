"""/customers/{c}/linkedusers: the account's web users (`me` and deleting: api/identities)."""

from mock_pbx.models.access.linkeduser import LinkedUser, LinkedUserPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.seeding.identities import linkeduser_rows
from mock_pbx.seeding.world import Seed

LINKEDUSERS = Resource(
    name="linkedusers",
    singular="linked user",
    plural="linked users",
    about=(
        "The web users who may use the account (`linkeduser`): one for each of the emulator's "
        "logins that sees it, and other staff; `me` is the caller's own. DELETE unlinks one, "
        "`?removeUser=true` also removes its login."
    ),
    table=LinkedUser,
    public=LinkedUserPublic,
    links_key="linkedUsers",
    seed=Seed(linkeduser_rows, volume=6, needs=("endpoints",)),
)
