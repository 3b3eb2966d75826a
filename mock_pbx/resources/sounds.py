"""/customers/{c}/sounds: prompts and music on hold (also served as WAV)."""

from typing import Annotated, Any

from mock_pbx.models.sound import SOUND_TYPES, Sound, SoundPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import choice_query, type_clause
from mock_pbx.seeding.configuration import sound_rows
from mock_pbx.seeding.world import Seed


async def sound_filters(
    type: Annotated[str | None, choice_query(SOUND_TYPES, "prompt or music")] = None,
) -> list[Any]:
    return type_clause(Sound, type, SOUND_TYPES)


SOUNDS = Resource(
    name="sounds",
    table=Sound,
    public=SoundPublic,
    links_key="sounds",
    filters=sound_filters,
    audio_size=lambda row: row.size,
    seed=Seed(sound_rows, volume=6),
)
