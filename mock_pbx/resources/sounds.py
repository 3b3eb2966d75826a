"""/customers/{c}/sounds: prompts and music on hold."""

from typing import Annotated, Any

from mock_pbx.filters import choice_query, parse_choice
from mock_pbx.resources.base import (
    Collection,
    CustomerOwned,
    OwnedPublic,
    collection_router,
    present_plain,
)

SOUND_TYPES = ("prompt", "music")


class Sound(CustomerOwned, table=True):
    type: str  # prompt or music
    name: str
    size: int
    enabled: bool | None = None  # music only: whether it plays


class SoundPublic(OwnedPublic):
    type: str
    name: str
    size: int
    enabled: bool | None = None


async def sound_filters(
    type: Annotated[str | None, choice_query(SOUND_TYPES, "prompt or music")] = None,
) -> list[Any]:
    if type is None:
        return []
    return [Sound.type == parse_choice("type", type, SOUND_TYPES)]


SOUNDS = Collection(
    name="sounds",
    table=Sound,
    public=SoundPublic,
    present=present_plain("sounds", SoundPublic),
    order_by=(Sound.id,),
    filters=sound_filters,
    audio_size=lambda row: row.size,
)

router = collection_router(SOUNDS)
