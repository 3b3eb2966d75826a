"""Sounds: prompts and music on hold."""

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.models.recording import MAX_AUDIO_SIZE, MIN_AUDIO_SIZE

SOUND_TYPES = ("prompt", "music")


class SoundFields(BaseModel):
    type: str = Field(description="prompt (a greeting or announcement) or music (on hold)")
    name: str = Field(description="The sound's name, e.g. thank-you-for-calling")
    # Served as WAV of this size, as a recording is: at most the size of a 4-hour one.
    size: int = Field(
        ge=MIN_AUDIO_SIZE, le=MAX_AUDIO_SIZE, description="The size of its WAV file, in bytes"
    )
    enabled: bool | None = Field(None, description="music only: whether it plays")


class Sound(SoundFields, CustomerOwned, table=True):
    pass


class SoundPublic(SoundFields, OwnedPublic):
    pass
