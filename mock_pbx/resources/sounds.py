"""/customers/{c}/sounds: prompts and music on hold (also served as WAV)."""

from mock_pbx.models.sound import SOUND_TYPES, Sound, SoundPublic
from mock_pbx.resources.declaration import Resource
from mock_pbx.resources.queries import type_of
from mock_pbx.seeding.configuration import sound_rows
from mock_pbx.seeding.world import Seed

SOUNDS = Resource(
    name="sounds",
    singular="sound",
    plural="sounds",
    about=(
        "Prompts and music on hold (`prompt`, `music`); each is also served as WAV (`Accept: "
        "audio/wav` or a `.wav` suffix)."
    ),
    table=Sound,
    public=SoundPublic,
    links_key="sounds",
    filters=(type_of(SOUND_TYPES, "prompt or music"),),
    audio_size=lambda row: row.size,
    seed=Seed(sound_rows, volume=6),
)
