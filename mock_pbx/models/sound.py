"""Sounds: prompts and music on hold."""

from pydantic import BaseModel

from mock_pbx.models.base import CustomerOwned, OwnedPublic

SOUND_TYPES = ("prompt", "music")


class SoundFields(BaseModel):
    type: str  # prompt or music
    name: str
    size: int
    enabled: bool | None = None  # music only: whether it plays


class Sound(SoundFields, CustomerOwned, table=True):
    pass


class SoundPublic(SoundFields, OwnedPublic):
    pass
